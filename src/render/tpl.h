/*
 * tpl.h - Mustache templates.
 *
 * Implements the Mustache specification (all core files: interpolation,
 * sections, inverted, partials, delimiters, comments; plus ~inheritance
 * for layouts and ~dynamic-names).  Variables are HTML-escaped by
 * default; {{{x}}} and {{&x}} are not.  Data is a tree of struct val.
 *
 * A tpl_env is a set of named templates.  It asks its loader for a
 * template's source the first time the name is used (as a page template,
 * partial or parent) and keeps the parsed tree in its own arena for the
 * env's lifetime.  A name the loader does not know renders as nothing
 * when used as a partial (as the spec requires) and is an error when
 * rendered directly.  Parse errors are filed as diags naming the
 * template's path, line and column, and make tpl_render fail.
 *
 * Rendering is bounded: partials and parents nest at most 100 deep, all
 * levels together 1000 deep, and one render visits at most 50 million
 * nodes and appends at most 64 MiB (plus one node's output); past a limit
 * the render stops with a diag at the offending tag.
 * When a render fails, out may hold part of the page.
 */
#ifndef OCOP_TPL_H
#define OCOP_TPL_H

#include "../util/diag.h"
#include "../util/sbuf.h"
#include "../util/span.h"
#include "val.h"

struct tpl_env;

/*
 * Looks up template `name`.  Returns 0 and sets *src (bytes, must stay
 * valid for the env's lifetime) and *path (for diags, same lifetime) when
 * found, or -1 when there is no such template.
 */
typedef int (*tpl_load_fn)(void *payload, const char *name,
			   struct span *src, const char **path);

/* Caller frees with tpl_env_free(). diags are filed into dl (borrowed). */
struct tpl_env *tpl_env_new(tpl_load_fn load, void *payload,
			    struct diag_list *dl);
void tpl_env_free(struct tpl_env *env);

/* Renders template `name` with ctx as the root context, appending to out.
 * Returns 0, or -1 after filing a diag (unknown template, parse error). */
int tpl_render(struct tpl_env *env, const char *name, const struct val *ctx,
	       struct sbuf *out);

/* The same, filing render-time problems (unknown template, limits) into
 * dl instead of the env's list.  After tpl_freeze(), threads may call
 * it at once on one env, each with its own out and dl. */
int tpl_render_into(struct tpl_env *env, const char *name,
		    const struct val *ctx, struct sbuf *out,
		    struct diag_list *dl);

/* Ends loading: from now on a name the env has not loaded yet is a
 * missing template, and rendering only reads the env, so that several
 * threads may render with it.  Call after every template was compiled
 * (theme_check()). */
void tpl_freeze(struct tpl_env *env);

/* Loads and parses template `name` without rendering it, so a check
 * finds syntax errors in templates no page has used yet.  Returns 0, or
 * -1 after filing a diag. */
int tpl_compile(struct tpl_env *env, const char *name);

/* Renders source text given directly (partials still come from the
 * loader).  path names it in diags. */
int tpl_render_text(struct tpl_env *env, struct span text, const char *path,
		    const struct val *ctx, struct sbuf *out);

#endif
