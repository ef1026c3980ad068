/* SPDX-License-Identifier: MIT */
/*
 * Typed look-ups with libxlutil 4.17's rules: return codes, values, and the
 * warning texts (taken from the real libxlutil), positioned at the value.
 */
#include "test_xlcfg_util.h"

#include <limits.h>

/* Parse text and look key up as a long; returns the errno value. */
static int get_long(const char *text, const char *key, long *out,
		    struct ag_diags *d)
{
	struct xlcfg *cfg;
	int e;

	assert_int_equal(xlcfg_parse("t.cfg", text, strlen(text), &cfg, NULL), 0);
	e = xlcfg_get_long(cfg, key, out, false, d);
	xlcfg_free(cfg);
	return e;
}

/* The number text parses to want, with no warning. */
static void assert_long(const char *text, long want)
{
	struct ag_diags d;
	long v = 0;

	ag_diags_init(&d);
	assert_int_equal(get_long(text, "n", &v, &d), 0);
	assert_int_equal(v, want);
	assert_int_equal(d.n, 0);
	ag_diags_free(&d);
}

/* The number text is refused with errno e and this one warning. */
static void assert_long_refused(const char *text, int e, unsigned line,
				unsigned col, const char *msg)
{
	struct ag_diags d;
	long v = 12345;

	ag_diags_init(&d);
	assert_int_equal(get_long(text, "n", &v, &d), e);
	assert_int_equal(v, 12345);
	assert_int_equal(d.n, 1);
	assert_diag(&d, 0, AG_WARNING, line, col, "n", msg);
	ag_diags_free(&d);
}

/* --- strings ----------------------------------------------------------- */

static void string_returns_dequoted_text(void **state)
{
	struct parsed p;
	const char *s = NULL;

	(void)state;
	parse(&p, "a = 'x\\ty'\n");
	assert_int_equal(xlcfg_get_string(p.cfg, "a", &s, false, &p.d), 0);
	assert_string_equal(s, "x\ty");
	parsed_free(&p);
}

static void string_of_number_is_its_literal_text(void **state)
{
	struct parsed p;
	const char *s = NULL;

	(void)state;
	parse(&p, "a = 0100\n");
	assert_int_equal(xlcfg_get_string(p.cfg, "a", &s, false, &p.d), 0);
	assert_string_equal(s, "0100");
	parsed_free(&p);
}

static void string_absent_is_esrch(void **state)
{
	struct parsed p;
	const char *s = NULL;

	(void)state;
	parse(&p, "a = 1\n");
	assert_int_equal(xlcfg_get_string(p.cfg, "b", &s, false, &p.d), ESRCH);
	assert_null(s);
	assert_int_equal(p.d.n, 0);
	parsed_free(&p);
}

static void string_given_a_list_warns(void **state)
{
	struct parsed p;
	const char *s = NULL;

	(void)state;
	parse(&p, "\ntype = [ \"pvh\" ]\n");
	assert_int_equal(xlcfg_get_string(p.cfg, "type", &s, false, &p.d), EINVAL);
	assert_null(s);
	assert_int_equal(p.d.n, 1);
	assert_diag(&p.d, 0, AG_WARNING, 2, 8, "type",
		    "parameter `type' is a list but should be a single value");
	parsed_free(&p);
}

static void dont_warn_suppresses_the_warning(void **state)
{
	struct parsed p;
	const char *s = NULL;

	(void)state;
	parse(&p, "tee = [ 1 ]\n");
	assert_int_equal(xlcfg_get_string(p.cfg, "tee", &s, true, &p.d), EINVAL);
	assert_int_equal(p.d.n, 0);
	parsed_free(&p);
}

/* --- numbers ----------------------------------------------------------- */

static void long_decimal(void **state)
{
	(void)state;
	assert_long("n = 256\n", 256);
}

static void long_hex(void **state)
{
	(void)state;
	assert_long("n = 0x100\n", 256);
}

static void long_leading_zero_is_octal(void **state)
{
	(void)state;
	assert_long("n = 0100\n", 64);
}

static void long_quoted_leading_blank(void **state)
{
	(void)state;
	assert_long("n = \" 12\"\n", 12);
}

static void long_quoted_negative(void **state)
{
	(void)state;
	assert_long("n = \"-5\"\n", -5);
}

static void long_quoted_plus(void **state)
{
	(void)state;
	assert_long("n = '+7'\n", 7);
}

static void long_extremes(void **state)
{
	(void)state;
	assert_long("n = 9223372036854775807\n", LONG_MAX);
	assert_long("n = \"-9223372036854775808\"\n", LONG_MIN);
}

