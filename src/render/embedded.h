/*
 * embedded.h - files compiled into the binary by tools/embed.c: the
 * default theme (build/gen/theme_default.c), so that ocop works in a
 * catalog repository that has no themes/ folder, and the JSON Schemas
 * of the open data (schema/, build/gen/data_schema.c), which are part
 * of the tool's contract and no theme's to change, as is embed.js, the
 * script host pages load to embed views (js/, build/gen/embed_script.c;
 * embed.h).  Paths are relative
 * to their folder and sorted bytewise.
 */
#ifndef OCOP_EMBEDDED_H
#define OCOP_EMBEDDED_H

#include <stddef.h>

struct embedded_file {
	const char *path;
	const unsigned char *data;   /* NUL-terminated; len excludes the NUL */
	size_t len;
};

extern const struct embedded_file theme_default_files[];
extern const size_t theme_default_count;
extern const struct embedded_file data_schema_files[];
extern const size_t data_schema_count;
extern const struct embedded_file embed_script_files[];
extern const size_t embed_script_count;

#endif
