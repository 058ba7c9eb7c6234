/*
 * msgcat - compiles the message catalogues (messages/<lang>.po) into a
 * C file, so that ocop carries every language inside the binary.
 * Usage: msgcat FILE.po... > out.c.  Each file becomes one entry of
 * msg_langs[] (util/msg.h), named by its base name ("vi" for
 * messages/vi.po), in the order given (the Makefile sorts them).
 *
 * The format is a small subset of gettext's PO: blank lines and lines
 * starting with # are skipped; `msgid "..."` starts an entry, `msgstr
 * "..."` gives its text, and a line that is only a "..." string
 * continues the one before.  Strings take the escapes \" \\ \n \t.
 * The entry with the empty msgid is the header: its lines "Language:
 * xx" (which must name the file) and "X-Plural-Ending: s" (the ending
 * diag_plural() gives a count other than one; empty when the language
 * has none) describe the language.  Entries come out sorted by msgid
 * (strcmp) for msg_get()'s binary search.  A duplicate msgid, an empty
 * msgstr or a malformed line stops the build with FILE:LINE: reason.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct text {
	char *p;
	size_t len, cap;
};

struct entry {
	struct text id, str;
	int line;
};

struct lang {
	const char *path;
	char code[32];
	char plural[32];
	struct entry *v;
	size_t n, cap;
};

static void
die(const char *path, int line, const char *why)
{
	fprintf(stderr, "%s:%d: %s\n", path, line, why);
	exit(1);
}

static void *
xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (!p) {
		perror("msgcat");
		exit(1);
	}
	return p;
}

static void
text_putc(struct text *t, char c)
{
	if (t->len + 2 > t->cap) {
		t->cap = t->cap ? 2 * t->cap : 64;
		t->p = xrealloc(t->p, t->cap);
	}
	t->p[t->len++] = c;
	t->p[t->len] = 0;
}

/* Appends the "..." string at s (after optional blanks) to t. */
static void
read_string(struct text *t, const char *s, const char *path, int line)
{
	while (*s == ' ' || *s == '\t')
		s++;
	if (*s++ != '"')
		die(path, line, "a string in double quotes was expected");
	for (; *s != '"'; s++) {
		if (!*s || *s == '\n')
			die(path, line, "the string has no closing quote");
		if (*s != '\\') {
			text_putc(t, *s);
			continue;
		}
		switch (*++s) {
		case '"': text_putc(t, '"'); break;
		case '\\': text_putc(t, '\\'); break;
		case 'n': text_putc(t, '\n'); break;
		case 't': text_putc(t, '\t'); break;
		default: die(path, line, "unknown escape: use \\\" \\\\ \\n or \\t");
		}
	}
	for (s++; *s == ' ' || *s == '\t' || *s == '\r' || *s == '\n'; s++)
		;
	if (*s)
		die(path, line, "text after the closing quote");
	if (!t->p)
		text_putc(t, 0), t->len = 0;
}

/* Reads the header's "Key: value" line into out, when present. */
static void
header_field(const struct text *h, const char *key, char *out, size_t size)
{
	size_t klen = strlen(key);
	for (const char *l = h->p; l && *l; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : NULL) {
		if (strncmp(l, key, klen) || l[klen] != ':')
			continue;
		const char *v = l + klen + 1;
		while (*v == ' ')
			v++;
		size_t n = strcspn(v, "\n");
		if (n >= size)
			n = size - 1;
		memcpy(out, v, n);
		out[n] = 0;
		return;
	}
}

static int
cmp_entry(const void *a, const void *b)
{
	const struct entry *x = a, *y = b;
	return strcmp(x->id.p, y->id.p);
}