static void long_eight_after_zero_is_invalid(void **state)
{
	(void)state;
	assert_long_refused("n = 08\n", EINVAL, 1, 5,
			    "parameter `n' is not a valid number");
}

static void long_trailing_text_is_invalid(void **state)
{
	(void)state;
	assert_long_refused("n = 1e3\n", EINVAL, 1, 5,
			    "parameter `n' is not a valid number");
	assert_long_refused("n = \"12 \"\n", EINVAL, 1, 5,
			    "parameter `n' is not a valid number");
}

static void long_empty_is_invalid(void **state)
{
	(void)state;
	assert_long_refused("n = \"\"\n", EINVAL, 1, 5,
			    "parameter `n' is not a valid number");
}

static void long_words_are_invalid(void **state)
{
	(void)state;
	assert_long_refused("n = \"true\"\n", EINVAL, 1, 5,
			    "parameter `n' is not a valid number");
}

static void long_overflow_is_erange(void **state)
{
	(void)state;
	assert_long_refused("\nn = 9223372036854775808\n", ERANGE, 2, 5,
			    "parameter `n' could not be parsed as a number: "
			    "Numerical result out of range");
	assert_long_refused("n = 0xffffffffffffffff\n", ERANGE, 1, 5,
			    "parameter `n' could not be parsed as a number: "
			    "Numerical result out of range");
}

static void long_underflow_is_erange(void **state)
{
	(void)state;
	assert_long_refused("n = \"-9223372036854775809\"\n", ERANGE, 1, 5,
			    "parameter `n' could not be parsed as a number: "
			    "Numerical result out of range");
}

static void long_given_a_list_warns(void **state)
{
	(void)state;
	assert_long_refused("n = [ 1 ]\n", EINVAL, 1, 5,
			    "parameter `n' is a list but should be a single value");
}

static void long_refuses_addition(void **state)
{
	(void)state;
	assert_long_refused("n = 1\nn += 2\n", EINVAL, 2, 6,
			    "can't use += with numbers for parameter `n'");
}

static void long_refuses_addition_without_earlier_value(void **state)
{
	(void)state;
	assert_long_refused("n += \"5\"\n", EINVAL, 1, 6,
			    "can't use += with numbers for parameter `n'");
}

static void long_absent_is_esrch(void **state)
{
	struct ag_diags d;
	long v = 3;

	(void)state;
	ag_diags_init(&d);
	assert_int_equal(get_long("a = 1\n", "n", &v, &d), ESRCH);
	assert_int_equal(v, 3);
	assert_int_equal(d.n, 0);
	ag_diags_free(&d);
}

/* --- bounds and booleans ------------------------------------------------ */

static void bounded_long_below_minimum(void **state)
{
	struct parsed p;
	long v = 0;

	(void)state;
	parse(&p, "vcpus = 0\n");
	assert_int_equal(xlcfg_get_bounded_long(p.cfg, "vcpus", 1, 128, &v,
						false, &p.d), EINVAL);
	assert_diag(&p.d, 0, AG_WARNING, 1, 9, "vcpus",
		    "value `0' is smaller than minimum bound '1'");
	parsed_free(&p);
}

static void bounded_long_above_maximum(void **state)
{
	struct parsed p;
	long v = 0;

	(void)state;
	parse(&p, "vcpus = \"-1\"\nvcpus = 0x81\n");
	assert_int_equal(xlcfg_get_bounded_long(p.cfg, "vcpus", -1, 128, &v,
						false, &p.d), EINVAL);
	assert_diag(&p.d, 0, AG_WARNING, 2, 9, "vcpus",
		    "value `129' is greater than maximum bound '128'");
	parsed_free(&p);
}

static void bounded_long_accepts_its_bounds(void **state)
{
	struct parsed p;
	long v = 0;

	(void)state;
	parse(&p, "lo = 1\nhi = 128\n");
	assert_int_equal(xlcfg_get_bounded_long(p.cfg, "lo", 1, 128, &v, false,
						&p.d), 0);
	assert_int_equal(v, 1);
	assert_int_equal(xlcfg_get_bounded_long(p.cfg, "hi", 1, 128, &v, false,
						&p.d), 0);
	assert_int_equal(v, 128);
	assert_int_equal(p.d.n, 0);
	parsed_free(&p);
}

