/*
 * standalone.c - a main() for any libFuzzer target, so its corpus can be
 * replayed with gcc (under ASan and UBSan) in the normal test run, no
 * clang needed.  Link it with one target's LLVMFuzzerTestOneInput:
 *
 *   standalone FILE|DIR...
 *
 * Directories are walked recursively in name order, skipping names that
 * start with '.'.  Each file is copied into a buffer of exactly its size
 * (so an overread is caught) and passed to the target once.  A crash is
 * the sanitizer's to report; the exit status is 1 when an argument cannot
 * be read and 0 otherwise, after a line "N inputs replayed".  As with
 * libFuzzer, LLVMFuzzerInitialize() is called first when the target
 * defines it.
 */
#include <dirent.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../src/util/banned.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv) __attribute__((weak));

static int
run_file(const char *path, size_t *count)
{
	FILE *fp = fopen(path, "rb");
	if (!fp) {
		fprintf(stderr, "standalone: %s: %s\n", path, strerror(errno));
		return -1;
	}
	size_t len = 0, cap = 4096;
	uint8_t *buf = malloc(cap);
	size_t n;
	while (buf && (n = fread(buf + len, 1, cap - len, fp)) > 0) {
		len += n;
		if (len == cap) {
			uint8_t *p = realloc(buf, cap * 2);
			if (!p) {
				free(buf);
				buf = NULL;
				break;
			}
			buf = p;
			cap *= 2;
		}
	}
	int bad = ferror(fp);
	fclose(fp);
	if (!buf || bad) {
		fprintf(stderr, "standalone: %s: cannot read\n", path);
		free(buf);
		return -1;
	}
	/* an exact-size copy, so ASan sees one byte past the end */
	uint8_t *exact = malloc(len ? len : 1);
	if (!exact) {
		free(buf);
		return -1;
	}
	if (len)
		memcpy(exact, buf, len);
	free(buf);
	LLVMFuzzerTestOneInput(exact, len);
	free(exact);
	(*count)++;
	return 0;
}

static int
skip_dot(const struct dirent *e)
{
	return e->d_name[0] != '.';
}

static int
run_path(const char *path, size_t *count)
{
	struct stat st;
	if (stat(path, &st) < 0) {
		fprintf(stderr, "standalone: %s: %s\n", path, strerror(errno));
		return -1;
	}
	if (!S_ISDIR(st.st_mode))
		return run_file(path, count);

	struct dirent **names;
	int n = scandir(path, &names, skip_dot, alphasort);
	if (n < 0) {
		fprintf(stderr, "standalone: %s: %s\n", path, strerror(errno));
		return -1;
	}
	int err = 0;
	for (int i = 0; i < n; i++) {
		size_t len = strlen(path) + strlen(names[i]->d_name) + 2;
		char *sub = malloc(len);
		if (sub) {
			snprintf(sub, len, "%s/%s", path, names[i]->d_name);
			if (run_path(sub, count) < 0)
				err = -1;
		} else {
			err = -1;
		}
		free(sub);
		free(names[i]);
	}
	free(names);
	return err;
}

int
main(int argc, char **argv)
{
	size_t count = 0;
	int err = 0;

	if (LLVMFuzzerInitialize)
		LLVMFuzzerInitialize(&argc, &argv);
	if (argc < 2) {
		fprintf(stderr, "usage: %s FILE|DIR...\n", argv[0]);
		return 2;
	}
	for (int i = 1; i < argc; i++)
		if (run_path(argv[i], &count) < 0)
			err = 1;
	printf("%zu inputs replayed\n", count);
	return err;
}
