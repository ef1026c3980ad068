/* SPDX-License-Identifier: MIT */
/*
 * Wall-clock times of named steps, for `create --timings` (docs/performance.md).
 * A caller that wants timings passes a struct ag_timings; one that does not
 * passes NULL, and every function here then does nothing.
 */
#ifndef AG_TIMING_H
#define AG_TIMING_H

#include <stdint.h>
#include <stdio.h>

#define AG_TIMINGS_MAX 64

struct ag_timing {
	const char *name;      /* a string literal (a stage name) */
	uint64_t ns;
};

struct ag_timings {
	uint64_t (*clock_ns)(void);     /* NULL: ag_clock_ns (tests pass a fake) */
	size_t n;
	struct ag_timing v[AG_TIMINGS_MAX];
};

/* CLOCK_MONOTONIC in nanoseconds. */
uint64_t ag_clock_ns(void);

/* t's clock now, or 0 when t is NULL. */
uint64_t ag_timings_now(const struct ag_timings *t);

/*
 * Record the step NAME as having taken NS.  Past AG_TIMINGS_MAX steps the
 * rest are counted, not kept (and printed as dropped): a timing report must
 * not fail the command it reports on.  Nothing when t is NULL.
 */
void ag_timings_add(struct ag_timings *t, const char *name, uint64_t ns);

/*
 * Record the step NAME as having run from START (an ag_timings_now value)
 * until now (ag_timings_add).
 */
void ag_timings_end(struct ag_timings *t, const char *name, uint64_t start);

/*
 * How long this process has existed, from the kernel's record of its start
 * (/proc/self/stat starttime, in clock ticks since boot, against
 * CLOCK_BOOTTIME): so it includes exec and the dynamic linker.  Its
 * resolution is one clock tick (10 ms where USER_HZ is 100).  0 or -errno.
 */
int ag_process_age_ns(uint64_t *ns);

/*
 * One line per step, "timing STEP MS", milliseconds with three decimals, then
 * "timing total MS" with total_ns, then "timing dropped N" if steps were
 * dropped.  The fixed form is what bench/ parses.
 */
void ag_timings_print(FILE *out, const struct ag_timings *t, uint64_t total_ns);

/*
 * ag_timings_print with the process's age now as the total (0 if /proc cannot
 * say: the steps still print).  Nothing when t is NULL.
 */
void ag_timings_report(FILE *out, const struct ag_timings *t);

#endif
