/*
 * hook.c - `ocop hook install`: the git pre-commit hook that runs
 * `ocop check --staged` (load/hook.h does the work).
 */
#include "cmd.h"

#include "../load/hook.h"
#include "../util/banned.h"

enum exit_status
cmd_hook(const struct cmd_options *o)
{
	return hook_install(o->force, cmd_lang(o));
}
