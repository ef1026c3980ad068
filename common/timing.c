/* SPDX-License-Identifier: MIT */
#include "timing.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

uint64_t ag_clock_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

uint64_t ag_timings_now(const struct ag_timings *t)
{
	if (!t)
		return 0;
	return t->clock_ns ? t->clock_ns() : ag_clock_ns();
}

void ag_timings_add(struct ag_timings *t, const char *name, uint64_t ns)
{
	if (!t)
		return;
	if (t->n < AG_TIMINGS_MAX)
		t->v[t->n] = (struct ag_timing){ .name = name, .ns = ns };
	t->n++;
}

void ag_timings_end(struct ag_timings *t, const char *name, uint64_t start)
{
	if (t)
		ag_timings_add(t, name, ag_timings_now(t) - start);
}

int ag_process_age_ns(uint64_t *ns)
{
	char buf[1024], *p;
	unsigned long long start_ticks;
	struct timespec now;
	long hz = sysconf(_SC_CLK_TCK);
	ssize_t len;
	int fd, field;

	fd = open("/proc/self/stat", O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	len = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (len <= 0 || hz <= 0)
		return -EIO;
	buf[len] = '\0';
	/* comm (field 2) may hold spaces and parentheses: count fields after its last ')'. */
	p = strrchr(buf, ')');
	if (!p)
		return -EIO;
	/* p points at ')' ending field 2; starttime is field 22. */
	for (field = 2; field < 22 && p; field++)
		p = strchr(p + 1, ' ');
	if (!p || sscanf(p + 1, "%llu", &start_ticks) != 1)
		return -EIO;
	if (clock_gettime(CLOCK_BOOTTIME, &now))
		return -errno;
	uint64_t now_ns = (uint64_t)now.tv_sec * 1000000000u + (uint64_t)now.tv_nsec;
	uint64_t start_ns = (uint64_t)start_ticks * (1000000000u / (uint64_t)hz);
	*ns = now_ns > start_ns ? now_ns - start_ns : 0;
	return 0;
}

static void print_ms(FILE *out, const char *name, uint64_t ns)
{
	fprintf(out, "timing %s %" PRIu64 ".%03" PRIu64 "\n", name, ns / 1000000u,
		ns / 1000u % 1000u);
}

void ag_timings_print(FILE *out, const struct ag_timings *t, uint64_t total_ns)
{
	size_t kept = t->n < AG_TIMINGS_MAX ? t->n : AG_TIMINGS_MAX;

	for (size_t i = 0; i < kept; i++)
		print_ms(out, t->v[i].name, t->v[i].ns);
	print_ms(out, "total", total_ns);
	if (t->n > kept)
		fprintf(out, "timing dropped %zu\n", t->n - kept);
}

void ag_timings_report(FILE *out, const struct ag_timings *t)
{
	uint64_t age = 0;

	if (!t)
		return;
	(void)ag_process_age_ns(&age);
	ag_timings_print(out, t, age);
}
