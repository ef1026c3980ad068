/* SPDX-License-Identifier: MIT */
/*
 * The xl.cfg grammar as libxlutil 4.17 reads it: accepted forms, the values
 * and positions they produce, and rejected forms with libxlutil's message.
 * Expected messages were taken from the real libxlutil (xlu-ref).
 */
#include "test_xlcfg_util.h"

#define NEAR "config parsing error near "

/* --- values and positions --------------------------------------------- */

static void number_is_kept_as_literal_text(void **state)
{
	struct parsed p;
	const struct xlcfg_setting *s;

	(void)state;
	parse(&p, "memory = 0x100\n");
	assert_int_equal(p.rc, 0);
	s = xlcfg_find(p.cfg, "memory");
	assert_non_null(s);
	assert_string_equal(s->value->str, "0x100");
	assert_int_equal(s->value->len, 5);
	assert_false(s->addition);
	assert_int_equal(p.d.n, 0);
	parsed_free(&p);
}

static void setting_records_key_and_value_positions(void **state)
{
	struct parsed p;
	const struct xlcfg_setting *s;

	(void)state;
	parse(&p, "\n  name\t= \"web\"\n");
	assert_int_equal(p.rc, 0);
	s = xlcfg_find(p.cfg, "name");
	assert_int_equal(s->line, 2);
	assert_int_equal(s->col, 3);
	assert_int_equal(s->value->line, 2);
	assert_int_equal(s->value->col, 10);
	parsed_free(&p);
}

static void column_counts_bytes(void **state)
{
	struct parsed p;

	(void)state;
	/* "é" is two bytes, so b's value starts at byte 15 of its line */
	parse(&p, "a = \"\xc3\xa9\"; b = 1\n");
	assert_int_equal(p.rc, 0);
	assert_int_equal(xlcfg_find(p.cfg, "b")->value->col, 15);
	parsed_free(&p);
}

static void double_and_single_quotes_both_dequote(void **state)
{
	struct parsed p;

	(void)state;
	parse(&p, "a = \"it's\"\nb = 'say \"hi\"'\nc = ''\n");
	assert_int_equal(p.rc, 0);
	assert_string_equal(str_of(p.cfg, "a"), "it's");
	assert_string_equal(str_of(p.cfg, "b"), "say \"hi\"");
	assert_string_equal(str_of(p.cfg, "c"), "");
	parsed_free(&p);
}

static void simple_escapes_give_their_bytes(void **state)
{
	struct parsed p;

	(void)state;
	parse(&p, "a = \"\\a\\b\\f\\n\\r\\t\\v\\\"\\'\\\\\"\n");
	assert_int_equal(p.rc, 0);
	assert_string_equal(str_of(p.cfg, "a"), "\a\b\f\n\r\t\v\"'\\");
	parsed_free(&p);
}

static void unicode_in_strings_is_kept_as_bytes(void **state)
{
	struct parsed p;

	(void)state;
	parse(&p, "a = \"Gr\xc3\xbc\xc3\x9f\xc3\xa9 \xf0\x9f\x90\xa7\"\n");
	assert_int_equal(p.rc, 0);
	assert_string_equal(str_of(p.cfg, "a"),
			    "Gr\xc3\xbc\xc3\x9f\xc3\xa9 \xf0\x9f\x90\xa7");
	parsed_free(&p);
}

static void empty_text_has_no_settings(void **state)
{
	struct parsed p;

	(void)state;
	parse(&p, "");
	assert_int_equal(p.rc, 0);
	assert_non_null(p.cfg);
	assert_int_equal(p.cfg->n, 0);
	assert_string_equal(p.cfg->source, "t.cfg");
	parsed_free(&p);
}

static void semicolons_and_blank_lines_separate(void **state)
{
	struct parsed p;

	(void)state;
	parse(&p, ";\n\na=1;b=2 ;; c = 3;\n\n");
	assert_int_equal(p.rc, 0);
	assert_int_equal(p.cfg->n, 3);
	assert_string_equal(str_of(p.cfg, "c"), "3");
	parsed_free(&p);
}

