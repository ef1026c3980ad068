/* SPDX-License-Identifier: MIT */
#include "junit.h"

#include <errno.h>
#include <string.h>

/* Length of the valid UTF-8 sequence at s (at most len bytes), 0 if none. */
static size_t utf8_len(const unsigned char *s, size_t len)
{
	size_t n;

	if (s[0] < 0xc2 || s[0] > 0xf4)
		return 0;
	n = s[0] < 0xe0 ? 2 : s[0] < 0xf0 ? 3 : 4;
	if (n > len)
		return 0;
	for (size_t i = 1; i < n; i++)
		if ((s[i] & 0xc0) != 0x80)
			return 0;
	return n;
}

/* s (len bytes) as XML character data or attribute text. */
static void put_text(FILE *out, const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;

	for (size_t i = 0; i < len; i++) {
		unsigned char c = p[i];
		size_t n;

		switch (c) {
		case '<': fputs("&lt;", out); continue;
		case '>': fputs("&gt;", out); continue;
		case '&': fputs("&amp;", out); continue;
		case '"': fputs("&quot;", out); continue;
		case '\t': case '\n': fputc(c, out); continue;
		case '\r': continue; /* consoles end lines with CRLF */
		}
		if (c < 0x20 || c == 0x7f) {
			fputc('?', out);
		} else if (c < 0x80) {
			fputc(c, out);
		} else if ((n = utf8_len(p + i, len - i))) {
			fwrite(p + i, 1, n, out);
			i += n - 1;
		} else {
			fputc('?', out);
		}
	}
}

static void put_str(FILE *out, const char *s)
{
	put_text(out, s ? s : "", s ? strlen(s) : 0);
}

static void put_file(FILE *out, const char *path)
{
	char buf[4096];
	FILE *in = path ? fopen(path, "rb") : NULL;
	size_t got;

	if (!in)
		return;
	/* A UTF-8 sequence cut by the buffer's end becomes '?': rare, harmless. */
	while ((got = fread(buf, 1, sizeof(buf), in)) > 0)
		put_text(out, buf, got);
	fclose(in);
}

int ag_junit_write(FILE *out, const char *suite, const struct ag_junit_case *c, size_t n)
{
	size_t failures = 0;
	double total = 0;

	for (size_t i = 0; i < n; i++) {
		failures += !c[i].passed;
		total += c[i].seconds;
	}
	fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites>\n<testsuite name=\"", out);
	put_str(out, suite);
	fprintf(out, "\" tests=\"%zu\" failures=\"%zu\" errors=\"0\" time=\"%.1f\">\n",
		n, failures, total);
	for (size_t i = 0; i < n; i++) {
		fputs("<testcase name=\"", out);
		put_str(out, c[i].name);
		fputs("\" classname=\"", out);
		put_str(out, c[i].classname);
		fprintf(out, "\" time=\"%.1f\">\n", c[i].seconds);
		if (!c[i].passed) {
			fputs("<failure message=\"", out);
			put_str(out, c[i].message);
			fputs("\"/>\n", out);
		}
		fputs("<system-out>", out);
		put_file(out, c[i].console);
		fputs("</system-out>\n</testcase>\n", out);
	}
	fputs("</testsuite>\n</testsuites>\n", out);
	return ferror(out) ? -EIO : 0;
}
