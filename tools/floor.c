/*
 * floor - the least any site generator must do to publish a site: write
 * its files.  Reads a finished output tree into memory, then creates the
 * same folders and files with the same bytes in a fresh folder (mkdir,
 * then open, write, close per file; no fsync) and times only that part.
 * bench/run.sh puts it beside each build as the floor of the same run.
 *
 * Usage: floor SRC DST    (DST must not exist; it is created)
 * Prints one line: files=N dirs=N bytes=N read_wall=S write_wall=S
 * write_cpu=S (seconds; cpu is user + system of this process).
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

struct item {
	char *path;             /* under DST, ready to use */
	char *data;             /* NULL for a folder */
	size_t size;
};

static struct item *items;
static size_t nitems, capitems, nfiles, ndirs, nbytes;

static void
die(const char *what, const char *path)
{
	fprintf(stderr, "floor: %s %s: %s\n", what, path, strerror(errno));
	exit(1);
}

static void *
xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p) {
		fprintf(stderr, "floor: out of memory\n");
		exit(1);
	}
	return p;
}

static char *
join(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	char *p = xmalloc(la + lb + 2);
	memcpy(p, a, la);
	p[la] = '/';
	memcpy(p + la + 1, b, lb + 1);
	return p;
}

static void
add(char *path, char *data, size_t size)
{
	if (nitems == capitems) {
		capitems = capitems ? 2 * capitems : 1024;
		items = realloc(items, capitems * sizeof *items);
		if (!items) {
			fprintf(stderr, "floor: out of memory\n");
			exit(1);
		}
	}
	items[nitems++] = (struct item){ path, data, size };
}

static char *
slurp(const char *path, size_t *size)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	struct stat st;
	if (fd < 0 || fstat(fd, &st) != 0)
		die("cannot read", path);
	char *buf = xmalloc((size_t)st.st_size);
	size_t got = 0;
	while (got < (size_t)st.st_size) {
		ssize_t n = read(fd, buf + got, (size_t)st.st_size - got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			die("cannot read", path);
		got += (size_t)n;
	}
	close(fd);
	*size = got;
	return buf;
}

/* Folders before what they hold, so the write phase can go in order. */
static void
scan(const char *src, const char *dst)
{
	DIR *d = opendir(src);
	if (!d)
		die("cannot open", src);
	struct dirent *e;
	while ((e = readdir(d))) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		char *s = join(src, e->d_name), *t = join(dst, e->d_name);
		struct stat st;
		if (lstat(s, &st) != 0)
			die("cannot stat", s);
		if (S_ISDIR(st.st_mode)) {
			add(t, NULL, 0);
			ndirs++;
			scan(s, t);
		} else if (S_ISREG(st.st_mode)) {
			size_t size;
			char *data = slurp(s, &size);
			add(t, data, size);
			nfiles++;
			nbytes += size;
		}
		free(s);
	}
	closedir(d);
}

static double
now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static double
cpu(void)
{
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	return (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
	       (double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
}

int
main(int argc, char **argv)
{
	if (argc != 3) {
		fprintf(stderr, "usage: floor SRC DST   (DST must not exist)\n");
		return 2;
	}
	const char *dst = argv[2];
	struct stat st;
	if (lstat(dst, &st) == 0) {
		fprintf(stderr, "floor: %s exists; give a fresh folder\n", dst);
		return 2;
	}

	double t0 = now();
	scan(argv[1], dst);
	double read_wall = now() - t0;

	double w0 = now(), c0 = cpu();
	if (mkdir(dst, 0755) != 0)
		die("cannot create", dst);
	for (size_t i = 0; i < nitems; i++) {
		struct item *it = &items[i];
		if (!it->data) {
			if (mkdir(it->path, 0755) != 0)
				die("cannot create", it->path);
			continue;
		}
		int fd = open(it->path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
		if (fd < 0)
			die("cannot create", it->path);
		size_t done = 0;
		while (done < it->size) {
			ssize_t n = write(fd, it->data + done, it->size - done);
			if (n < 0 && errno == EINTR)
				continue;
			if (n < 0)
				die("cannot write", it->path);
			done += (size_t)n;
		}
		if (close(fd) != 0)
			die("cannot write", it->path);
	}
	double write_wall = now() - w0, write_cpu = cpu() - c0;

	printf("files=%zu dirs=%zu bytes=%zu read_wall=%.3f write_wall=%.3f "
	       "write_cpu=%.3f\n", nfiles, ndirs, nbytes, read_wall, write_wall,
	       write_cpu);
	return 0;
}
