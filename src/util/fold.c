#include "fold.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "sbuf.h"
#include "utf8.h"
#include "banned.h"

/* Appends s without marks and in lowercase ASCII where the base letter
 * is ASCII; other letters are kept as UTF-8 (lowercased).  đ and Đ have
 * no decomposition, so they are mapped by hand. */
static void
fold(struct sbuf *out, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t len = strlen(s), i = 0;
	while (i < len) {
		uint32_t cp;
		int n = utf8_next(p + i, len - i, &cp);
		if (n < 0) {
			i++;
			continue;
		}
		i += (size_t)n;
		if (cp == 0x0110 || cp == 0x0111) {
			sbuf_putc(out, 'd');
			continue;
		}
		utf8proc_int32_t buf[8];
		utf8proc_ssize_t m = utf8proc_decompose_char(
			(utf8proc_int32_t)cp, buf, 8, UTF8PROC_DECOMPOSE | UTF8PROC_STRIPMARK |
			UTF8PROC_CASEFOLD, NULL);
		for (utf8proc_ssize_t k = 0; k < m && k < 8; k++) {
			utf8proc_uint8_t enc[4];
			utf8proc_ssize_t el = utf8proc_encode_char(buf[k], enc);
			sbuf_put(out, enc, (size_t)el);
		}
	}
}

const char *
fold_slug(struct arena *a, const char *s)
{
	struct sbuf f = SBUF_INIT, out = SBUF_INIT;
	fold(&f, s);
	bool dash = false;
	for (size_t i = 0; i < f.len; i++) {
		char c = f.data[i];
		if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
			if (dash && out.len)
				sbuf_putc(&out, '-');
			dash = false;
			sbuf_putc(&out, c);
		} else {
			dash = true;
		}
	}
	const char *r = arena_strndup(a, out.data, out.len);
	sbuf_release(&f);
	sbuf_release(&out);
	return r;
}

const char *
fold_sort_key(struct arena *a, const char *s)
{
	struct sbuf f = SBUF_INIT;
	fold(&f, s);
	sbuf_putc(&f, '\x01');
	sbuf_puts(&f, s);
	const char *r = arena_strndup(a, f.data, f.len);
	sbuf_release(&f);
	return r;
}
