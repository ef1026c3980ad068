/* SPDX-License-Identifier: MIT */
/*
 * Where we deliberately differ from libxlutil 4.17 (docs/xlcfg.md), and the
 * resource bounds.
 */
#include "test_xlcfg_util.h"

#define HEX_WARNING(hh, val) \
	"`\\x" hh "' is read as the byte " val ", but xl 4.17 cannot read " \
	"this file: its libxlutil rejects every \\x escape"
#define CRLF_WARNING \
	"CRLF (DOS) line endings: armguest reads \\r\\n as a newline, but " \
	"xl 4.17 rejects this file (a lexical error at every \\r); convert " \
	"it with dos2unix"

/* --- NUL bytes --------------------------------------------------------- */

static void nul_byte_is_refused_at_its_position(void **state)
{
	static const char text[] = "a = 1\nb = \"x\0y\"\n";
	struct parsed p;

	(void)state;
	parse_len(&p, text, sizeof(text) - 1);
	assert_int_equal(p.rc, -EINVAL);
	assert_int_equal(p.d.n, 1);
	assert_diag(&p.d, 0, AG_ERROR, 2, 7, NULL, "NUL byte in the config "
		    "file: it is not a text file (xl 4.17 would misread it)");
	/* nothing of the file is used */
	assert_non_null(p.cfg);
	assert_int_equal(p.cfg->n, 0);
	parsed_free(&p);
}

static void nul_byte_in_a_comment_is_refused(void **state)
{
	static const char text[] = "# \0\na = 1\n";
	struct parsed p;

	(void)state;
	parse_len(&p, text, sizeof(text) - 1);
	assert_int_equal(p.rc, -EINVAL);
	assert_int_equal(p.d.v[0].line, 1);
	assert_int_equal(p.d.v[0].col, 3);
	parsed_free(&p);
}

/* --- CRLF -------------------------------------------------------------- */

static void crlf_is_read_as_newline_with_one_warning(void **state)
{
	struct parsed p;

	(void)state;
	parse(&p, "a = 1\r\nb = [ \"x\",\r\n \"y\" ]\r\n");
	assert_int_equal(p.rc, 0);
	assert_int_equal(p.d.n, 1);
	assert_diag(&p.d, 0, AG_WARNING, 1, 6, NULL, CRLF_WARNING);
	assert_string_equal(str_of(p.cfg, "a"), "1");
	assert_int_equal(list_of(p.cfg, "b")->nitems, 2);
	assert_int_equal(list_of(p.cfg, "b")->items[1]->line, 3);
	parsed_free(&p);
}

static void lone_cr_is_still_a_lexical_error(void **state)
{
	struct parsed p;

	(void)state;
	parse(&p, "a = 1\rb = 2\n");
	assert_int_equal(p.rc, -EINVAL);
	assert_diag(&p.d, 0, AG_ERROR, 1, 6, NULL,
		    "config parsing error near `\rb': lexical error");
	parsed_free(&p);
}

static void cr_inside_a_comment_is_part_of_it(void **state)
{
	struct parsed p;

	(void)state;
	/* libxlutil accepts this file: no warning */
	parse(&p, "a = 1 # dos\r\nb = 2\n");
	assert_int_equal(p.rc, 0);
	assert_int_equal(p.d.n, 0);
	parsed_free(&p);
}

/* --- escapes ----------------------------------------------------------- */

static void hex_escape_is_read_as_its_byte(void **state)
{
	struct parsed p;

	(void)state;
	parse(&p, "a = \"\\x41\\x7e-\\xE9\"\n");
	assert_int_equal(p.rc, 0);
	assert_string_equal(str_of(p.cfg, "a"), "A~-\xe9");
	assert_int_equal(p.d.n, 3);
	assert_diag(&p.d, 0, AG_WARNING, 1, 6, "a", HEX_WARNING("41", "0x41"));
	assert_diag(&p.d, 1, AG_WARNING, 1, 10, "a", HEX_WARNING("7e", "0x7e"));
	assert_diag(&p.d, 2, AG_WARNING, 1, 15, "a", HEX_WARNING("E9", "0xe9"));
	parsed_free(&p);
}

static void hex_escape_takes_exactly_two_digits(void **state)
{
	struct parsed p;

	(void)state;
	parse(&p, "a = '\\x414'\n");
	assert_int_equal(p.rc, 0);
	assert_string_equal(str_of(p.cfg, "a"), "A4");
	parsed_free(&p);
}

