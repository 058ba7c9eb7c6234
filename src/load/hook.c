/*
 * hook.c - `ocop hook install`: writes the pre-commit hook into the
 * repository's hooks folder (core.hooksPath when set).  The script runs
 * this very binary, by absolute path, as `ocop -C <catalog folder>
 * check --staged`, the folder relative to the top of the work tree,
 * where git runs hooks.  A hook is replaced only when it carries our
 * marker line, or with --force: a hook someone wrote is never
 * overwritten unasked.  It is written to a temporary file and renamed,
 * so a failed install leaves the old hook whole.  No build runs here:
 * errors go straight to stderr, in the language asked for.
 */
#include "hook.h"

#include <errno.h>
#include <fcntl.h>
#include <git2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../util/file.h"
#include "../util/sbuf.h"
#include "../util/xalloc.h"
#include "../util/banned.h"

/* The line that marks a hook as ours, so reinstalling may replace it. */
static const char marker[] = "# installed by 'ocop hook install'";

/* The hooks folder: core.hooksPath when set (relative to the work
 * tree), else hooks/ in the repository's common folder. */
static char *
hooks_dir(git_repository *repo)
{
	git_config *cfg = NULL;
	git_buf value = { 0 };
	char *dir = NULL;
	if (git_repository_config_snapshot(&cfg, repo) == 0 &&
	    git_config_get_string_buf(&value, cfg, "core.hooksPath") == 0 &&
	    value.size) {
		const char *wd = git_repository_workdir(repo);
		struct sbuf sb = SBUF_INIT;
		if (value.ptr[0] != '/' && wd)
			sbuf_puts(&sb, wd);
		sbuf_puts(&sb, value.ptr);
		dir = sbuf_detach(&sb, NULL);
	} else {
		struct sbuf sb = SBUF_INIT;
		sbuf_putf(&sb, "%shooks", git_repository_commondir(repo));
		dir = sbuf_detach(&sb, NULL);
	}
	git_buf_dispose(&value);
	git_config_free(cfg);
	return dir;
}

/* The catalog folder relative to the work tree ("." at its top). */
static char *
catalog_path(git_repository *repo)
{
	const char *wd = git_repository_workdir(repo);
	char *here = realpath(".", NULL), *top = wd ? realpath(wd, NULL) : NULL;
	char *rel = NULL;
	if (here && top) {
		size_t n = strlen(top);
		if (!strncmp(here, top, n) && here[n] == '/')
			rel = xstrdup(here + n + 1);
		else if (!strcmp(here, top))
			rel = xstrdup(".");
	}
	free(here);
	free(top);
	return rel;
}

/* Single quotes for sh, so any folder name is safe in the script. */
static void
put_quoted(struct sbuf *sb, const char *s)
{
	sbuf_putc(sb, '\'');
	for (; *s; s++) {
		if (*s == '\'')
			sbuf_puts(sb, "'\\''");
		else
			sbuf_putc(sb, *s);
	}
	sbuf_putc(sb, '\'');
}

/* Makes dir and the folders above it that are missing, as mkdir -p:
 * core.hooksPath may name a folder deep in a tree that does not exist
 * yet.  A failure shows when the hook is written. */
static void
make_folders(char *dir)
{
	for (char *s = strchr(dir + 1, '/'); s; s = strchr(s + 1, '/')) {
		*s = '\0';
		mkdir(dir, 0755);
		*s = '/';
	}
	mkdir(dir, 0755);
}

enum exit_status
hook_install(bool force, const struct msg_lang *lang)
{
	git_repository *repo = NULL;
	char *dir = NULL, *rel = NULL, *exe = NULL;
	struct sbuf path = SBUF_INIT, text = SBUF_INIT;
	enum exit_status status = EXIT_SYSTEM;

	if (git_repository_open_ext(&repo, ".", 0, NULL) < 0) {
		diag_say(stderr, lang, "ocop: not a git repository: no hook to install");
		goto out;
	}
	if (git_repository_is_bare(repo) || !(rel = catalog_path(repo))) {
		diag_say(stderr, lang, "ocop: the repository has no working folder");
		goto out;
	}
	dir = hooks_dir(repo);
	make_folders(dir);
	sbuf_putf(&path, "%s/pre-commit", dir);

	FILE *old = fopen(path.data, "r");
	if (old) {
		char line[256];
		bool ours = false;
		while (!ours && fgets(line, sizeof(line), old))
			ours = !strncmp(line, marker, sizeof(marker) - 1);
		fclose(old);
		if (!ours && !force) {
			diag_say(stderr, lang, "ocop: a pre-commit hook that ocop did not write is there; kept it (use --force to replace it): %s",
				 path.data);
			goto out;
		}
	}
	/* the binary running now: the hook keeps working from any folder */
	exe = realpath("/proc/self/exe", NULL);
	sbuf_puts(&text, "#!/bin/sh\n");
	sbuf_puts(&text, marker);
	sbuf_puts(&text, "\n# Checks what is about to be committed; a commit with an"
		  " error is stopped.\n# Skip once with: git commit --no-verify\n");
	sbuf_puts(&text, "OCOP=");
	put_quoted(&text, exe ? exe : "ocop");
	sbuf_puts(&text, "\ncommand -v \"$OCOP\" >/dev/null 2>&1 || OCOP=ocop\n");
	sbuf_puts(&text, "exec \"$OCOP\" -C ");
	put_quoted(&text, rel);
	sbuf_puts(&text, " check --staged\n");
	struct file_how how = { .mode = 0755, .durable = true };
	int e = file_replace(path.data, sbuf_span(&text), &how, NULL);
	if (e) {
		diag_say(stderr, lang, "ocop: cannot write the hook: %s",
			 strerror(e));
		goto out;
	}
	diag_say(stdout, lang, "ocop: installed %s: every commit now runs 'ocop check --staged'",
		 path.data);
	status = EXIT_OK;
out:
	free(exe);
	free(dir);
	free(rel);
	sbuf_release(&path);
	sbuf_release(&text);
	git_repository_free(repo);
	return status;
}
