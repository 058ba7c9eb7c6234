/*
 * jsonout.h - what the writers of JSON files (data.c, embed.c) share
 * over json-c: a field the entry does not give is left out (never
 * null), dates are "YYYY-MM-DD", and text is written compact with '/'
 * as it is.
 */
#ifndef OCOP_JSONOUT_H
#define OCOP_JSONOUT_H

#include <stddef.h>

#include <json-c/json.h>

#include "../model/date.h"
#include "../util/sbuf.h"

/* o[key] = s, unless s is NULL or empty. */
void jsonout_str(struct json_object *o, const char *key, const char *s);
/* o[key] = d as "YYYY-MM-DD", unless d is not set (year 0). */
void jsonout_date(struct json_object *o, const char *key, const struct date *d);
/* The text of o, owned by o; its length in *len. */
const char *jsonout_text(struct json_object *o, size_t *len);

/* Appends the text of o, and frees o. */
void jsonout_put(struct sbuf *out, struct json_object *o);

/* Appends the text of object o without its closing brace, so that
 * members can follow, and frees o. */
void jsonout_open(struct sbuf *out, struct json_object *o);

#endif
