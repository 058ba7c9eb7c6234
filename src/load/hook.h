/*
 * hook.h - `ocop hook install`: a git pre-commit hook in the catalog's
 * repository that runs `ocop check --staged`, so a commit with an error
 * in it is stopped before it is made, with the same messages as check.
 */
#ifndef OCOP_HOOK_H
#define OCOP_HOOK_H

#include <stdbool.h>

#include "../util/diag.h"
#include "../util/exit.h"

/*
 * Installs the hook for the catalog in the current folder.  An existing
 * pre-commit hook that ocop did not write is kept unless force is set.
 * Returns EXIT_OK when installed, else EXIT_SYSTEM (message printed in
 * lang).
 */
enum exit_status hook_install(bool force, const struct msg_lang *lang);

#endif
