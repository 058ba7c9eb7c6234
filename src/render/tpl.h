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

/*
 * Pieces: a partial rendered once for one value and pasted wherever a
 * page renders that partial with that value innermost.  A product card
 * appears on about ten list pages of its language; as a piece it is
 * rendered once.
 *
 * tpl_piece_render() renders partial `name` with item innermost and
 * outer around it.  Whatever the partial takes from outside item is
 * recorded: a value it prints stays a hole, looked up and printed again
 * at each paste; a value it tests (a section, an inverted section, a
 * dynamic partial's name) or finds missing is a condition.  A paste
 * happens only where every condition holds in the page's own context,
 * no indentation applies, no parent's override could reach a block of
 * the partial and no limit could be hit; anywhere else the partial is
 * rendered as usual.  So a page is byte for byte what it would be
 * without pieces, whatever the theme's templates say.
 *
 * Returns NULL when the partial is unknown, broken or fails to render
 * (the page render then reports it).  The piece lives in a.
 */
struct tpl_piece;
struct tpl_pieces;

struct tpl_piece *tpl_piece_render(struct tpl_env *env, const char *name,
				   const struct val *outer,
				   const struct val *item, struct arena *a);

/* A set of pieces, found by partial and item.  Add before rendering
 * (not thread-safe); rendering only reads it. */
struct tpl_pieces *tpl_pieces_new(void);
void tpl_pieces_add(struct tpl_pieces *ps, const struct tpl_piece *p);
size_t tpl_pieces_count(const struct tpl_pieces *ps);
void tpl_pieces_free(struct tpl_pieces *ps);

/* tpl_render_into() that pastes pieces (ps may be NULL), adding the
 * number pasted to *pasted when pasted is not NULL. */
int tpl_render_pieces(struct tpl_env *env, const char *name,
		      const struct val *ctx, const struct tpl_pieces *ps,
		      size_t *pasted, struct sbuf *out, struct diag_list *dl);

#endif
