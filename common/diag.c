/* SPDX-License-Identifier: MIT */
#include "diag.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

void ag_diags_init(struct ag_diags *d)
{
	d->v = NULL;
	d->n = d->cap = 0;
}

void ag_diags_free(struct ag_diags *d)
{
	for (size_t i = 0; i < d->n; i++) {
		free(d->v[i].file);
		free(d->v[i].key);
		free(d->v[i].msg);
	}
	free(d->v);
	ag_diags_init(d);
}

static char *dup_or_null(const char *s, int *failed)
{
	char *r;

	if (!s)
		return NULL;
	r = strdup(s);
	if (!r)
		*failed = 1;
	return r;
}

int ag_diag_add(struct ag_diags *d, enum ag_severity sev, const char *file,
		unsigned line, unsigned col, const char *key,
		const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = ag_diag_addv(d, sev, file, line, col, key, fmt, ap);
	va_end(ap);
	return rc;
}

int ag_diag_addv(struct ag_diags *d, enum ag_severity sev, const char *file,
		 unsigned line, unsigned col, const char *key,
		 const char *fmt, va_list args)
{
	struct ag_diag diag = { .sev = sev, .line = line, .col = col };
	int failed = 0, len;
	va_list ap;

	if (d->n == d->cap) {
		size_t cap = d->cap ? d->cap * 2 : 8;
		struct ag_diag *v = realloc(d->v, cap * sizeof(*v));

		if (!v)
			return -ENOMEM;
		d->v = v;
		d->cap = cap;
	}

	va_copy(ap, args);
	len = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (len < 0)
		return -EINVAL;
	diag.msg = malloc((size_t)len + 1);
	if (!diag.msg)
		return -ENOMEM;
	va_copy(ap, args);
	vsnprintf(diag.msg, (size_t)len + 1, fmt, ap);
	va_end(ap);

	diag.file = dup_or_null(file, &failed);
	diag.key = dup_or_null(key, &failed);
	if (failed) {
		free(diag.msg);
		free(diag.file);
		free(diag.key);
		return -ENOMEM;
	}
	d->v[d->n++] = diag;
	return 0;
}

size_t ag_diags_count(const struct ag_diags *d, enum ag_severity sev)
{
	size_t count = 0;

	for (size_t i = 0; i < d->n; i++)
		if (d->v[i].sev == sev)
			count++;
	return count;
}

const char *ag_severity_name(enum ag_severity sev)
{
	switch (sev) {
	case AG_NOTE:
		return "note";
	case AG_WARNING:
		return "warning";
	case AG_ERROR:
		return "error";
	}
	return "error";
}

/* The length of the well-formed UTF-8 sequence at s (2 to 4), or 0. */
static size_t utf8_len(const unsigned char *s)
{
	size_t n = s[0] >= 0xc2 && s[0] <= 0xdf ? 2 : s[0] >= 0xe0 && s[0] <= 0xef ? 3 :
		   s[0] >= 0xf0 && s[0] <= 0xf4 ? 4 : 0;

	for (size_t i = 1; i < n; i++)
		if ((s[i] & 0xc0) != 0x80)
			return 0;
	return n;
}

void ag_fputs_escaped(const char *str, FILE *out)
{
	const unsigned char *s = (const unsigned char *)str;

	while (*s) {
		size_t n = 1;

		if (*s < 0x20 || *s == 0x7f) {
			fprintf(out, "\\x%02x", *s);
		} else if (*s < 0x80) {
			fputc(*s, out);
		} else if ((n = utf8_len(s)) == 0 || (s[0] == 0xc2 && s[1] < 0xa0)) {
			/* Not UTF-8, or a C1 control (U+0080-U+009F): one byte escaped. */
			n = 1;
			fprintf(out, "\\x%02x", *s);
		} else {
			fwrite(s, 1, n, out);
		}
		s += n;
	}
}

void ag_diag_print(FILE *out, const struct ag_diag *diag)
{
	if (diag->file) {
		ag_fputs_escaped(diag->file, out);
		if (diag->line) {
			fprintf(out, ":%u", diag->line);
			if (diag->col)
				fprintf(out, ":%u", diag->col);
		}
		fputs(": ", out);
	} else {
		fputs("armguest: ", out);
	}
	fprintf(out, "%s: ", ag_severity_name(diag->sev));
	ag_fputs_escaped(diag->msg, out);
	fputc('\n', out);
}

void ag_diags_print(FILE *out, const struct ag_diags *d)
{
	size_t left[3] = { 0 }, n = d->n < AG_DIAGS_PRINT_MAX ? d->n : AG_DIAGS_PRINT_MAX;

	for (size_t i = 0; i < n; i++)
		ag_diag_print(out, &d->v[i]);
	if (n == d->n)
		return;
	for (size_t i = n; i < d->n; i++)
		left[d->v[i].sev <= AG_ERROR ? d->v[i].sev : AG_ERROR]++;
	fprintf(out, "armguest: %zu more diagnostics not shown (%zu errors, %zu warnings,"
		" %zu notes)\n", d->n - n, left[AG_ERROR], left[AG_WARNING], left[AG_NOTE]);
}