static void hex_escape_with_one_digit_is_rejected(void **state)
{
	struct parsed p;

	(void)state;
	parse(&p, "a = \"\\xAp\"\n");
	assert_int_equal(p.rc, -EINVAL);
	assert_int_equal(p.d.n, 1);
	assert_diag(&p.d, 0, AG_ERROR, 1, 6, "a",
		    "config parsing error near `\"\\xAp\"': invalid digit after "
		    "backslash hexnumerical character escape in quoted string");
	parsed_free(&p);
}

static void hex_escape_of_nul_is_refused(void **state)
{
	struct parsed p;

	(void)state;
	parse(&p, "a = \"x\\x00\"\nb = 1\n");
	assert_int_equal(p.rc, -EINVAL);
	assert_int_equal(p.d.n, 1);
	assert_diag(&p.d, 0, AG_ERROR, 1, 7, "a",
		    "`\\x00' would put a NUL byte in the string");
	assert_null(xlcfg_find(p.cfg, "a"));
	assert_null(xlcfg_find(p.cfg, "b"));
	parsed_free(&p);
}

static void octal_escape_is_dropped_with_a_warning(void **state)
{
	struct parsed p;

	(void)state;
	parse(&p, "a = \"\\101Z\"\n");
	assert_int_equal(p.rc, 0);
	/* what libxlutil makes of it */
	assert_string_equal(str_of(p.cfg, "a"), "Z");
	assert_int_equal(p.d.n, 1);
	assert_diag(&p.d, 0, AG_WARNING, 1, 6, "a",
		    "xl 4.17 drops `\\101' from this string: libxlutil has no "
		    "octal escapes (it discards the backslash, the digit and "
		    "the number after it)");
	parsed_free(&p);
}

static void octal_escape_number_may_start_with_blank_or_sign(void **state)
{
	struct parsed p;

	(void)state;
	parse(&p, "a = \"<\\1 2>\"\nb = '<\\7-5>'\n");
	assert_int_equal(p.rc, 0);
	assert_string_equal(str_of(p.cfg, "a"), "<>");
	assert_string_equal(str_of(p.cfg, "b"), "<>");
	parsed_free(&p);
}

static void octal_escape_before_closing_quote_is_rejected(void **state)
{
	struct parsed p;

	(void)state;
	parse(&p, "a = \"\\0\"\n");
	assert_int_equal(p.rc, -EINVAL);
	assert_diag(&p.d, 0, AG_ERROR, 1, 6, "a",
		    "config parsing error near `\"\\0\"': invalid digit after "
		    "backslash octalnumerical character escape in quoted string");
	parsed_free(&p);
}

/* --- resource bounds --------------------------------------------------- */

static char *nested(unsigned depth)
{
	char *s = malloc(2 * depth + 16);
	size_t n = 0;

	assert_non_null(s);
	n += (size_t)sprintf(s, "a = ");
	memset(s + n, '[', depth);
	n += depth;
	s[n++] = '1';
	memset(s + n, ']', depth);
	n += depth;
	strcpy(s + n, "\n");
	return s;
}

static void nesting_to_the_limit_is_accepted(void **state)
{
	struct parsed p;
	const struct xlcfg_value *v;
	char *text = nested(XLCFG_MAX_DEPTH);

	(void)state;
	parse(&p, text);
	assert_int_equal(p.rc, 0);
	v = list_of(p.cfg, "a");
	for (unsigned i = 1; i < XLCFG_MAX_DEPTH; i++)
		v = v->items[0];
	assert_string_equal(v->items[0]->str, "1");
	parsed_free(&p);
	free(text);
}

static void nesting_past_the_limit_is_refused(void **state)
{
	struct parsed p;
	char *text = nested(XLCFG_MAX_DEPTH + 1);

	(void)state;
	parse(&p, text);
	assert_int_equal(p.rc, -EINVAL);
	assert_int_equal(p.d.n, 1);
	assert_diag(&p.d, 0, AG_ERROR, 1, 5 + XLCFG_MAX_DEPTH, "a",
		    "lists nested more than 64 deep are refused");
	assert_null(xlcfg_find(p.cfg, "a"));
	parsed_free(&p);
	free(text);
}

static void deep_nesting_does_not_exhaust_the_stack(void **state)
{
	struct parsed p;
	char *text = nested(100000);

	(void)state;
	parse(&p, text);
	assert_int_equal(p.rc, -EINVAL);
	assert_int_equal(p.d.n, 1);
	parsed_free(&p);
	free(text);
}