static void last_assignment_needs_no_terminator(void **state)
{
	struct parsed p;

	(void)state;
	parse(&p, "a = 1\nb = [ \"x\",\n \"y\" ]");
	assert_int_equal(p.rc, 0);
	assert_int_equal(list_of(p.cfg, "b")->nitems, 2);
	parsed_free(&p);
}

static void comment_ends_a_statement(void **state)
{
	struct parsed p;

	(void)state;
	parse(&p, "# head\na = 1 # one\nb = \"x\"#no space\n#\n");
	assert_int_equal(p.rc, 0);
	assert_string_equal(str_of(p.cfg, "a"), "1");
	assert_string_equal(str_of(p.cfg, "b"), "x");
	assert_int_equal(p.d.n, 0);
	parsed_free(&p);
}

static void hash_inside_string_is_not_a_comment(void **state)
{
	struct parsed p;

	(void)state;
	parse(&p, "a = \"x # y\"\n");
	assert_int_equal(p.rc, 0);
	assert_string_equal(str_of(p.cfg, "a"), "x # y");
	parsed_free(&p);
}

static void ident_allows_dot_underscore_digits(void **state)
{
	struct parsed p;

	(void)state;
	parse(&p, "a.b = 1\nk_9.x_ = 2\nz. = 3\n");
	assert_int_equal(p.rc, 0);
	assert_string_equal(str_of(p.cfg, "a.b"), "1");
	assert_string_equal(str_of(p.cfg, "k_9.x_"), "2");
	assert_string_equal(str_of(p.cfg, "z."), "3");
	parsed_free(&p);
}

static void numbers_take_hex_letters_and_x(void **state)
{
	struct parsed p;

	(void)state;
	parse(&p, "a = 12abc\nb = 1e3\nc = 0x1x\nd = 08\n");
	assert_int_equal(p.rc, 0);
	assert_string_equal(str_of(p.cfg, "a"), "12abc");
	assert_string_equal(str_of(p.cfg, "b"), "1e3");
	assert_string_equal(str_of(p.cfg, "c"), "0x1x");
	assert_string_equal(str_of(p.cfg, "d"), "08");
	parsed_free(&p);
}

/* --- lists ------------------------------------------------------------ */

static void list_nests_and_keeps_item_positions(void **state)
{
	struct parsed p;
	const struct xlcfg_value *l;

	(void)state;
	parse(&p, "a = [ \"x\",\n  [ 1, [] ] ]\n");
	assert_int_equal(p.rc, 0);
	l = list_of(p.cfg, "a");
	assert_int_equal(l->line, 1);
	assert_int_equal(l->col, 5);
	assert_int_equal(l->nitems, 2);
	assert_string_equal(l->items[0]->str, "x");
	assert_int_equal(l->items[1]->type, XLCFG_LIST);
	assert_int_equal(l->items[1]->line, 2);
	assert_int_equal(l->items[1]->col, 3);
	assert_string_equal(l->items[1]->items[0]->str, "1");
	assert_int_equal(l->items[1]->items[0]->col, 5);
	assert_int_equal(l->items[1]->items[1]->type, XLCFG_LIST);
	assert_int_equal(l->items[1]->items[1]->nitems, 0);
	parsed_free(&p);
}

static void list_allows_trailing_comma(void **state)
{
	struct parsed p;

	(void)state;
	parse(&p, "a = [ \"x\", ]\n");
	assert_int_equal(p.rc, 0);
	assert_int_equal(list_of(p.cfg, "a")->nitems, 1);
	parsed_free(&p);
}

static void list_allows_newlines_and_comments_inside(void **state)
{
	struct parsed p;
	const struct xlcfg_value *l;

	(void)state;
	parse(&p, "a = [ # c\n\n \"x\" # d\n , # e\n \"y\",\n # f\n]\n");
	assert_int_equal(p.rc, 0);
	l = list_of(p.cfg, "a");
	assert_int_equal(l->nitems, 2);
	assert_string_equal(l->items[1]->str, "y");
	assert_int_equal(l->items[1]->line, 5);
	parsed_free(&p);
}

static void list_may_be_empty(void **state)
{
	struct parsed p;

	(void)state;
	parse(&p, "a = []\nb = [\n\n]\n");
	assert_int_equal(p.rc, 0);
	assert_int_equal(list_of(p.cfg, "a")->nitems, 0);
	assert_int_equal(list_of(p.cfg, "b")->nitems, 0);
	parsed_free(&p);
}

