/* SPDX-License-Identifier: MIT */
/*
 * A JUnit XML report: one <testsuite> with one <testcase> per guest, its
 * console as <system-out>.  The format CI systems (GitLab, GitHub Actions'
 * test reporters, Jenkins) read: a <failure> element marks a failed case.
 */
#ifndef AG_JUNIT_H
#define AG_JUNIT_H

#include <stdbool.h>
#include <stdio.h>

struct ag_junit_case {
	const char *name;       /* the guest's name */
	const char *classname;  /* how it was started: "armguest", "xl", "dom0less" */
	double seconds;
	bool passed;
	const char *message;    /* why it failed (NULL when it passed) */
	const char *console;    /* path of its console log, NULL or unreadable: none */
};

/*
 * Writes the report for the n cases to out.  Text is escaped for XML, and
 * the bytes XML 1.0 cannot hold (control characters, broken UTF-8) become
 * '?', so any console gives a well-formed file.  Returns 0 or -errno.
 */
int ag_junit_write(FILE *out, const char *suite, const struct ag_junit_case *c, size_t n);

#endif
