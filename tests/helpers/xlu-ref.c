/* SPDX-License-Identifier: MIT */
/*
 * xlu-ref: how the REAL libxlutil (Debian's libxen-dev, Xen 4.17) reads a
 * config file.  The reference half of the differential test; ag-dump prints
 * the same format from armguest's parser, and tests/t-diff-libxlu.sh
 * compares the two.
 *
 *   usage: xlu-ref FILE [KEY...]
 *
 * The file is read into memory and handed to xlu_cfg_readdata(), which is
 * what xl create does.  Everything libxlutil prints to its report stream is
 * captured (open_memstream) and printed as "report: <line>" right after the
 * call that printed it.  Output:
 *
 *   parse: ok | parse: error
 *   report: ...                         (messages printed while parsing)
 *   then for each KEY, in order:
 *   KEY string "<text>" | KEY string error <E> | KEY absent
 *   KEY long <n> | KEY long error <E>                  (unless absent)
 *   KEY bounded <n> | KEY bounded error <E>            (after a good long)
 *   KEY list [<items>] | KEY list error <E>            (unless absent)
 *
 * Strings are printed in double quotes; '"', '\\' and bytes outside
 * 0x20..0x7e are written as \xHH.  List items are strings or nested lists.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxlutil.h>

#define REF_BOUND_MIN 1L
#define REF_BOUND_MAX 4096L
#define REF_MAX_DEPTH 256       /* printing guard; the corpus nests far less */
#define REF_MAX_FILE (4u * 1024u * 1024u)

struct report {
	FILE *f;
	char *buf;
	size_t len;
	size_t done;    /* bytes of buf already printed */
};

static const char *errname(int e)
{
	switch (e) {
	case EINVAL:
		return "EINVAL";
	case ERANGE:
		return "ERANGE";
	case ESRCH:
		return "ESRCH";
	case ENOMEM:
		return "ENOMEM";
	default:
		return "other";
	}
}

/* Print what libxlutil wrote since the last call, one "report:" per line. */
static void flush_report(struct report *r)
{
	size_t start;

	fflush(r->f);
	start = r->done;
	for (size_t i = r->done; i < r->len; i++) {
		if (r->buf[i] != '\n')
			continue;
		printf("report: %.*s\n", (int)(i - start), r->buf + start);
		start = i + 1;
	}
	r->done = start;
}

static void print_str(const char *s)
{
	putchar('"');
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p == '"' || *p == '\\' || *p < 0x20 || *p > 0x7e)
			printf("\\x%02x", *p);
		else
			putchar(*p);
	}
	putchar('"');
}

static void print_list(const XLU_Config *cfg, const XLU_ConfigList *l,
		       int depth)
{
	XLU_ConfigValue *v;

	if (depth > REF_MAX_DEPTH) {
		printf("[...]");
		return;
	}
	putchar('[');
	for (int i = 0; (v = xlu_cfg_get_listitem2(l, i)); i++) {
		XLU_ConfigList *sub;

		if (i)
			printf(", ");
		if (xlu_cfg_value_type(v) == XLU_STRING)
			print_str(xlu_cfg_get_listitem(l, i));
		else if (xlu_cfg_value_get_list(cfg, v, &sub, 1) == 0)
			print_list(cfg, sub, depth + 1);
	}
	putchar(']');
}

static void dump_key(const XLU_Config *cfg, const char *k, struct report *r)
{
	const char *s;
	XLU_ConfigList *l;
	long n;
	int e;

	e = xlu_cfg_get_string(cfg, k, &s, 0);
	if (e == ESRCH) {
		printf("%s absent\n", k);
		return;
	}
	if (e == 0) {
		printf("%s string ", k);
		print_str(s);
		putchar('\n');
	} else {
		printf("%s string error %s\n", k, errname(e));
	}
	flush_report(r);

	e = xlu_cfg_get_long(cfg, k, &n, 0);
	if (e == 0)
		printf("%s long %ld\n", k, n);
	else
		printf("%s long error %s\n", k, errname(e));
	flush_report(r);
	if (e == 0) {
		e = xlu_cfg_get_bounded_long(cfg, k, REF_BOUND_MIN,
					     REF_BOUND_MAX, &n, 0);
		if (e == 0)
			printf("%s bounded %ld\n", k, n);
		else
			printf("%s bounded error %s\n", k, errname(e));
		flush_report(r);
	}

	e = xlu_cfg_get_list(cfg, k, &l, NULL, 0);
	if (e == 0) {
		printf("%s list ", k);
		print_list(cfg, l, 0);
		putchar('\n');
	} else {
		printf("%s list error %s\n", k, errname(e));
	}
	flush_report(r);
}

static int read_all(const char *path, char **out, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	size_t n;

	if (!f)
		return errno;
	buf = malloc(REF_MAX_FILE + 1);
	if (!buf) {
		fclose(f);
		return ENOMEM;
	}
	n = fread(buf, 1, REF_MAX_FILE + 1, f);
	fclose(f);
	if (n > REF_MAX_FILE) {
		free(buf);
		return EFBIG;
	}
	*out = buf;
	*len = n;
	return 0;
}

int main(int argc, char **argv)
{
	struct report r = { 0 };
	XLU_Config *cfg;
	char *data = NULL;
	size_t len = 0;
	int e;

	if (argc < 2) {
		fprintf(stderr, "usage: xlu-ref FILE [KEY...]\n");
		return 2;
	}
	e = read_all(argv[1], &data, &len);
	if (e) {
		fprintf(stderr, "xlu-ref: %s: %s\n", argv[1], strerror(e));
		return 2;
	}
	r.f = open_memstream(&r.buf, &r.len);
	if (!r.f) {
		free(data);
		return 2;
	}
	cfg = xlu_cfg_init(r.f, argv[1]);
	if (!cfg) {
		free(data);
		fclose(r.f);
		free(r.buf);
		return 2;
	}
	e = xlu_cfg_readdata(cfg, data, (int)len);
	printf("parse: %s\n", e ? "error" : "ok");
	flush_report(&r);
	/*
	 * libxlutil says look-ups after a failed parse are undefined; in 4.17
	 * they walk the settings stored before the error, which is exactly
	 * what we want to compare, so we look anyway.
	 */
	for (int k = 2; k < argc; k++)
		dump_key(cfg, argv[k], &r);
	xlu_cfg_destroy(cfg);
	fclose(r.f);
	free(r.buf);
	free(data);
	return 0;
}
