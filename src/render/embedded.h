/*
 * embedded.h - the default theme, compiled into the binary by
 * tools/embed.c (build/gen/theme_default.c) so that ocop works in a
 * catalog repository that has no themes/ folder.  Paths are relative to
 * themes/default/ and sorted bytewise.
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

#endif