static void list_with_only_a_comma_is_rejected(void **state)
{
	struct parsed p;

	(void)state;
	parse(&p, "a = [ , ]\n");
	assert_int_equal(p.rc, -EINVAL);
	assert_int_equal(p.d.n, 1);
	assert_diag(&p.d, 0, AG_ERROR, 1, 7, "a", NEAR
		    "`,': syntax error, unexpected ',', expecting ']'");
	parsed_free(&p);
}

static void list_items_need_commas(void **state)
{
	struct parsed p;

	(void)state;
	parse(&p, "a = [ \"x\" \"y\" ]\n");
	assert_int_equal(p.rc, -EINVAL);
	assert_diag(&p.d, 0, AG_ERROR, 1, 11, "a", NEAR
		    "`\"y\"': syntax error, unexpected STRING, expecting ']'");
	parsed_free(&p);
}

static void unclosed_list_at_end_of_input(void **state)
{
	struct parsed p;

	(void)state;
	parse(&p, "a = [ \"x\",\n");
	assert_int_equal(p.rc, -EINVAL);
	assert_int_equal(p.d.n, 1);
	/* libxlutil says line 1; the end of input is at 2:1 */
	assert_diag(&p.d, 0, AG_ERROR, 2, 1, "a", NEAR
		    "`': syntax error, unexpected $end, expecting ']'");
	assert_null(xlcfg_find(p.cfg, "a"));
	parsed_free(&p);
}

/* --- duplicates and += ------------------------------------------------- */

static void last_assignment_of_a_key_wins(void **state)
{
	struct parsed p;

	(void)state;
	parse(&p, "a = 1\nb = 0\na = \"two\"\n");
	assert_int_equal(p.rc, 0);
	assert_string_equal(str_of(p.cfg, "a"), "two");
	assert_int_equal(xlcfg_find(p.cfg, "a")->line, 3);
	/* every assignment is kept, in file order */
	assert_int_equal(p.cfg->n, 3);
	assert_string_equal(p.cfg->v[0].value->str, "1");
	parsed_free(&p);
}

static void add_concatenates_strings_without_separator(void **state)
{
	struct parsed p;
	const struct xlcfg_setting *s;

	(void)state;
	parse(&p, "a = \"x\"\na += \"y\"\na += \"z\"\n");
	assert_int_equal(p.rc, 0);
	s = xlcfg_find(p.cfg, "a");
	assert_string_equal(s->value->str, "xyz");
	assert_int_equal(s->value->len, 3);
	assert_true(s->addition);
	/* the setting is dated at its own value, as libxlutil does */
	assert_int_equal(s->value->line, 3);
	assert_int_equal(s->value->col, 6);
	parsed_free(&p);
}

static void add_appends_list_items(void **state)
{
	struct parsed p;
	const struct xlcfg_value *l;

	(void)state;
	parse(&p, "l = [ \"a\", \"b\" ]\nl += [ \"c\", [ \"d\" ] ]\n");
	assert_int_equal(p.rc, 0);
	l = list_of(p.cfg, "l");
	assert_int_equal(l->nitems, 4);
	assert_string_equal(l->items[0]->str, "a");
	assert_string_equal(l->items[2]->str, "c");
	assert_int_equal(l->items[3]->type, XLCFG_LIST);
	assert_int_equal(l->items[0]->line, 1);
	parsed_free(&p);
}

static void add_moves_earlier_value_out(void **state)
{
	struct parsed p;

	(void)state;
	parse(&p, "l = [ 1, 2 ]\nl += [ 3 ]\n");
	assert_int_equal(p.rc, 0);
	assert_int_equal(p.cfg->n, 2);
	assert_int_equal(p.cfg->v[0].value->type, XLCFG_LIST);
	assert_int_equal(p.cfg->v[0].value->nitems, 0);
	assert_int_equal(p.cfg->v[1].value->nitems, 3);
	parsed_free(&p);
}

static void add_without_earlier_value_assigns(void **state)
{
	struct parsed p;
	const struct xlcfg_setting *s;

	(void)state;
	parse(&p, "a += \"x\"\n");
	assert_int_equal(p.rc, 0);
	s = xlcfg_find(p.cfg, "a");
	assert_string_equal(s->value->str, "x");
	assert_true(s->addition);
	parsed_free(&p);
}

