/* SPDX-License-Identifier: MIT */
/*
 * The known-key table (xl-parse/keys.c) as text:
 *   ag-keys md    docs/keys.md (tests/t-keys.sh fails when the file differs)
 *   ag-keys man   man/armguest-xlcfg.5 (tests/t-man.sh fails when the file differs)
 *   ag-keys tsv   key, since, condition, one status per release: for the tests
 *   ag-keys d0l-md    the key table of docs/dom0less.md (keys_dom0less.c)
 *   ag-keys d0l-check every key the main table honours or calls a device has a dom0less
 *                     row, every row names a known key, the rows are sorted (exit 1 if not)
 *   ag-keys d0l-tsv   key, condition, one dom0less status per release
 */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "xl-parse/keys.h"

/* The order statuses are counted and listed in. */
static const struct {
	enum ag_key_status s;
	const char *title;
} rows[] = {
	{ AG_KS_TREE, "honoured: in the device tree" },
	{ AG_KS_CREATE, "honoured: in domain creation" },
	{ AG_KS_BOTH, "honoured: in the tree and in creation" },
	{ AG_KS_REFUSED, "refused (an error, with the reason)" },
	{ AG_KS_DEVICE, "a device without a back end (`check`/`dtb` warn, `create` refuses unless `--without-devices`)" },
	{ AG_KS_WARNED, "warned about (ignored, with the reason)" },
	{ AG_KS_X86, "x86-only (a note)" },
	{ AG_KS_ABSENT, "added by a later release (an error naming it)" },
	{ AG_KS_PENDING, "read by this release, not implemented for it yet (an error)" },
};
#define N_ROWS (sizeof(rows) / sizeof(rows[0]))

static unsigned count(enum ag_release r, enum ag_key_status s)
{
	unsigned n = 0;

	for (size_t i = 0; i < ag_key_count(); i++)
		n += ag_key_at(i)->status[r] == s;
	return n;
}

static void print_counts(void)
{
	printf("| status |");
	for (int r = 0; r < AG_REL_N; r++)
		printf(" Xen %s |", ag_release_name((enum ag_release)r));
	printf("\n|---|");
	for (int r = 0; r < AG_REL_N; r++)
		printf("---|");
	printf("\n");
	for (size_t i = 0; i < N_ROWS; i++) {
		printf("| %s |", rows[i].title);
		for (int r = 0; r < AG_REL_N; r++)
			printf(" %u |", count((enum ag_release)r, rows[i].s));
		printf("\n");
	}
	printf("| **honoured / refused / warned / x86-only** |");
	for (int r = 0; r < AG_REL_N; r++) {
		enum ag_release rel = (enum ag_release)r;

		printf(" %u / %u / %u / %u |",
		       count(rel, AG_KS_TREE) + count(rel, AG_KS_CREATE) + count(rel, AG_KS_BOTH),
		       count(rel, AG_KS_REFUSED) + count(rel, AG_KS_DEVICE) +
		       count(rel, AG_KS_ABSENT) + count(rel, AG_KS_PENDING),
		       count(rel, AG_KS_WARNED), count(rel, AG_KS_X86));
	}
	printf("\n| total |");
	for (int r = 0; r < AG_REL_N; r++)
		printf(" %zu |", ag_key_count());
	printf("\n");
}

/* What each status means, for docs/keys.md and armguest-xlcfg(5) alike. */
static const struct {
	const char *names, *text;
} statuses[] = {
	{ "`tree`, `create`, `tree+create`",
	  "honoured, in the device tree, in domain creation, or both." },
	{ "`refused`", "an error, with the reason (\"when\": only for some values)." },
	{ "`warned`", "a warning with the reason; the key is ignored." },
	{ "`device`", "one diagnostic per device armguest runs no back end for: a warning from "
		      "`check` and `dtb`, an error from `create` unless `--without-devices`." },
	{ "`x86-only`", "a note; the key has no effect on Arm." },
	{ "`not-in-release`", "the key came with a later Xen release (\"since\"); an error "
			      "naming that release." },
	{ "`pending`", "read by that release's xl, not implemented by armguest for it yet; an "
		       "error." },
};

static const char *since_text(unsigned since)
{
	static char buf[16];

	if (since <= 17)
		return "";
	snprintf(buf, sizeof(buf), "4.%u", since);
	return buf;
}

