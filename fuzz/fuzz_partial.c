/* SPDX-License-Identifier: MIT */
/*
 * Fuzz the partial device tree reader (device_tree=): arbitrary bytes are
 * the partial tree.  ag_partial_fdt_check must refuse them with a message or
 * accept them; the builder must agree with it; an accepted partial tree is
 * copied into a guest tree that must pass fdt_check_full (before and after
 * finalise), stay within the size bound, and hold /passthrough and /aliases
 * exactly as the input has them.
 */
#include <errno.h>

#include "fuzz_util.h"

/* Same names, properties and shape, node by node (the copy is iterative). */
static void assert_same_subtree(const void *a, int na, const void *b, int nb,
				const char *what)
{
	int da = 0, db = 0, end_a, end_b;

	do {
		int pa, pb, la, lb;
		const char *sa = fdt_get_name(a, na, &la), *sb = fdt_get_name(b, nb, &lb);

		FZ_ASSERT(sa && sb && la == lb && !memcmp(sa, sb, (size_t)la),
			  "%s: node name differs", what);
		pa = fdt_first_property_offset(a, na);
		pb = fdt_first_property_offset(b, nb);
		while (pa >= 0 && pb >= 0) {
			const char *ka, *kb;
			const void *va = fdt_getprop_by_offset(a, pa, &ka, &la);
			const void *vb = fdt_getprop_by_offset(b, pb, &kb, &lb);

			FZ_ASSERT(va && vb && la == lb && !strcmp(ka, kb) &&
				  !memcmp(va, vb, (size_t)la),
				  "%s: property differs", what);
			pa = fdt_next_property_offset(a, pa);
			pb = fdt_next_property_offset(b, pb);
		}
		FZ_ASSERT(pa == -FDT_ERR_NOTFOUND && pb == -FDT_ERR_NOTFOUND,
			  "%s: property count differs (%d, %d)", what, pa, pb);
		na = fdt_next_node(a, na, &da);
		nb = fdt_next_node(b, nb, &db);
		end_a = na < 0 || da <= 0;
		end_b = nb < 0 || db <= 0;
		FZ_ASSERT(end_a == end_b && (end_a || da == db),
			  "%s: shape differs", what);
	} while (!end_a);
}

/* The exact-name node under the root, as libxl looks it up. */
static int exact_node(const void *fdt, const char *name)
{
	char path[32];
	int off;

	snprintf(path, sizeof(path), "/%s", name);
	off = fdt_path_offset(fdt, path);
	if (off < 0 || strcmp(fdt_get_name(fdt, off, NULL), name))
		return -1;
	return off;
}

static void check_copy(const void *pfdt, const void *tree)
{
	static const char *const names[] = { "passthrough", "aliases" };

	for (size_t i = 0; i < 2; i++) {
		int in = exact_node(pfdt, names[i]), out = exact_node(tree, names[i]);

		FZ_ASSERT((in < 0) == (out < 0), "/%s copied %s", names[i],
			  in < 0 ? "from nowhere" : "nowhere");
		if (in >= 0)
			assert_same_subtree(pfdt, in, tree, out, names[i]);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ag_guest g;
	struct ag_fdt_input in;
	struct ag_err err;
	void *copy, *tree;
	size_t tree_size = 0;
	int rc;

	/* An exactly sized heap copy, so a read past the end is caught. */
	copy = malloc(size ? size : 1);
	if (!copy)
		return 0;
	if (size)
		memcpy(copy, data, size);

	rc = ag_partial_fdt_check(&ag_profile_417, copy, size, &err);
	if (rc) {
		FZ_ASSERT(rc < 0 && err.code == -rc && err.msg[0] &&
			  err.key && !strcmp(err.key, "device_tree"),
			  "refusal %d without a proper error", rc);
	}

	memset(&g, 0, sizeof(g));
	g.source = "fuzz.cfg";
	g.arch = AG_ARCH_ARM64;
	g.type = AG_TYPE_PVH;
	g.name = "fuzz";
	g.memory_kib = g.maxmem_kib = 256 * 1024;
	g.vcpus = g.max_vcpus = 2;
	g.kernel = "kernel";
	g.ramdisk = "ramdisk";
	g.cmdline = "console=hvc0";
	g.device_tree = "partial.dtb";
	g.vuart = true;
	in = fz_input(&g, AG_GIC_V3);
	in.partial_fdt = copy;
	in.partial_fdt_size = size;

	tree = fz_pipeline(&in, &tree_size, &err);
	FZ_ASSERT(!tree || rc == 0,
		  "the builder accepted a partial tree the check refused");
	/* An accepted partial tree can only make the whole one too big. */
	FZ_ASSERT(tree || rc || err.fdt == FDT_ERR_NOSPACE,
		  "a valid partial tree was refused: %s", err.msg);
	if (tree)
		check_copy(copy, tree);
	free(tree);
	free(copy);
	return 0;
}