static void text_over_the_size_limit_is_refused(void **state)
{
	size_t len = XLCFG_MAX_FILE_SIZE + 1;
	char *text = malloc(len);
	struct parsed p;

	(void)state;
	assert_non_null(text);
	memset(text, '\n', len);
	parse_len(&p, text, len);
	assert_int_equal(p.rc, -EFBIG);
	assert_null(p.cfg);
	assert_diag(&p.d, 0, AG_ERROR, 0, 0, NULL, "config file is 1048577 "
		    "bytes; armguest reads at most 1048576");
	parsed_free(&p);
	free(text);
}

static void text_at_the_size_limit_is_read(void **state)
{
	size_t len = XLCFG_MAX_FILE_SIZE;
	char *text = malloc(len);
	struct parsed p;

	(void)state;
	assert_non_null(text);
	memset(text, '\n', len);
	memcpy(text, "a = 1", 5);
	parse_len(&p, text, len);
	assert_int_equal(p.rc, 0);
	assert_string_equal(str_of(p.cfg, "a"), "1");
	parsed_free(&p);
	free(text);
}

static void long_addition_chain_keeps_every_part(void **state)
{
	enum { PARTS = 20000 };
	char *text = malloc(PARTS * 12 + 16);
	const char *s;
	size_t n = 0;
	struct parsed p;

	(void)state;
	assert_non_null(text);
	for (unsigned i = 0; i < PARTS; i++)
		n += (size_t)sprintf(text + n, "a += \"%u\"\n", i % 10);
	parse_len(&p, text, n);
	assert_int_equal(p.rc, 0);
	s = str_of(p.cfg, "a");
	assert_int_equal(strlen(s), PARTS);
	assert_memory_equal(s, "0123456789", 10);
	assert_int_equal(s[PARTS - 1], '9');
	parsed_free(&p);
	free(text);
}

static void many_keys_each_find_their_last_value(void **state)
{
	enum { KEYS = 30000 };
	char *text = malloc(KEYS * 2 * 16 + 16);
	size_t n = 0;
	struct parsed p;

	(void)state;
	assert_non_null(text);
	/* every key assigned, then every key extended with += */
	for (unsigned i = 0; i < KEYS; i++)
		n += (size_t)sprintf(text + n, "k%u=\"a\"\n", i);
	for (unsigned i = 0; i < KEYS; i++)
		n += (size_t)sprintf(text + n, "k%u+=\"%u\"\n", i, i % 7);
	parse_len(&p, text, n);
	assert_int_equal(p.rc, 0);
	assert_int_equal(p.cfg->n, 2 * KEYS);
	assert_string_equal(str_of(p.cfg, "k0"), "a0");
	assert_string_equal(str_of(p.cfg, "k29999"), "a4");   /* 29999 % 7 */
	assert_int_equal(xlcfg_find(p.cfg, "k12345")->line, KEYS + 12346);
	assert_null(xlcfg_find(p.cfg, "k30000"));
	parsed_free(&p);
	free(text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(nul_byte_is_refused_at_its_position),
		cmocka_unit_test(nul_byte_in_a_comment_is_refused),
		cmocka_unit_test(crlf_is_read_as_newline_with_one_warning),
		cmocka_unit_test(lone_cr_is_still_a_lexical_error),
		cmocka_unit_test(cr_inside_a_comment_is_part_of_it),
		cmocka_unit_test(hex_escape_is_read_as_its_byte),
		cmocka_unit_test(hex_escape_takes_exactly_two_digits),
		cmocka_unit_test(hex_escape_with_one_digit_is_rejected),
		cmocka_unit_test(hex_escape_of_nul_is_refused),
		cmocka_unit_test(octal_escape_is_dropped_with_a_warning),
		cmocka_unit_test(octal_escape_number_may_start_with_blank_or_sign),
		cmocka_unit_test(octal_escape_before_closing_quote_is_rejected),
		cmocka_unit_test(nesting_to_the_limit_is_accepted),
		cmocka_unit_test(nesting_past_the_limit_is_refused),
		cmocka_unit_test(deep_nesting_does_not_exhaust_the_stack),
		cmocka_unit_test(text_over_the_size_limit_is_refused),
		cmocka_unit_test(text_at_the_size_limit_is_read),
		cmocka_unit_test(long_addition_chain_keeps_every_part),
		cmocka_unit_test(many_keys_each_find_their_last_value),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
