/* SPDX-License-Identifier: MIT */
/*
 * Test helpers: build configs through the model API, as the parser would,
 * and assert diagnostics exactly.  Include after <cmocka.h>.
 *
 * Positions are those of a file with one assignment per line, written
 * `key = value`: setting number i (1-based) is on line i, its key at
 * column 1 and its value at column strlen(key) + 4.  List items are placed
 * as in `key = [ "a", "b" ]`.
 */
#ifndef TESTS_CFGBUILD_H
#define TESTS_CFGBUILD_H

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/diag.h"
#include "platform/profile.h"
#include "xl-parse/guest.h"
#include "xl-parse/validate.h"
#include "xl-parse/xlcfg.h"

#define CB_SOURCE "t.cfg"

static inline struct xlcfg *cb_new(void)
{
	struct xlcfg *cfg = xlcfg_new(CB_SOURCE);

	assert_non_null(cfg);
	return cfg;
}

static inline unsigned cb_value_col(const char *key)
{
	return (unsigned)strlen(key) + 4;
}

/* key = "value" (a NUMBER is stored the same way) on the next line. */
static inline void cb_str(struct xlcfg *cfg, const char *key, const char *value)
{
	unsigned line = (unsigned)cfg->n + 1;
	struct xlcfg_value *v = xlcfg_value_string(value, strlen(value), line,
						   cb_value_col(key));

	assert_non_null(v);
	assert_int_equal(xlcfg_set(cfg, key, line, 1, false, v), 0);
}

/* key += "value": marked as an addition, as the parser does. */
static inline void cb_add_str(struct xlcfg *cfg, const char *key,
			      const char *value)
{
	unsigned line = (unsigned)cfg->n + 1;
	struct xlcfg_value *v = xlcfg_value_string(value, strlen(value), line,
						   cb_value_col(key) + 1);

	assert_non_null(v);
	assert_int_equal(xlcfg_set(cfg, key, line, 1, true, v), 0);
}

/* Column of item i in `key = [ "a", "b" ]`. */
static inline unsigned cb_item_col(const char *key, const char *const *items,
				   size_t i)
{
	unsigned col = cb_value_col(key) + 2;

	for (size_t j = 0; j < i; j++)
		col += (unsigned)strlen(items[j]) + 2 + 2;
	return col;
}

/* key = [ "items[0]", ... ] ; NULL-terminated list of strings. */
static inline void cb_list_v(struct xlcfg *cfg, const char *key,
			     const char *const *items)
{
	unsigned line = (unsigned)cfg->n + 1;
	struct xlcfg_value *list = xlcfg_value_list(line, cb_value_col(key));

	assert_non_null(list);
	for (size_t i = 0; items[i]; i++) {
		struct xlcfg_value *item = xlcfg_value_string(
			items[i], strlen(items[i]), line, cb_item_col(key, items, i));

		assert_non_null(item);
		assert_int_equal(xlcfg_list_append(list, item), 0);
	}
	assert_int_equal(xlcfg_set(cfg, key, line, 1, false, list), 0);
}

#define cb_list(cfg, key, ...) \
	cb_list_v((cfg), (key), (const char *const[]){ __VA_ARGS__, NULL })

static inline void cb_empty_list(struct xlcfg *cfg, const char *key)
{
	cb_list_v(cfg, key, (const char *const[]){ NULL });
}

/*
 * key = [ "first", [ "nested" ] ]: a list whose second item is a list
 * (at the column it would have in that text).
 */
static inline void cb_list_with_nested(struct xlcfg *cfg, const char *key,
				       const char *first)
{
	unsigned line = (unsigned)cfg->n + 1;
	const char *const items[] = { first, NULL };
	struct xlcfg_value *list = xlcfg_value_list(line, cb_value_col(key));
	struct xlcfg_value *a = xlcfg_value_string(first, strlen(first), line,
						   cb_item_col(key, items, 0));
	struct xlcfg_value *inner = xlcfg_value_list(line,
						     cb_item_col(key, items, 1));
	struct xlcfg_value *n = xlcfg_value_string("nested", 6, line,
						   cb_item_col(key, items, 1) + 2);

	assert_non_null(list);
	assert_non_null(a);
	assert_non_null(inner);
	assert_non_null(n);
	assert_int_equal(xlcfg_list_append(inner, n), 0);
	assert_int_equal(xlcfg_list_append(list, a), 0);
	assert_int_equal(xlcfg_list_append(list, inner), 0);
	assert_int_equal(xlcfg_set(cfg, key, line, 1, false, list), 0);
}

