/* SPDX-License-Identifier: MIT */
/*
 * The builder's provenance recorder (fdt/why.h): a recorder never changes
 * the bytes, a retry on a bigger buffer does not record twice, every node
 * and property written has exactly one entry, every profile field an entry
 * names has a citation (platform/profile_cite.h), and the command line
 * names the keys it was composed from.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "test_fdt_util.h"
#include "fdt/walk.h"
#include "fdt/why.h"
#include "platform/profile_cite.h"

static size_t count(const struct ag_fdt_why *w, const char *node, const char *prop)
{
	size_t n = 0;

	for (size_t i = 0; i < w->n; i++)
		n += !strcmp(w->v[i].node, node) &&
		     (prop ? w->v[i].prop && !strcmp(w->v[i].prop, prop) : !w->v[i].prop);
	return n;
}

static int one_entry_each(void *ctx, const char *path, const char *prop)
{
	size_t n = count(ctx, path, prop);

	if (n != 1)
		fail_msg("%s %s: %zu entries", path, prop ? prop : "(node)", n);
	return 0;
}

/* Build g with and without a recorder: same bytes; every node and property accounted once. */
static void check_guest(struct ag_guest *g, enum ag_gic gic)
{
	struct ag_fdt_why w = { 0 };
	struct ag_fdt_input in = tu_input(g);
	void *plain, *recorded;

	in.gic = gic;
	plain = tu_build(&in);
	in.why = &w;
	recorded = tu_build(&in);
	assert_int_equal(fdt_totalsize(plain), fdt_totalsize(recorded));
	assert_memory_equal(plain, recorded, fdt_totalsize(plain));
	assert_false(w.oom);
	assert_int_equal(ag_fdt_walk(recorded, one_entry_each, &w), 0);
	for (size_t i = 0; i < w.n; i++)
		for (size_t f = 0; f < AG_WHY_MAX_FIELDS && w.v[i].src.fields[f]; f++)
			if (!ag_profile_cite(w.v[i].src.fields[f]))
				fail_msg("%s %s: a profile field without a citation", w.v[i].node,
					 w.v[i].prop ? w.v[i].prop : "(node)");
	ag_why_free(&w);
	free(plain);
	free(recorded);
}

static void recorder_keeps_bytes_and_accounts_for_everything(void **state)
{
	struct ag_guest g = tu_guest();
	struct ag_virtio v[2] = { { .backend = 0 }, { .type = "virtio,device29", .backend = 1,
						    .grant_usage = true } };

	(void)state;
	check_guest(&g, AG_GIC_V3);
	check_guest(&g, AG_GIC_V2);
	g.vuart = true;
	g.tee = AG_TEE_OPTEE;
	g.acpi = true;
	g.virtio = v;
	g.n_virtio = 2;
	g.max_vcpus = 20;
	check_guest(&g, AG_GIC_V3);
}

static void a_retry_records_once(void **state)
{
	struct ag_guest g = tu_guest();
	struct ag_fdt_why w = { 0 };
	struct ag_fdt_input in = tu_input(&g);
	char *cmdline = malloc(20000);
	void *blob;

	(void)state;
	/* Past the first 4 KiB buffer: the builder starts over twice or more. */
	memset(cmdline, 'x', 19999);
	cmdline[19999] = 0;
	g.cmdline = cmdline;
	g.cmdline_from[0] = "extra";
	in.why = &w;
	blob = tu_build(&in);
	assert_true(fdt_totalsize(blob) > 16384);
	assert_int_equal(count(&w, "/chosen", "bootargs"), 1);
	assert_int_equal(count(&w, "/", NULL), 1);
	free(blob);
	free(cmdline);
	ag_why_free(&w);
}

static const struct ag_why *find(const struct ag_fdt_why *w, const char *node, const char *prop)
{
	for (size_t i = 0; i < w->n; i++)
		if (!strcmp(w->v[i].node, node) && w->v[i].prop && !strcmp(w->v[i].prop, prop))
			return &w->v[i];
	fail_msg("no entry for %s %s", node, prop);
	return NULL;
}

static void entries_say_where_from(void **state)
{
	struct ag_guest g = tu_guest();
	struct ag_fdt_why w = { 0 };
	struct ag_fdt_input in = tu_input(&g);
	const struct ag_why *e;
	void *blob;

	(void)state;
	g.cmdline_from[0] = "root";
	g.cmdline_from[1] = "extra";
	in.why = &w;
	blob = tu_build(&in);
	e = find(&w, "/chosen", "bootargs");
	assert_int_equal(e->src.kind, AG_WHY_KEY);
	assert_string_equal(e->src.keys[0], "root");
	assert_string_equal(e->src.keys[1], "extra");
	e = find(&w, "/cpus/cpu@0", "enable-method");
	assert_int_equal(e->src.kind, AG_WHY_RULE);
	assert_non_null(strstr(e->src.rule, "even for one vCPU"));
	e = find(&w, "/interrupt-controller@3001000", "reg");
	assert_int_equal(e->src.kind, AG_WHY_PROFILE);
	assert_string_equal(ag_profile_cite(e->src.fields[0])->macro,
			    "GUEST_GICV3_GICD_BASE, GUEST_GICV3_GICD_SIZE");
	assert_string_equal(ag_profile_cite(e->src.fields[0])->file, "xen/include/public/arch-arm.h");
	e = find(&w, "/memory@40000000", "reg");
	assert_int_equal(e->src.kind, AG_WHY_LAYOUT);
	assert_true(e->src.inputs & AG_WHY_IN_RAM);
	assert_string_equal(e->src.keys[0], "memory");
	free(blob);
	ag_why_free(&w);
}

static void citations_are_complete_and_distinct(void **state)
{
	(void)state;
	assert_true(ag_profile_cite_count() >= 30);
	for (size_t i = 0; i < ag_profile_cite_count(); i++) {
		const struct ag_profile_cite *c = ag_profile_cite_at(i);

		assert_true(c->field > 0 && c->field <= sizeof(struct ag_profile));
		assert_true(*c->name && *c->macro);
		assert_true(!strncmp(c->file, "xen/", 4) || !strncmp(c->file, "tools/", 6));
		assert_ptr_equal(ag_profile_cite(c->field), c);
	}
	assert_null(ag_profile_cite(0));
	assert_null(ag_profile_cite_at(ag_profile_cite_count()));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(recorder_keeps_bytes_and_accounts_for_everything),
		cmocka_unit_test(a_retry_records_once),
		cmocka_unit_test(entries_say_where_from),
		cmocka_unit_test(citations_are_complete_and_distinct),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