static void print_md(void)
{
	printf("# Config keys\n\n"
	       "<!-- Generated from xl-parse/keys.c by tests/helpers/ag-keys.c (`ag-keys md`);\n"
	       "     tests/t-keys.sh fails when this file and the table differ. -->\n\n"
	       "Every top-level key `xl` reads for a domain (tools/xl/xl_parse.c: parse_config_data,\n"
	       "stable-4.17 and stable-4.20), and what armguest does with it for an Arm guest of each\n"
	       "Xen release. No key is dropped in silence: `check`, `dtb` and `create` run the same\n"
	       "validation, so each says the same thing at the key's `file:line:col`. A key not listed\n"
	       "here gets an \"unknown key\" warning, as xl ignores it too.\n\n"
	       "In the \"refused\" counts below, a refusal may depend on the value (\"when 0\":\n"
	       "`hap = 0` is refused, `hap = 1` is what armguest does anyway). The counts of\n"
	       "\"refused\" in the summary line include devices, keys of a later release and keys\n"
	       "not implemented yet.\n\n");
	print_counts();
	printf("\n| key | since | Xen 4.17 | Xen 4.20 | what armguest does, or why not |\n"
	       "|---|---|---|---|---|\n");
	for (size_t i = 0; i < ag_key_count(); i++) {
		const struct ag_key_info *k = ag_key_at(i);
		const char *when = ag_key_when_text(k);

		printf("| `%s` | %s | ", k->name, since_text(k->since));
		for (int r = 0; r < AG_REL_N; r++) {
			enum ag_key_status st = k->status[r];
			/* The condition qualifies refusals and warnings only. */
			bool cond = *when && (st == AG_KS_REFUSED || st == AG_KS_WARNED);

			printf("%s%s%s | ", ag_key_status_name(st), cond ? " " : "",
			       cond ? when : "");
		}
		printf("%s |\n", k->why ? k->why : k->status[0] == AG_KS_X86 ?
		       "no effect on Arm" : "");
	}
	printf("\nStatuses:\n\n");
	for (size_t i = 0; i < sizeof(statuses) / sizeof(statuses[0]); i++)
		printf("- %s: %s\n", statuses[i].names, statuses[i].text);
}

/* s as roff text: `code` in bold, backslashes and hyphens escaped, no request at a line start. */
static void roff(const char *s)
{
	bool bold = false;

	if (*s == '.' || *s == '\'')
		printf("\\&");
	for (; *s; s++) {
		if (*s == '`') {
			printf(bold ? "\\fP" : "\\fB");
			bold = !bold;
		} else if (*s == '\\') {
			printf("\\e");
		} else if (*s == '-') {
			printf("\\-");
		} else {
			putchar(*s);
		}
	}
	if (bold)
		printf("\\fP");
}

static void print_man(void)
{
	printf(".\\\" Generated from xl-parse/keys.c by tests/helpers/ag-keys.c (`ag-keys man`);\n"
	       ".\\\" tests/t-man.sh fails when this file and the table differ.\n"
	       ".TH ARMGUEST\\-XLCFG 5 \"2026\" \"armguest 0.1.0\" \"File Formats\"\n"
	       ".SH NAME\n"
	       "armguest\\-xlcfg \\- the xl.cfg keys armguest reads, and what it does with each\n"
	       ".SH DESCRIPTION\n"
	       ".BR armguest (1)\n"
	       "reads a guest's configuration in\n"
	       ".BR xl.cfg (5)\n"
	       "syntax. These are every top\\-level key\n"
	       ".B xl\n"
	       "reads for a domain (Xen's tools/xl/xl_parse.c: parse_config_data, stable\\-4.17\n"
	       "and stable\\-4.20), each with its status for an Arm guest of each Xen release.\n"
	       "No key is dropped in silence:\n"
	       ".BR check ,\n"
	       ".B dtb\n"
	       "and\n"
	       ".B create\n"
	       "say the same thing at the key's\n"
	       ".IR file : line : column .\n"
	       "A key not listed here gets an \"unknown key\" warning, as xl ignores it too.\n"
	       ".SH STATUSES\n");
	for (size_t i = 0; i < sizeof(statuses) / sizeof(statuses[0]); i++) {
		printf(".TP\n");
		roff(statuses[i].names);
		printf("\n");
		roff(statuses[i].text);
		printf("\n");
	}
	printf(".SH KEYS\n");
	for (size_t i = 0; i < ag_key_count(); i++) {
		const struct ag_key_info *k = ag_key_at(i);
		const char *when = ag_key_when_text(k);

		printf(".TP\n.B %s\n", k->name);
		if (*since_text(k->since))
			printf("(since Xen %s) ", since_text(k->since));
		for (int r = 0; r < AG_REL_N; r++) {
			enum ag_key_status st = k->status[r];
			bool cond = *when && (st == AG_KS_REFUSED || st == AG_KS_WARNED);

			printf("Xen %s: ", ag_release_name((enum ag_release)r));
			roff(ag_key_status_name(st));
			if (cond) {
				putchar(' ');
				roff(when);
			}
			printf("%s", r + 1 < AG_REL_N ? "; " : ".\n");
		}
		if (k->why) {
			printf(".br\n");
			roff(k->why);
			putchar('\n');
		} else if (k->status[0] == AG_KS_X86) {
			printf(".br\nNo effect on Arm.\n");
		}
	}
	printf(".SH \"SEE ALSO\"\n.BR armguest (1),\n.BR xl.cfg (5)\n");
}

