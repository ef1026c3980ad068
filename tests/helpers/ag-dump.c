/* SPDX-License-Identifier: MIT */
/*
 * ag-dump: how armguest's xl.cfg parser reads a config file, printed in the
 * format of xlu-ref (the real libxlutil) so tests/t-diff-libxlu.sh can
 * compare them line by line.  See xlu-ref.c for the format.
 *
 *   usage: ag-dump [-p] FILE [KEY...]
 *          ag-dump -k FILE          the keys our parse stored, one a line
 *
 * Diagnostics are printed as libxlutil prints them: parse errors as
 * "FILE:LINE: config parsing error near ...", accessor warnings as
 * "FILE:LINE: warning: ...", the Python hint as "warning: ...".  LINE is our
 * true line, which differs from libxlutil's at NEWLINE tokens and at end of
 * input (docs/xlcfg.md).  Our own warnings, which libxlutil does not print,
 * carry "FILE:LINE:COL: warning:".  With -p each report line is followed by
 * "  at LINE:COL key KEY".
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "xl-parse/xlcfg.h"

#define DUMP_BOUND_MIN 1L       /* the bounds xlu-ref uses */
#define DUMP_BOUND_MAX 4096L
#define DUMP_MAX_DEPTH 256

struct dump {
	const char *file;
	struct ag_diags d;
	size_t done;            /* diagnostics already printed */
	bool positions;
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

static bool is_python_hint(const char *msg)
{
	return !strcmp(msg, XLCFG_PYTHON_HINT1) ||
	       !strcmp(msg, XLCFG_PYTHON_HINT2) ||
	       !strcmp(msg, XLCFG_PYTHON_HINT3);
}

/* parse_phase: warnings then are ours (with a column) or the hint. */
static void flush_diags(struct dump *dp, bool parse_phase)
{
	for (; dp->done < dp->d.n; dp->done++) {
		const struct ag_diag *g = &dp->d.v[dp->done];

		if (g->sev == AG_ERROR && g->line)
			printf("report: %s:%u: %s\n", g->file, g->line, g->msg);
		else if (g->sev == AG_ERROR)
			printf("report: %s: %s\n", g->file, g->msg);
		else if (is_python_hint(g->msg))
			printf("report: warning: %s\n", g->msg);
		else if (parse_phase)
			printf("report: %s:%u:%u: warning: %s\n", g->file,
			       g->line, g->col, g->msg);
		else
			printf("report: %s:%u: warning: %s\n", g->file, g->line,
			       g->msg);
		if (dp->positions)
			printf("  at %u:%u key %s\n", g->line, g->col,
			       g->key ? g->key : "-");
	}
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

static void print_list(const struct xlcfg_value *l, int depth)
{
	if (depth > DUMP_MAX_DEPTH) {
		printf("[...]");
		return;
	}
	putchar('[');
	for (size_t i = 0; i < l->nitems; i++) {
		if (i)
			printf(", ");
		if (l->items[i]->type == XLCFG_STRING)
			print_str(l->items[i]->str);
		else
			print_list(l->items[i], depth + 1);
	}
	putchar(']');
}

static void dump_key(struct dump *dp, const struct xlcfg *cfg, const char *k)
{
	const struct xlcfg_value *l;
	const char *s;
	long n;
	int e;

	e = xlcfg_get_string(cfg, k, &s, false, &dp->d);
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
	flush_diags(dp, false);

	e = xlcfg_get_long(cfg, k, &n, false, &dp->d);
	if (e == 0)
		printf("%s long %ld\n", k, n);
	else
		printf("%s long error %s\n", k, errname(e));
	flush_diags(dp, false);
	if (e == 0) {
		e = xlcfg_get_bounded_long(cfg, k, DUMP_BOUND_MIN,
					   DUMP_BOUND_MAX, &n, false, &dp->d);
		if (e == 0)
			printf("%s bounded %ld\n", k, n);
		else
			printf("%s bounded error %s\n", k, errname(e));
		flush_diags(dp, false);
	}

	e = xlcfg_get_list(cfg, k, &l, false, &dp->d);
	if (e == 0) {
		printf("%s list ", k);
		print_list(l, 0);
		putchar('\n');
	} else {
		printf("%s list error %s\n", k, errname(e));
	}
	flush_diags(dp, false);
}

/* Every key our parse stored, once, in file order. */
static void list_keys(const struct xlcfg *cfg)
{
	for (size_t i = 0; i < cfg->n; i++) {
		bool seen = false;

		for (size_t j = 0; j < i && !seen; j++)
			seen = !strcmp(cfg->v[j].key, cfg->v[i].key);
		if (!seen)
			printf("%s\n", cfg->v[i].key);
	}
}

int main(int argc, char **argv)
{
	struct dump dp = { 0 };
	struct xlcfg *cfg = NULL;
	bool keys_only = false;
	int argi = 1, e;

	for (; argi < argc && argv[argi][0] == '-'; argi++) {
		if (!strcmp(argv[argi], "-k"))
			keys_only = true;
		else if (!strcmp(argv[argi], "-p"))
			dp.positions = true;
		else
			break;
	}
	if (argi >= argc) {
		fprintf(stderr, "usage: ag-dump [-p] FILE [KEY...] | ag-dump -k FILE\n");
		return 2;
	}
	dp.file = argv[argi++];
	ag_diags_init(&dp.d);
	e = xlcfg_parse_file(dp.file, &cfg, &dp.d);
	if (keys_only) {
		if (cfg)
			list_keys(cfg);
	} else {
		printf("parse: %s\n", e ? "error" : "ok");
		flush_diags(&dp, true);
		for (; cfg && argi < argc; argi++)
			dump_key(&dp, cfg, argv[argi]);
	}
	xlcfg_free(cfg);
	ag_diags_free(&dp.d);
	return e == -ENOMEM ? 2 : 0;
}