static void add_after_plain_assignment_is_not_addition(void **state)
{
	struct parsed p;

	(void)state;
	parse(&p, "a += 1\na = 2\n");
	assert_int_equal(p.rc, 0);
	assert_false(xlcfg_find(p.cfg, "a")->addition);
	parsed_free(&p);
}

static void add_list_to_string_is_rejected(void **state)
{
	struct parsed p;

	(void)state;
	parse(&p, "a = \"x\"\na += [\n \"y\" ]\nb = 1\n");
	assert_int_equal(p.rc, -EINVAL);
	assert_int_equal(p.d.n, 1);
	/* near the last token of the value, as libxlutil says */
	assert_diag(&p.d, 0, AG_ERROR, 3, 6, "a", NEAR
		    "`]': can't add [list] to \"string\" or vice versa");
	assert_string_equal(str_of(p.cfg, "a"), "x");
	assert_null(xlcfg_find(p.cfg, "b"));
	parsed_free(&p);
}

static void add_string_to_list_is_rejected(void **state)
{
	struct parsed p;

	(void)state;
	parse(&p, "a = [ 1 ]\na += 2\n");
	assert_int_equal(p.rc, -EINVAL);
	assert_diag(&p.d, 0, AG_ERROR, 2, 6, "a", NEAR
		    "`2': can't add [list] to \"string\" or vice versa");
	assert_int_equal(list_of(p.cfg, "a")->nitems, 1);
	parsed_free(&p);
}

/* --- syntax errors ----------------------------------------------------- */

static void bare_word_is_not_a_value(void **state)
{
	struct parsed p;

	(void)state;
	parse(&p, "acpi = true\n");
	assert_int_equal(p.rc, -EINVAL);
	assert_diag(&p.d, 0, AG_ERROR, 1, 8, "acpi", NEAR "`true': syntax "
		    "error, unexpected IDENT, expecting STRING or NUMBER or '['");
	parsed_free(&p);
}

static void value_must_start_on_the_key_line(void **state)
{
	struct parsed p;

	(void)state;
	parse(&p, "a =\n 1\n");
	assert_int_equal(p.rc, -EINVAL);
	assert_int_equal(p.d.n, 1);
	/* libxlutil reports line 0 here: the line before the NEWLINE token */
	assert_diag(&p.d, 0, AG_ERROR, 1, 4, "a", NEAR "<newline>: syntax "
		    "error, unexpected NEWLINE, expecting STRING or NUMBER or '['");
	parsed_free(&p);
}

static void comment_token_is_shown_without_its_newline(void **state)
{
	struct parsed p;

	(void)state;
	parse(&p, "a = # none  \n");
	assert_int_equal(p.rc, -EINVAL);
	assert_diag(&p.d, 0, AG_ERROR, 1, 5, "a", NEAR "`# none': syntax "
		    "error, unexpected NEWLINE, expecting STRING or NUMBER or '['");
	parsed_free(&p);
}

static void key_needs_equals_or_add(void **state)
{
	struct parsed p;

	(void)state;
	parse(&p, "a b\n");
	assert_int_equal(p.rc, -EINVAL);
	assert_diag(&p.d, 0, AG_ERROR, 1, 3, "a", NEAR
		    "`b': syntax error, unexpected IDENT, expecting += or '='");
	parsed_free(&p);
}

static void end_of_input_after_equals(void **state)
{
	struct parsed p;

	(void)state;
	parse(&p, "a = ");
	assert_int_equal(p.rc, -EINVAL);
	assert_diag(&p.d, 0, AG_ERROR, 1, 5, "a", NEAR "`': syntax error, "
		    "unexpected $end, expecting STRING or NUMBER or '['");
	parsed_free(&p);
}

static void two_assignments_on_one_line(void **state)
{
	struct parsed p;

	(void)state;
	parse(&p, "a=1 b=2\n");
	assert_int_equal(p.rc, -EINVAL);
	assert_diag(&p.d, 0, AG_ERROR, 1, 5, NULL, NEAR
		    "`b': syntax error, unexpected IDENT, expecting $end");
	/* the first assignment was complete before b was read */
	assert_string_equal(str_of(p.cfg, "a"), "1");
	assert_null(xlcfg_find(p.cfg, "b"));
	parsed_free(&p);
}

