/* SPDX-License-Identifier: MIT */
/*
 * Diagnostics: every stage of armguest reports problems by appending to one
 * ag_diags list, so the CLI can print them as "file:line:col: severity: msg"
 * or as JSON, and so tests can assert the exact text.
 */
#ifndef AG_DIAG_H
#define AG_DIAG_H

#include <stddef.h>
#include <stdarg.h>
#include <stdio.h>

enum ag_severity {
	AG_NOTE,
	AG_WARNING,
	AG_ERROR,
};

struct ag_diag {
	enum ag_severity sev;
	char *file;     /* NULL when the problem has no source file */
	unsigned line;  /* 1-based; 0 = no position */
	unsigned col;   /* 1-based; 0 = unknown column */
	char *key;      /* config key concerned, or NULL */
	char *msg;
};

struct ag_diags {
	struct ag_diag *v;
	size_t n, cap;
};

void ag_diags_init(struct ag_diags *d);
void ag_diags_free(struct ag_diags *d);

/*
 * Append one diagnostic.  Returns 0, or -ENOMEM (the list is then unchanged).
 * file and key may be NULL.
 */
int ag_diag_add(struct ag_diags *d, enum ag_severity sev, const char *file,
		unsigned line, unsigned col, const char *key,
		const char *fmt, ...) __attribute__((format(printf, 7, 8)));
/* The same with a va_list (args is not consumed: the caller still va_ends it). */
int ag_diag_addv(struct ag_diags *d, enum ag_severity sev, const char *file,
		 unsigned line, unsigned col, const char *key,
		 const char *fmt, va_list args) __attribute__((format(printf, 7, 0)));

size_t ag_diags_count(const struct ag_diags *d, enum ag_severity sev);
const char *ag_severity_name(enum ag_severity sev);

/*
 * Write s for a terminal: control bytes (below 0x20, 0x7f, the C1 controls
 * U+0080-U+009F) and bytes that are not UTF-8 as \xHH, so that nothing read
 * from a config, a file name or xenstore can move the cursor, retitle the
 * window or answer back.  Everything armguest prints that came from
 * outside goes through it.
 */
void ag_fputs_escaped(const char *s, FILE *out);

/*
 * "file:line:col: error: msg" (omitting the parts that are unknown), the
 * file and the message escaped (ag_fputs_escaped).
 */
void ag_diag_print(FILE *out, const struct ag_diag *diag);

/*
 * At most this many diagnostics are printed; a last line says how many
 * errors, warnings and notes were left out (a 1 MiB config of lexical
 * errors would otherwise print half a million lines).
 */
#define AG_DIAGS_PRINT_MAX 50
void ag_diags_print(FILE *out, const struct ag_diags *d);

#endif