static void print_tsv(void)
{
	for (size_t i = 0; i < ag_key_count(); i++) {
		const struct ag_key_info *k = ag_key_at(i);

		printf("%s\t%u\t%d", k->name, k->since, (int)k->when);
		for (int r = 0; r < AG_REL_N; r++)
			printf("\t%s", ag_key_status_name(k->status[r]));
		printf("\n");
	}
}

static void print_d0l_md(void)
{
	printf("<!-- Generated from xl-parse/keys_dom0less.c by tests/helpers/ag-keys.c (`ag-keys d0l-md`);\n"
	       "     tests/t-dom0less.sh fails when this table and keys_dom0less.c differ. -->\n\n"
	       "| key | Xen 4.17 | Xen 4.20 | in dom0less |\n|---|---|---|---|\n");
	for (size_t i = 0; i < ag_d0l_key_count(); i++) {
		const struct ag_d0l_key *k = ag_d0l_key_at(i);
		const char *when = ag_d0l_when_text(k->when);

		printf("| `%s` |", k->name);
		for (int r = 0; r < AG_REL_N; r++) {
			enum ag_d0l_status st = k->status[r];
			bool cond = *when && (st == AG_D0L_LOST || st == AG_D0L_REFUSED);

			printf(" %s%s%s |", ag_d0l_status_name(st), cond ? " " : "", cond ? when : "");
		}
		printf(" %s |\n", k->what);
	}
}

static void print_d0l_tsv(void)
{
	for (size_t i = 0; i < ag_d0l_key_count(); i++) {
		const struct ag_d0l_key *k = ag_d0l_key_at(i);

		printf("%s\t%d", k->name, (int)k->when);
		for (int r = 0; r < AG_REL_N; r++)
			printf("\t%s", ag_d0l_status_name(k->status[r]));
		printf("\n");
	}
}

static bool needs_d0l_row(const struct ag_key_info *k)
{
	for (int r = 0; r < AG_REL_N; r++)
		if (ag_key_status_honoured(k->status[r]) || k->status[r] == AG_KS_DEVICE)
			return true;
	return false;
}

static int d0l_check(void)
{
	int bad = 0;

	for (size_t i = 0; i < ag_key_count(); i++) {
		const struct ag_key_info *k = ag_key_at(i);

		if (needs_d0l_row(k) && !ag_d0l_key_lookup(k->name)) {
			printf("`%s' is honoured or a device, and has no dom0less row\n", k->name);
			bad = 1;
		}
	}
	for (size_t i = 0; i < ag_d0l_key_count(); i++) {
		const struct ag_d0l_key *k = ag_d0l_key_at(i);

		if (!ag_key_lookup(k->name)) {
			printf("dom0less row `%s' is not a key xl reads\n", k->name);
			bad = 1;
		}
		if (i && strcmp(ag_d0l_key_at(i - 1)->name, k->name) >= 0) {
			printf("dom0less rows `%s', `%s' are out of order\n",
			       ag_d0l_key_at(i - 1)->name, k->name);
			bad = 1;
		}
	}
	return bad;
}

int main(int argc, char **argv)
{
	if (argc == 2 && !strcmp(argv[1], "md"))
		print_md();
	else if (argc == 2 && !strcmp(argv[1], "man"))
		print_man();
	else if (argc == 2 && !strcmp(argv[1], "tsv"))
		print_tsv();
	else if (argc == 2 && !strcmp(argv[1], "d0l-md"))
		print_d0l_md();
	else if (argc == 2 && !strcmp(argv[1], "d0l-tsv"))
		print_d0l_tsv();
	else if (argc == 2 && !strcmp(argv[1], "d0l-check"))
		return d0l_check();
	else {
		fprintf(stderr, "usage: ag-keys md|man|tsv|d0l-md|d0l-tsv|d0l-check\n");
		return 2;
	}
	return 0;
}