static void number_cannot_start_a_statement(void **state)
{
	struct parsed p;

	(void)state;
	parse(&p, "9a = 1\n");
	assert_int_equal(p.rc, -EINVAL);
	assert_diag(&p.d, 0, AG_ERROR, 1, 1, NULL, NEAR "`9a': syntax error, "
		    "unexpected NUMBER, expecting $end or IDENT or NEWLINE or ';'");
	parsed_free(&p);
}

/* --- lexical errors ---------------------------------------------------- */

static void uppercase_key_is_a_lexical_error(void **state)
{
	struct parsed p;

	(void)state;
	parse(&p, "x = 1\nName = 2\n");
	assert_int_equal(p.rc, -EINVAL);
	assert_int_equal(p.d.n, 1);
	assert_diag(&p.d, 0, AG_ERROR, 2, 1, NULL, NEAR "`Name': lexical error");
	parsed_free(&p);
}

static void comment_at_end_without_newline_is_an_error(void **state)
{
	struct parsed p;

	(void)state;
	parse(&p, "a = 1\n# last");
	assert_int_equal(p.rc, -EINVAL);
	assert_diag(&p.d, 0, AG_ERROR, 2, 1, NULL, NEAR "`#': lexical error");
	assert_string_equal(str_of(p.cfg, "a"), "1");
	parsed_free(&p);
}

static void bad_last_byte_goes_unnoticed(void **state)
{
	struct parsed p;

	(void)state;
	/* libxlutil's scanner reaches end of input before reporting it */
	parse(&p, "a = 1\n#");
	assert_int_equal(p.rc, 0);
	assert_int_equal(p.d.n, 0);
	parsed_free(&p);
}

static void unterminated_string_is_a_lexical_error(void **state)
{
	struct parsed p;

	(void)state;
	parse(&p, "a = \"abc\nb = 1\n");
	assert_int_equal(p.rc, -EINVAL);
	assert_diag(&p.d, 0, AG_ERROR, 1, 5, "a", NEAR
		    "`\"abc': lexical error");
	parsed_free(&p);
}

static void negative_number_gives_python_hint(void **state)
{
	struct parsed p;

	(void)state;
	parse(&p, "cpu_weight = -1\n");
	assert_int_equal(p.rc, -EINVAL);
	assert_int_equal(p.d.n, 4);
	assert_diag(&p.d, 0, AG_ERROR, 1, 14, "cpu_weight", NEAR
		    "`-1': lexical error");
	assert_diag(&p.d, 1, AG_WARNING, 1, 14, NULL, XLCFG_PYTHON_HINT1);
	assert_diag(&p.d, 2, AG_WARNING, 1, 14, NULL, XLCFG_PYTHON_HINT2);
	assert_diag(&p.d, 3, AG_WARNING, 1, 14, NULL, XLCFG_PYTHON_HINT3);
	parsed_free(&p);
}

static void python_hint_texts_are_libxlutils(void **state)
{
	(void)state;
	assert_string_equal(XLCFG_PYTHON_HINT1,
			    "Config file looks like it contains Python code.");
	assert_string_equal(XLCFG_PYTHON_HINT2,
			    " Arbitrary Python is no longer supported.");
	assert_string_equal(XLCFG_PYTHON_HINT3,
			    " See https://wiki.xen.org/wiki/PythonInXlConfig");
}

static void python_hint_needs_a_failed_parse(void **state)
{
	struct parsed p;

	(void)state;
	parse(&p, "a = 1 (");
	assert_int_equal(p.rc, 0);
	assert_int_equal(p.d.n, 0);
	parsed_free(&p);
}

static void float_stores_integer_part_then_fails(void **state)
{
	struct parsed p;

	(void)state;
	parse(&p, "a = 1.5\n");
	assert_int_equal(p.rc, -EINVAL);
	assert_diag(&p.d, 0, AG_ERROR, 1, 6, NULL, NEAR "`.5': lexical error");
	assert_string_equal(str_of(p.cfg, "a"), "1");
	parsed_free(&p);
}

/* --- escape errors ----------------------------------------------------- */

