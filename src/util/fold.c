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

/*
 * Vietnamese dictionary order: the letters are a ă â b c d đ e ê g h i k l
 * m n o ô ơ p q r s t u ư v x y, so ă, â, đ, ê, ô, ơ and ư are letters of
 * their own, and tones (huyền, sắc, hỏi, ngã, nặng) only break ties.  The
 * key is: per letter, its base and a letter rank (1 plain, 2 breve or
 * đ, 3 circumflex, 4 horn); then 0x01; then the tones in order; then
 * 0x01 and the original bytes, so the order is total.
 */
static int
tone_rank(uint32_t mark)
{
	switch (mark) {
	case 0x0300: return 1;     /* huyền */
	case 0x0301: return 2;     /* sắc */
	case 0x0309: return 3;     /* hỏi */
	case 0x0303: return 4;     /* ngã */
	case 0x0323: return 5;     /* nặng */
	}
	return 0;
}

static int
letter_rank(uint32_t mark)
{
	switch (mark) {
	case 0x0306: return 2;     /* ă */
	case 0x0302: return 3;     /* â ê ô */
	case 0x031B: return 4;     /* ơ ư */
	}
	return 0;
}

const char *
fold_sort_key(struct arena *a, const char *s)
{
	struct sbuf key = SBUF_INIT, tones = SBUF_INIT;
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
		if (cp == 0x0110 || cp == 0x0111) {        /* Đ đ */
			sbuf_putc(&key, 'd');
			sbuf_putc(&key, 2);
			sbuf_putc(&tones, '0');
			continue;
		}
		utf8proc_int32_t buf[8];
		utf8proc_ssize_t m = utf8proc_decompose_char(
			(utf8proc_int32_t)cp, buf, 8,
			UTF8PROC_DECOMPOSE | UTF8PROC_CASEFOLD, NULL);
		int rank = 1, tone = 0;
		for (utf8proc_ssize_t k = 0; k < m && k < 8; k++) {
			uint32_t c = (uint32_t)buf[k];
			if (letter_rank(c))
				rank = letter_rank(c);
			else if (tone_rank(c))
				tone = tone_rank(c);
			else if (k == 0 || !utf8proc_category(buf[k]) ||
				 utf8proc_category(buf[k]) != UTF8PROC_CATEGORY_MN) {
				utf8proc_uint8_t enc[4];
				utf8proc_ssize_t el = utf8proc_encode_char(buf[k], enc);
				sbuf_put(&key, enc, (size_t)el);
			}
		}
		/* a mark typed on its own (decomposed text) ranks its letter */
		if (m >= 1 && (letter_rank(cp) || tone_rank(cp))) {
			if (key.len && key.data[key.len - 1] >= 1 &&
			    key.data[key.len - 1] <= 4 && letter_rank(cp))
				key.data[key.len - 1] = (char)letter_rank(cp);
			else if (tones.len && tone_rank(cp))
				tones.data[tones.len - 1] = (char)('0' + tone_rank(cp));
			continue;
		}
		sbuf_putc(&key, (char)rank);
		sbuf_putc(&tones, (char)('0' + tone));
	}
	sbuf_putc(&key, 1);
	sbuf_putspan(&key, sbuf_span(&tones));
	sbuf_putc(&key, 1);
	sbuf_puts(&key, s);
	const char *r = arena_strndup(a, key.data, key.len);
	sbuf_release(&key);
	sbuf_release(&tones);
	return r;
}
