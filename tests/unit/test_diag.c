/* SPDX-License-Identifier: MIT */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/diag.h"

static char *print_to_string(const struct ag_diag *diag)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	assert_non_null(f);
	ag_diag_print(f, diag);
	fclose(f);
	return buf;
}

static void diag_prints_file_line_col(void **state)
{
	struct ag_diags d;
	char *s;

	(void)state;
	ag_diags_init(&d);
	assert_int_equal(ag_diag_add(&d, AG_ERROR, "g.cfg", 3, 7, "memory",
				     "bad %s", "value"), 0);
	s = print_to_string(&d.v[0]);
	assert_string_equal(s, "g.cfg:3:7: error: bad value\n");
	assert_string_equal(d.v[0].key, "memory");
	free(s);
	ag_diags_free(&d);
}

static void diag_omits_unknown_position(void **state)
{
	struct ag_diags d;
	char *s;

	(void)state;
	ag_diags_init(&d);
	ag_diag_add(&d, AG_WARNING, "g.cfg", 2, 0, NULL, "w");
	ag_diag_add(&d, AG_NOTE, NULL, 0, 0, NULL, "n");
	s = print_to_string(&d.v[0]);
	assert_string_equal(s, "g.cfg:2: warning: w\n");
	free(s);
	s = print_to_string(&d.v[1]);
	assert_string_equal(s, "armguest: note: n\n");
	free(s);
	ag_diags_free(&d);
}

static void diag_counts_by_severity(void **state)
{
	struct ag_diags d;

	(void)state;
	ag_diags_init(&d);
	for (int i = 0; i < 20; i++)
		ag_diag_add(&d, i % 2 ? AG_ERROR : AG_WARNING, "f", 1, 1, NULL, "%d", i);
	assert_int_equal(ag_diags_count(&d, AG_ERROR), 10);
	assert_int_equal(ag_diags_count(&d, AG_WARNING), 10);
	assert_int_equal(ag_diags_count(&d, AG_NOTE), 0);
	assert_string_equal(d.v[19].msg, "19");
	ag_diags_free(&d);
	assert_int_equal(d.n, 0);
}

/* Control bytes, C1 controls and bytes that are not UTF-8 are escaped; UTF-8 is kept. */
static void diag_escapes_what_could_drive_a_terminal(void **state)
{
	struct ag_diags d;
	char *s;

	(void)state;
	ag_diags_init(&d);
	assert_int_equal(ag_diag_add(&d, AG_ERROR, "a\nb.cfg", 1, 2, NULL,
				     "near `\033]0;x\007\033[2J' \xc2\x9b" "1m caf\xc3\xa9 \xff \x7f"), 0);
	s = print_to_string(&d.v[0]);
	assert_string_equal(s, "a\\x0ab.cfg:1:2: error: near `\\x1b]0;x\\x07\\x1b[2J'"
			    " \\xc2\\x9b1m caf\xc3\xa9 \\xff \\x7f\n");
	free(s);
	ag_diags_free(&d);
}

/* At most AG_DIAGS_PRINT_MAX lines, then one saying what was left out. */
static void diag_output_is_capped_with_a_count(void **state)
{
	struct ag_diags d;
	char *buf = NULL, want[128];
	size_t len = 0, lines = 0;
	FILE *f;

	(void)state;
	ag_diags_init(&d);
	for (int i = 0; i < AG_DIAGS_PRINT_MAX + 30; i++)
		assert_int_equal(ag_diag_add(&d, i % 3 == 0 ? AG_WARNING : AG_ERROR, "g.cfg",
					     (unsigned)i + 1, 1, NULL, "lexical error"), 0);
	f = open_memstream(&buf, &len);
	assert_non_null(f);
	ag_diags_print(f, &d);
	fclose(f);
	for (size_t i = 0; i < len; i++)
		lines += buf[i] == '\n';
	assert_int_equal(lines, AG_DIAGS_PRINT_MAX + 1);
	/* Of the 30 left out (50..79), those with i % 3 == 0 are warnings: 51, 54, ... 78. */
	snprintf(want, sizeof(want), "armguest: 30 more diagnostics not shown (20 errors,"
		 " 10 warnings, 0 notes)\n");
	assert_string_equal(buf + len - strlen(want), want);
	free(buf);
	ag_diags_free(&d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(diag_prints_file_line_col),
		cmocka_unit_test(diag_escapes_what_could_drive_a_terminal),
		cmocka_unit_test(diag_output_is_capped_with_a_count),
		cmocka_unit_test(diag_omits_unknown_position),
		cmocka_unit_test(diag_counts_by_severity),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