static void unknown_escape_is_rejected_at_the_backslash(void **state)
{
	struct parsed p;

	(void)state;
	parse(&p, "a = 1\nb = \"x\\qy\"\n");
	assert_int_equal(p.rc, -EINVAL);
	assert_int_equal(p.d.n, 1);
	assert_diag(&p.d, 0, AG_ERROR, 2, 7, "b", NEAR "`\"x\\qy\"': invalid "
		    "character after backlash in quoted string");
	assert_null(xlcfg_find(p.cfg, "b"));
	parsed_free(&p);
}

static void backslash_eight_is_not_octal(void **state)
{
	struct parsed p;

	(void)state;
	parse(&p, "a = '\\8'\n");
	assert_int_equal(p.rc, -EINVAL);
	assert_diag(&p.d, 0, AG_ERROR, 1, 6, "a", NEAR "`'\\8'': invalid "
		    "character after backlash in quoted string");
	parsed_free(&p);
}

static void short_hex_escape_is_rejected(void **state)
{
	struct parsed p;

	(void)state;
	parse(&p, "a = \"\\x4\"\n");
	assert_int_equal(p.rc, -EINVAL);
	assert_diag(&p.d, 0, AG_ERROR, 1, 6, "a", NEAR "`\"\\x4\"': invalid "
		    "digit after backslash hexnumerical character escape in "
		    "quoted string");
	parsed_free(&p);
}

static void short_octal_escape_is_rejected(void **state)
{
	struct parsed p;

	(void)state;
	parse(&p, "a = \"\\12Z\"\n");
	assert_int_equal(p.rc, -EINVAL);
	assert_diag(&p.d, 0, AG_ERROR, 1, 6, "a", NEAR "`\"\\12Z\"': invalid "
		    "digit after backslash octalnumerical character escape in "
		    "quoted string");
	parsed_free(&p);
}

static void escapes_are_not_checked_after_an_error(void **state)
{
	struct parsed p;

	(void)state;
	parse(&p, "a = \"\\q\"\nb = \"\\z\"\n");
	assert_int_equal(p.rc, -EINVAL);
	assert_int_equal(p.d.n, 1);
	assert_int_equal(p.d.v[0].line, 1);
	parsed_free(&p);
}

/* --- recovery ---------------------------------------------------------- */

static void error_keeps_only_earlier_settings(void **state)
{
	struct parsed p;

	(void)state;
	parse(&p, "a = 1\nb = = 2\nc = 3\n");
	assert_int_equal(p.rc, -EINVAL);
	assert_non_null(xlcfg_find(p.cfg, "a"));
	assert_null(xlcfg_find(p.cfg, "b"));
	assert_null(xlcfg_find(p.cfg, "c"));
	parsed_free(&p);
}

static void recovery_reports_errors_on_later_lines(void **state)
{
	struct parsed p;

	(void)state;
	parse(&p, "a = = 1\nb = = 2\n");
	assert_int_equal(p.d.n, 2);
	assert_diag(&p.d, 1, AG_ERROR, 2, 5, "b", NEAR "`=': syntax error, "
		    "unexpected '=', expecting STRING or NUMBER or '['");
	parsed_free(&p);
}

static void recovery_is_quiet_for_three_tokens(void **state)
{
	struct parsed p;

	(void)state;
	/* after the NEWLINE, "=" is only the second token shifted */
	parse(&p, "a = = 1\n= 2\n");
	assert_int_equal(p.d.n, 1);
	parsed_free(&p);
}

static void error_after_a_complete_value_ends_the_parse(void **state)
{
	struct parsed p;

	(void)state;
	/* bison's recovery finds no state to resume from here */
	parse(&p, "a = 1 2\nb = = 3\n");
	assert_int_equal(p.rc, -EINVAL);
	assert_int_equal(p.d.n, 1);
	assert_diag(&p.d, 0, AG_ERROR, 1, 7, NULL, NEAR
		    "`2': syntax error, unexpected NUMBER, expecting $end");
	parsed_free(&p);
}

static void lexical_error_silences_its_line(void **state)
{
	struct parsed p;

	(void)state;
	parse(&p, "a = $ = ]\nb = = 2\n");
	assert_int_equal(p.d.n, 2);
	assert_diag(&p.d, 0, AG_ERROR, 1, 5, "a", NEAR "`$': lexical error");
	assert_int_equal(p.d.v[1].line, 2);
	parsed_free(&p);
}

