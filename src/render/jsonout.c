/*
 * jsonout.c - see jsonout.h.
 */
#include "jsonout.h"

#include <assert.h>

#include "../util/banned.h"

void
jsonout_str(struct json_object *o, const char *key, const char *s)
{
	if (s && *s)
		json_object_object_add(o, key, json_object_new_string(s));
}

void
jsonout_date(struct json_object *o, const char *key, const struct date *d)
{
	if (!d->y)
		return;
	char iso[11];
	date_iso(d, iso);
	json_object_object_add(o, key, json_object_new_string(iso));
}

const char *
jsonout_text(struct json_object *o, size_t *len)
{
	return json_object_to_json_string_length(o, JSON_C_TO_STRING_PLAIN |
		JSON_C_TO_STRING_NOSLASHESCAPE, len);
}

void
jsonout_put(struct sbuf *out, struct json_object *o)
{
	size_t len;
	const char *text = jsonout_text(o, &len);
	sbuf_put(out, text, len);
	json_object_put(o);
}

void
jsonout_open(struct sbuf *out, struct json_object *o)
{
	size_t len;
	const char *text = jsonout_text(o, &len);
	assert(len && text[len - 1] == '}');
	sbuf_put(out, text, len - 1);
	json_object_put(o);
}
