/* SPDX-License-Identifier: MIT */
/*
 * The partial device tree (device_tree=): untrusted input.  Validate it
 * completely, then copy /passthrough and /aliases into the guest tree the
 * way libxl's copy_partial_fdt does (reference §4.8): each node with its
 * full name, its properties in order with raw names and values, then its
 * subnodes in order.  The copy walks the tree iteratively, so nesting depth
 * costs no stack; the depth is bounded anyway.
 */
#include <errno.h>
#include <libfdt.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "nodes.h"

#define PASSTHROUGH "passthrough"
#define ALIASES "aliases"
/* Paths quoted in messages are cut to this (the message has 256 bytes). */
#define PATH_MAX_MSG 128

static int fail(struct ag_fdt_error *err, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int fail(struct ag_fdt_error *err, int code, const char *fmt, ...)
{
	va_list ap;

	err->code = code;
	err->key = "device_tree";
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
	return code;
}

/*
 * libxl's lookup: fdt_path_offset, which also matches "name@unit", then an
 * exact name comparison.  Returns the offset, -FDT_ERR_NOTFOUND when absent,
 * or -FDT_ERR_BADPATH with *found set when a node matched only by its base
 * name (libxl then treats the node as missing).
 */
static int find_exact(const void *pfdt, const char *name, const char **found)
{
	char path[32];
	const char *got;
	int off;

	snprintf(path, sizeof(path), "/%s", name);
	off = fdt_path_offset(pfdt, path);
	if (off < 0)
		return off;
	got = fdt_get_name(pfdt, off, NULL);
	if (!got)
		return -FDT_ERR_BADSTRUCTURE;
	if (strcmp(got, name)) {
		*found = got;
		return -FDT_ERR_BADPATH;
	}
	return off;
}

static int is_reserved_phandle(const struct ag_profile *p, uint32_t v)
{
	return v == p->phandle_gic || v == p->phandle_iommu;
}

/* Refuse a node of the copied subtree that claims a toolstack phandle. */
static int check_phandles(const struct ag_profile *p, const void *pfdt,
			  int top, struct ag_fdt_error *err)
{
	int depth = 0, node = top;

	do {
		static const char *const names[] = { "phandle", "linux,phandle" };

		for (size_t i = 0; i < 2; i++) {
			int len;
			const fdt32_t *v = fdt_getprop(pfdt, node, names[i], &len);
			char path[PATH_MAX_MSG];

			if (!v || len != (int)sizeof(*v) ||
			    !is_reserved_phandle(p, fdt32_to_cpu(*v)))
				continue;
			if (fdt_get_path(pfdt, node, path, sizeof(path)))
				snprintf(path, sizeof(path), "(path too long)");
			return fail(err, -EINVAL,
				    "partial device tree: node \"%s\" has %s %u, which the toolstack "
				    "reserves for the %s; use another value",
				    path, names[i], fdt32_to_cpu(*v),
				    fdt32_to_cpu(*v) == p->phandle_gic ? "GIC" : "Xen IOMMU");
		}
		node = fdt_next_node(pfdt, node, &depth);
	} while (node >= 0 && depth > 0);
	if (node < 0 && node != -FDT_ERR_NOTFOUND)
		return fail(err, node, "partial device tree: %s", fdt_strerror(node));
	return 0;
}

static int check_depth(const void *pfdt, struct ag_fdt_error *err)
{
	int depth = 0, node = 0;

	/* The walk ends past the root's END_NODE (depth -1) or at FDT_END. */
	while ((node = fdt_next_node(pfdt, node, &depth)) >= 0 && depth >= 0)
		if (depth > AG_PARTIAL_FDT_MAX_DEPTH)
			return fail(err, -E2BIG,
				    "partial device tree: nodes are nested more than %d deep",
				    AG_PARTIAL_FDT_MAX_DEPTH);
	if (node < 0 && node != -FDT_ERR_NOTFOUND)
		return fail(err, node, "partial device tree: %s", fdt_strerror(node));
	return 0;
}

int ag_partial_fdt_check(const struct ag_profile *p, const void *pfdt,
			 size_t size, struct ag_fdt_error *err)
{
	const char *found = NULL;
	int rc, off;

	memset(err, 0, sizeof(*err));
	if (size > p->fdt_max_size)
		return fail(err, -EFBIG,
			    "partial device tree is %zu bytes; at most %zu are accepted",
			    size, p->fdt_max_size);
	/* libxl's checks first, with its messages. */
	if (size < sizeof(struct fdt_header) || fdt_magic(pfdt) != FDT_MAGIC)
		return fail(err, -EINVAL,
			    "Partial FDT is not a valid Flat Device Tree");
	rc = fdt_check_header(pfdt);
	if (rc)
		return fail(err, rc, "Failed to check the partial FDT (%d: %s)",
			    rc, fdt_strerror(rc));
	if (fdt_totalsize(pfdt) > size)
		return fail(err, -EINVAL,
			    "Partial FDT totalsize is too big (%u bytes in a %zu-byte file)",
			    fdt_totalsize(pfdt), size);
	/* Then every offset, tag, name and string, before anything reads them. */
	rc = fdt_check_full(pfdt, size);
	if (rc)
		return fail(err, rc, "partial device tree is malformed: %s",
			    fdt_strerror(rc));
	rc = check_depth(pfdt, err);
	if (rc)
		return rc;

	off = find_exact(pfdt, PASSTHROUGH, &found);
	if (off == -FDT_ERR_BADPATH)
		return fail(err, -FDT_ERR_NOTFOUND,
			    "Can't copy the node \"/passthrough\" from the partial FDT: "
			    "the node found is \"/%.64s\"; it must be named exactly \"passthrough\"",
			    found);
	if (off < 0)
		return fail(err, off,
			    "Can't copy the node \"/passthrough\" from the partial FDT: %s",
			    off == -FDT_ERR_NOTFOUND ? "it has no /passthrough node" :
			    fdt_strerror(off));
	rc = check_phandles(p, pfdt, off, err);
	if (rc)
		return rc;

	/* /aliases is optional; "aliases@..." is ignored, as libxl ignores it. */
	off = find_exact(pfdt, ALIASES, &found);
	if (off >= 0)
		return check_phandles(p, pfdt, off, err);
	if (off != -FDT_ERR_NOTFOUND && off != -FDT_ERR_BADPATH)
		return fail(err, off,
			    "Can't copy the node \"/aliases\" from the partial FDT: %s",
			    fdt_strerror(off));
	return 0;
}

static int copy_properties(void *fdt, const void *pfdt, int node)
{
	int off;

	fdt_for_each_property_offset(off, pfdt, node) {
		const char *name;
		int len, rc;
		const void *val = fdt_getprop_by_offset(pfdt, off, &name, &len);

		if (!val)
			return len;
		rc = fdt_property(fdt, name, val, len);
		if (rc)
			return rc;
	}
	return off == -FDT_ERR_NOTFOUND ? 0 : off;
}

/* Copy the subtree at top: open a node, its properties, on to the next. */
static int copy_node(void *fdt, const void *pfdt, int top)
{
	int depth = 0, open = 0, node = top, rc;

	while (node >= 0 && depth >= 0 && (node == top || depth > 0)) {
		/* Close the nodes the walk has left (siblings, ancestors' siblings). */
		for (; open > depth; open--) {
			rc = fdt_end_node(fdt);
			if (rc)
				return rc;
		}
		rc = fdt_begin_node(fdt, fdt_get_name(pfdt, node, NULL));
		if (rc)
			return rc;
		open++;
		rc = copy_properties(fdt, pfdt, node);
		if (rc)
			return rc;
		node = fdt_next_node(pfdt, node, &depth);
	}
	if (node < 0 && node != -FDT_ERR_NOTFOUND)
		return node;
	for (; open > 0; open--) {
		rc = fdt_end_node(fdt);
		if (rc)
			return rc;
	}
	return 0;
}

int copy_partial_fdt(void *fdt, const struct ag_fdt_input *in)
{
	const char *found = NULL;
	int off, rc;

	off = find_exact(in->partial_fdt, PASSTHROUGH, &found);
	if (off < 0)
		return off; /* ag_partial_fdt_check has refused this already */
	rc = copy_node(fdt, in->partial_fdt, off);
	if (rc)
		return rc;
	off = find_exact(in->partial_fdt, ALIASES, &found);
	if (off < 0)
		return 0;
	return copy_node(fdt, in->partial_fdt, off);
}