/* The smallest valid Arm guest: name and kernel (files are not checked). */
static inline struct xlcfg *cb_minimal(void)
{
	struct xlcfg *cfg = cb_new();

	cb_str(cfg, "name", "g");
	cb_str(cfg, "kernel", "/boot/Image");
	return cfg;
}

/* Resolve for a Xen release ("4.17", "4.20") and a devices mode. */
static inline int cb_resolve_for(const struct xlcfg *cfg, enum ag_arch arch, const char *xen,
				 enum ag_devices_mode devices, struct ag_guest *g,
				 struct ag_diags *d)
{
	struct ag_arm_limits lim;
	struct ag_resolve_opts o = { .arch = arch, .limits = &lim, .devices = devices };

	assert_non_null(ag_profile_lookup(xen));
	ag_profile_arm_limits(ag_profile_lookup(xen), &lim);
	return ag_guest_resolve(cfg, &o, g, d);
}

static inline int cb_resolve(const struct xlcfg *cfg, enum ag_arch arch,
			     struct ag_guest *g, struct ag_diags *d)
{
	return cb_resolve_for(cfg, arch, "4.17", AG_DEVICES_WARN, g, d);
}

/* Assert diagnostic i exactly: severity, line, column, key, message. */
static inline void cb_assert_diag(const struct ag_diags *d, size_t i,
				  enum ag_severity sev, unsigned line,
				  unsigned col, const char *key,
				  const char *msg)
{
	assert_true(i < d->n);
	assert_string_equal(d->v[i].msg, msg);
	assert_int_equal(d->v[i].sev, sev);
	assert_int_equal(d->v[i].line, line);
	assert_int_equal(d->v[i].col, col);
	if (key)
		assert_string_equal(d->v[i].key, key);
	else
		assert_null(d->v[i].key);
	assert_string_equal(d->v[i].file, CB_SOURCE);
}

/* Index of the only diagnostic with this message; fails if not exactly one. */
static inline size_t cb_find_diag(const struct ag_diags *d, const char *msg)
{
	size_t found = d->n, count = 0;

	for (size_t i = 0; i < d->n; i++) {
		if (!strcmp(d->v[i].msg, msg)) {
			found = i;
			count++;
		}
	}
	if (count != 1) {
		for (size_t i = 0; i < d->n; i++)
			print_message("  diag %zu: %s\n", i, d->v[i].msg);
		fail_msg("expected exactly one diagnostic \"%s\", found %zu",
			 msg, count);
	}
	return found;
}

/*
 * The resolver tests' fixture: a config under construction, the
 * diagnostics, the resolved guest.  cb_fx_setup starts from the two keys
 * every Arm guest needs (name, kernel: lines 1 and 2, so the key under test
 * is on line 3); cb_fx_setup_empty from nothing.
 */
struct cb_fx {
	struct xlcfg *cfg;
	struct ag_diags d;
	struct ag_guest g;
};

static inline int cb_fx_setup_empty(void **state)
{
	struct cb_fx *f = calloc(1, sizeof(*f));

	if (!f)
		return -1;
	f->cfg = xlcfg_new(CB_SOURCE);
	ag_diags_init(&f->d);
	*state = f;
	return f->cfg ? 0 : -1;
}

static inline int cb_fx_setup(void **state)
{
	struct cb_fx *f;

	if (cb_fx_setup_empty(state))
		return -1;
	f = *state;
	cb_str(f->cfg, "name", "g");
	cb_str(f->cfg, "kernel", "/boot/Image");
	return 0;
}

static inline int cb_fx_teardown(void **state)
{
	struct cb_fx *f = *state;

	xlcfg_free(f->cfg);
	ag_diags_free(&f->d);
	ag_guest_free(&f->g);
	free(f);
	return 0;
}

static inline int cb_fx_resolve_420(struct cb_fx *f)
{
	return cb_resolve_for(f->cfg, AG_ARCH_ARM64, "4.20", AG_DEVICES_WARN, &f->g, &f->d);
}

static inline int cb_fx_resolve(struct cb_fx *f, enum ag_arch arch)
{
	return cb_resolve(f->cfg, arch, &f->g, &f->d);
}

#endif