static void defbool_is_nonzero(void **state)
{
	struct parsed p;
	bool b = false;

	(void)state;
	parse(&p, "on = 2\noff = 0x0\n");
	assert_int_equal(xlcfg_get_defbool(p.cfg, "on", &b, false, &p.d), 0);
	assert_true(b);
	assert_int_equal(xlcfg_get_defbool(p.cfg, "off", &b, false, &p.d), 0);
	assert_false(b);
	parsed_free(&p);
}

static void defbool_refuses_words(void **state)
{
	struct parsed p;
	bool b = true;

	(void)state;
	parse(&p, "acpi = \"yes\"\n");
	assert_int_equal(xlcfg_get_defbool(p.cfg, "acpi", &b, false, &p.d), EINVAL);
	assert_true(b);
	assert_diag(&p.d, 0, AG_WARNING, 1, 8, "acpi",
		    "parameter `acpi' is not a valid number");
	parsed_free(&p);
}

/* --- lists ------------------------------------------------------------- */

static void list_returns_items(void **state)
{
	struct parsed p;
	const struct xlcfg_value *l = NULL;

	(void)state;
	parse(&p, "irqs = [ 95, \"96\", [ 1 ] ]\n");
	assert_int_equal(xlcfg_get_list(p.cfg, "irqs", &l, false, &p.d), 0);
	assert_int_equal(l->nitems, 3);
	assert_string_equal(xlcfg_list_string(l, 0), "95");
	assert_string_equal(xlcfg_list_string(l, 1), "96");
	/* a nested list is not a string item, as in libxlutil */
	assert_null(xlcfg_list_string(l, 2));
	assert_null(xlcfg_list_string(l, 3));
	parsed_free(&p);
}

static void list_given_a_string_warns(void **state)
{
	struct parsed p;
	const struct xlcfg_value *l = NULL;

	(void)state;
	parse(&p, "disk = \"phy:/dev/x,xvda,w\"\n");
	assert_int_equal(xlcfg_get_list(p.cfg, "disk", &l, false, &p.d), EINVAL);
	assert_null(l);
	assert_diag(&p.d, 0, AG_WARNING, 1, 8, "disk",
		    "parameter `disk' is a single value but should be a list");
	parsed_free(&p);
}

static void list_absent_is_esrch(void **state)
{
	struct parsed p;
	const struct xlcfg_value *l = NULL;

	(void)state;
	parse(&p, "");
	assert_int_equal(xlcfg_get_list(p.cfg, "disk", &l, false, &p.d), ESRCH);
	assert_int_equal(p.d.n, 0);
	parsed_free(&p);
}

static void list_string_of_a_string_value_is_null(void **state)
{
	struct parsed p;

	(void)state;
	parse(&p, "a = \"x\"\n");
	assert_null(xlcfg_list_string(xlcfg_find(p.cfg, "a")->value, 0));
	parsed_free(&p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(string_returns_dequoted_text),
		cmocka_unit_test(string_of_number_is_its_literal_text),
		cmocka_unit_test(string_absent_is_esrch),
		cmocka_unit_test(string_given_a_list_warns),
		cmocka_unit_test(dont_warn_suppresses_the_warning),
		cmocka_unit_test(long_decimal),
		cmocka_unit_test(long_hex),
		cmocka_unit_test(long_leading_zero_is_octal),
		cmocka_unit_test(long_quoted_leading_blank),
		cmocka_unit_test(long_quoted_negative),
		cmocka_unit_test(long_quoted_plus),
		cmocka_unit_test(long_extremes),
		cmocka_unit_test(long_eight_after_zero_is_invalid),
		cmocka_unit_test(long_trailing_text_is_invalid),
		cmocka_unit_test(long_empty_is_invalid),
		cmocka_unit_test(long_words_are_invalid),
		cmocka_unit_test(long_overflow_is_erange),
		cmocka_unit_test(long_underflow_is_erange),
		cmocka_unit_test(long_given_a_list_warns),
		cmocka_unit_test(long_refuses_addition),
		cmocka_unit_test(long_refuses_addition_without_earlier_value),
		cmocka_unit_test(long_absent_is_esrch),
		cmocka_unit_test(bounded_long_below_minimum),
		cmocka_unit_test(bounded_long_above_maximum),
		cmocka_unit_test(bounded_long_accepts_its_bounds),
		cmocka_unit_test(defbool_is_nonzero),
		cmocka_unit_test(defbool_refuses_words),
		cmocka_unit_test(list_returns_items),
		cmocka_unit_test(list_given_a_string_warns),
		cmocka_unit_test(list_absent_is_esrch),
		cmocka_unit_test(list_string_of_a_string_value_is_null),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