static void
read_lang(struct lang *l)
{
	FILE *f = fopen(l->path, "r");
	if (!f) {
		perror(l->path);
		exit(1);
	}
	const char *base = strrchr(l->path, '/');
	base = base ? base + 1 : l->path;
	size_t blen = strcspn(base, ".");
	if (!blen || blen >= sizeof(l->code))
		die(l->path, 0, "the file name must be the language code, as in vi.po");
	memcpy(l->code, base, blen);
	l->code[blen] = 0;

	char buf[8192];
	int line = 0, have_header = 0;
	struct text header = { 0 }, *cur = NULL;
	struct entry *e = NULL;
	char lang_field[32] = "";
	while (fgets(buf, sizeof(buf), f)) {
		line++;
		if (!strchr(buf, '\n') && !feof(f))
			die(l->path, line, "line too long");
		const char *s = buf;
		while (*s == ' ' || *s == '\t')
			s++;
		if (*s == '#' || *s == '\n' || *s == '\r' || !*s)
			continue;
		if (!strncmp(s, "msgid ", 6)) {
			if (e && !e->str.p)
				die(l->path, e->line, "msgid without msgstr");
			if (l->n == l->cap) {
				l->cap = l->cap ? 2 * l->cap : 256;
				l->v = xrealloc(l->v, l->cap * sizeof(*l->v));
			}
			e = &l->v[l->n++];
			memset(e, 0, sizeof(*e));
			e->line = line;
			cur = &e->id;
			read_string(cur, s + 6, l->path, line);
		} else if (!strncmp(s, "msgstr ", 7)) {
			if (!e || e->str.p)
				die(l->path, line, "msgstr without msgid");
			cur = &e->str;
			read_string(cur, s + 7, l->path, line);
		} else if (*s == '"') {
			if (!cur)
				die(l->path, line, "a string continues nothing");
			read_string(cur, s, l->path, line);
		} else {
			die(l->path, line, "expected msgid, msgstr, a \"string\" or a # comment");
		}
	}
	fclose(f);
	if (e && !e->str.p)
		die(l->path, e->line, "msgid without msgstr");

	/* the header out of the entries */
	size_t k = 0;
	for (size_t i = 0; i < l->n; i++) {
		if (!l->v[i].id.len) {
			if (have_header++)
				die(l->path, l->v[i].line, "a second header (empty msgid)");
			header = l->v[i].str;
			continue;
		}
		if (!l->v[i].str.len)
			die(l->path, l->v[i].line, "empty msgstr: translate the message or delete the entry");
		l->v[k++] = l->v[i];
	}
	l->n = k;
	if (!have_header)
		die(l->path, 1, "no header (msgid \"\" with \"Language: xx\\n\")");
	header_field(&header, "Language", lang_field, sizeof(lang_field));
	if (strcmp(lang_field, l->code))
		die(l->path, 1, "the header's Language: must be the file's name");
	header_field(&header, "X-Plural-Ending", l->plural, sizeof(l->plural));

	qsort(l->v, l->n, sizeof(*l->v), cmp_entry);
	for (size_t i = 1; i < l->n; i++)
		if (!strcmp(l->v[i].id.p, l->v[i - 1].id.p))
			die(l->path, l->v[i].line, "this msgid is there twice");
}

/* s as a C string literal: printable ASCII as it is, the rest octal. */
static void
put_c_string(const char *s)
{
	putchar('"');
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p == '"' || *p == '\\' || *p == '?')
			printf("\\%c", *p);
		else if (*p >= 0x20 && *p < 0x7f)
			putchar(*p);
		else
			printf("\\%03o", *p);
	}
	putchar('"');
}

int
main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: msgcat FILE.po... > out.c\n");
		return 2;
	}
	size_t n = (size_t)argc - 1;
	struct lang *langs = xrealloc(NULL, n * sizeof(*langs));
	printf("/* generated by tools/msgcat.c from messages/: do not edit */\n");
	printf("#include \"util/msg.h\"\n");
	for (size_t i = 0; i < n; i++) {
		struct lang *l = &langs[i];
		memset(l, 0, sizeof(*l));
		l->path = argv[i + 1];
		read_lang(l);
		for (size_t j = 0; j < i; j++)
			if (!strcmp(langs[j].code, l->code))
				die(l->path, 0, "a second catalogue of this language");
		if (!l->n)
			continue;
		printf("\nstatic const struct msg_entry lang%zu[] = {\n", i);
		for (size_t k = 0; k < l->n; k++) {
			printf("\t{ ");
			put_c_string(l->v[k].id.p);
			printf(",\n\t  ");
			put_c_string(l->v[k].str.p);
			printf(" },\n");
		}
		printf("};\n");
	}
	printf("\nconst struct msg_lang msg_langs[] = {\n");
	for (size_t i = 0; i < n; i++) {
		printf("\t{ ");
		put_c_string(langs[i].code);
		printf(", ");
		put_c_string(langs[i].plural);
		if (langs[i].n)
			printf(", lang%zu, %zu },\n", i, langs[i].n);
		else
			printf(", 0, 0 },\n");
	}
	printf("};\nconst size_t msg_nlangs = %zu;\n", n);
	return 0;
}