static void lexical_error_before_newline_silences_next_line(void **state)
{
	struct parsed p;

	(void)state;
	parse(&p, "a = 1 @\nb = = 2\nc = = 3\n");
	assert_int_equal(p.d.n, 2);
	assert_diag(&p.d, 0, AG_ERROR, 1, 7, NULL, NEAR "`@': lexical error");
	assert_int_equal(p.d.v[1].line, 3);
	parsed_free(&p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(number_is_kept_as_literal_text),
		cmocka_unit_test(setting_records_key_and_value_positions),
		cmocka_unit_test(column_counts_bytes),
		cmocka_unit_test(double_and_single_quotes_both_dequote),
		cmocka_unit_test(simple_escapes_give_their_bytes),
		cmocka_unit_test(unicode_in_strings_is_kept_as_bytes),
		cmocka_unit_test(empty_text_has_no_settings),
		cmocka_unit_test(semicolons_and_blank_lines_separate),
		cmocka_unit_test(last_assignment_needs_no_terminator),
		cmocka_unit_test(comment_ends_a_statement),
		cmocka_unit_test(hash_inside_string_is_not_a_comment),
		cmocka_unit_test(ident_allows_dot_underscore_digits),
		cmocka_unit_test(numbers_take_hex_letters_and_x),
		cmocka_unit_test(list_nests_and_keeps_item_positions),
		cmocka_unit_test(list_allows_trailing_comma),
		cmocka_unit_test(list_allows_newlines_and_comments_inside),
		cmocka_unit_test(list_may_be_empty),
		cmocka_unit_test(list_with_only_a_comma_is_rejected),
		cmocka_unit_test(list_items_need_commas),
		cmocka_unit_test(unclosed_list_at_end_of_input),
		cmocka_unit_test(last_assignment_of_a_key_wins),
		cmocka_unit_test(add_concatenates_strings_without_separator),
		cmocka_unit_test(add_appends_list_items),
		cmocka_unit_test(add_moves_earlier_value_out),
		cmocka_unit_test(add_without_earlier_value_assigns),
		cmocka_unit_test(add_after_plain_assignment_is_not_addition),
		cmocka_unit_test(add_list_to_string_is_rejected),
		cmocka_unit_test(add_string_to_list_is_rejected),
		cmocka_unit_test(bare_word_is_not_a_value),
		cmocka_unit_test(value_must_start_on_the_key_line),
		cmocka_unit_test(comment_token_is_shown_without_its_newline),
		cmocka_unit_test(key_needs_equals_or_add),
		cmocka_unit_test(end_of_input_after_equals),
		cmocka_unit_test(two_assignments_on_one_line),
		cmocka_unit_test(number_cannot_start_a_statement),
		cmocka_unit_test(uppercase_key_is_a_lexical_error),
		cmocka_unit_test(comment_at_end_without_newline_is_an_error),
		cmocka_unit_test(bad_last_byte_goes_unnoticed),
		cmocka_unit_test(unterminated_string_is_a_lexical_error),
		cmocka_unit_test(negative_number_gives_python_hint),
		cmocka_unit_test(python_hint_texts_are_libxlutils),
		cmocka_unit_test(python_hint_needs_a_failed_parse),
		cmocka_unit_test(float_stores_integer_part_then_fails),
		cmocka_unit_test(unknown_escape_is_rejected_at_the_backslash),
		cmocka_unit_test(backslash_eight_is_not_octal),
		cmocka_unit_test(short_hex_escape_is_rejected),
		cmocka_unit_test(short_octal_escape_is_rejected),
		cmocka_unit_test(escapes_are_not_checked_after_an_error),
		cmocka_unit_test(error_keeps_only_earlier_settings),
		cmocka_unit_test(recovery_reports_errors_on_later_lines),
		cmocka_unit_test(recovery_is_quiet_for_three_tokens),
		cmocka_unit_test(error_after_a_complete_value_ends_the_parse),
		cmocka_unit_test(lexical_error_silences_its_line),
		cmocka_unit_test(lexical_error_before_newline_silences_next_line),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
