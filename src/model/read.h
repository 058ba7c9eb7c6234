/*
 * read.h - typed reading of front-matter fields, shared by site.yaml and
 * every entry kind.  Each function looks a key up in a mapping node,
 * checks its type and files an error at the value's position when it is
 * wrong, or at the mapping when a required key is missing.  Strings are
 * copied by fm already (arena), so results are borrowed from the tree.
 *
 * All functions return true when a usable value was read into *out;
 * false when the key is absent (no diag unless required) or invalid
 * (diag filed).
 */
#ifndef OCOP_READ_H
#define OCOP_READ_H

#include <stdbool.h>

#include "../parse/fm.h"
#include "../parse/url.h"
#include "../util/arena.h"
#include "../util/diag.h"
#include "model.h"

struct reader {
	struct arena *a;
	struct diag_list *dl;
	bool site_yaml;         /* reading site.yaml, which has no drafts
				   to suggest */
	bool draft;             /* reading a draft, which is not checked:
				   placeholders are left alone */
};

/* Text: any non-null scalar.  A placeholder (read_is_placeholder) is
 * an error in a required field and a warning in an optional one, and
 * either way no value: *out is left as it was. */
bool read_text(struct reader *r, const struct fm_node *m, const char *key,
	       bool required, const char **out);
/* A whole number written as a plain scalar. */
bool read_long(struct reader *r, const struct fm_node *m, const char *key,
	       bool required, long *out);
bool read_bool(struct reader *r, const struct fm_node *m, const char *key,
	       bool *out);
/* A real number (geo coordinates). */
bool read_double(struct reader *r, const struct fm_node *m, const char *key,
		 bool required, double *out);
/* A day written YYYY-MM-DD (date_parse); a placeholder as for text. */
bool read_date(struct reader *r, const struct fm_node *m, const char *key,
	       bool required, struct date *out);
/* A list of text; a single scalar is accepted as a one-item list.  An
 * item that is a placeholder is warned about and left out. */
bool read_strlist(struct reader *r, const struct fm_node *m, const char *key,
		  struct strlist *out, struct pos **pos_out);
/* A list of codes (ISO 3166, language codes, host names or "*"), as
 * read_strlist but with no placeholder check: "NA" is Namibia. */
bool read_codelist(struct reader *r, const struct fm_node *m, const char *key,
		   struct strlist *out, struct pos **pos_out);
/* A nested mapping. */
bool read_map(struct reader *r, const struct fm_node *m, const char *key,
	      bool required, const struct fm_node **out);
/* A slug-valued enum: out is the index in names[0..n), or an error
 * listing the accepted values. */
bool read_enum(struct reader *r, const struct fm_node *m, const char *key,
	       bool required, const char *const *names, size_t n, int *out);
/* The location block shared by products, producers and points of sale. */
bool read_location(struct reader *r, const struct fm_node *m, const char *key,
		   struct location *out);
/* Warns about keys of m not in known (NULL-terminated), suggesting the
 * closest known key. */
void read_warn_unknown(struct reader *r, const struct fm_node *m,
		       const char *const *known);

/*
 * Checks text, a web address read from a field whose value is at at,
 * with url_parse() and the schemes the field takes (enum
 * url_scheme_flags).  Returns URL_OK with *out filled (its href is what
 * to publish), or the error.  Every error has its diag filed here,
 * with a hint, except URL_SCHEME and URL_RELATIVE: for those the caller
 * says which schemes its field takes, in its own words.
 */
enum url_error read_url(struct reader *r, struct pos at, const char *text,
			unsigned schemes, struct url *out);

/* Position of the value under key, or of the map itself. */
struct pos read_pos(const struct fm_node *m, const char *key);

/*
 * True when s is a placeholder that a source put where it lacked the
 * value: "N/A", "chưa rõ", "TBD", "...", "0", "xxx"… (the list is in
 * read.c and docs/content.md).  Compared without case or marks, and
 * with the spaces and punctuation around and between its words
 * ignored; a value with any other word or number is never one.
 */
bool read_is_placeholder(const char *s);

/* True when s is a valid slug: [a-z0-9] runs joined by single '-', 1-80. */
bool read_is_slug(const char *s);

/* Edit distance between a and b (99 when either is over 80 bytes). */
size_t read_distance(const char *a, const char *b);
/* Edit distance between a and b, of any length, or limit + 1 when it is
 * more than limit (found without filling the whole table). */
size_t read_distance_within(const char *a, const char *b, size_t limit);
/* Borrowed: the first of names[0..n) fewest edits away from s, when at
 * most max edits away; else NULL.  For "did you mean" hints. */
const char *read_closest(const char *s, const char *const *names, size_t n,
			 size_t max);

#endif
