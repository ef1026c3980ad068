/* SPDX-License-Identifier: MIT */
/*
 * The partial device tree (device_tree=): untrusted input.  Validate it
 * completely, then copy /passthrough and /aliases into the guest tree the
 * way libxl's copy_partial_fdt does (tools/libs/light/libxl_arm.c, stable-4.17): each node with its
 * full name, its properties in order with raw names and values, then its
 * subnodes in order.  The copy walks the tree iteratively, so nesting depth
 * costs no stack; the depth is bounded anyway.
 */
#include <errno.h>
#include <libfdt.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nodes.h"
#include "partial.h"

#define PASSTHROUGH "passthrough"
#define ALIASES "aliases"
/* Paths quoted in messages are cut to this (the message has 256 bytes). */
#define PATH_MAX_MSG 128
/* Oldest format version accepted (see ag_partial_fdt_check). */
#define AG_PARTIAL_FDT_MIN_VERSION 16

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

/* What libfdt's verdicts mean, for people who never read libfdt; rc 0 ends a table. */
struct meaning {
	int rc;
	const char *text;
};

static const struct meaning header_meanings[] = {   /* fdt_check_header */
	{ -FDT_ERR_TRUNCATED, "its header places a block past the end of the tree" },
	{ -FDT_ERR_BADVERSION, "its format version is not one libfdt reads" },
	{ -FDT_ERR_BADSTATE, "it is an unfinished tree" },
	{ 0, "its header is inconsistent" },
};

static const struct meaning full_meanings[] = {     /* fdt_check_full */
	{ -FDT_ERR_TRUNCATED, "the tree is cut short" },
	{ -FDT_ERR_BADOFFSET, "a node or property name lies outside the tree" },
	{ -FDT_ERR_BADSTRUCTURE, "its nodes and properties are not properly nested or tagged" },
	{ -FDT_ERR_BADLAYOUT, "its blocks are laid out in the wrong order" },
	{ 0, "libfdt refused it" },
};

static const char *meaning(const struct meaning *m, int rc)
{
	while (m->rc && m->rc != rc)
		m++;
	return m->text;
}

static int is_reserved_phandle(const struct ag_profile *p, uint32_t v)
{
	return v == p->phandle_gic || v == p->phandle_iommu;
}

/* Refuse a node of the copied subtree that claims a toolstack phandle. */
static int check_phandles(const struct ag_profile *p, const void *pfdt,
			  int top, struct ag_err *err)
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
			return ag_err_set(err, EINVAL, "device_tree",
				    "partial device tree: node \"%s\" has %s %u, which the toolstack "
				    "reserves for the %s; use another value",
				    path, names[i], fdt32_to_cpu(*v),
				    fdt32_to_cpu(*v) == p->phandle_gic ? "GIC" : "Xen IOMMU");
		}
		node = fdt_next_node(pfdt, node, &depth);
	} while (node >= 0 && depth > 0);
	if (node < 0 && node != -FDT_ERR_NOTFOUND)
		return ag_fdt_fail(err, node, "device_tree", "partial device tree: %s", fdt_strerror(node));
	return 0;
}

static uint32_t be32_at(const void *fdt, uint32_t off)
{
	const uint8_t *b = (const uint8_t *)fdt + off;

	return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | b[3];
}

/*
 * Walk the structure block's tags once, checking that each property's value
 * lies inside the block, before any libfdt walker runs: libfdt 1.6.1's
 * fdt_next_tag adds a property's length without an overflow check, so a
 * length like 0xfffffff4 sends fdt_check_full round in a loop for ever
 * (found by fuzz/fuzz_partial.c; tests/regress/partial/), and a length
 * read from just before the block's end overflows its int arithmetic.
 * Anything else odd (an unknown tag, a name cut short) stops the walk and
 * is left to fdt_check_full, which reports it safely.  The header has been checked
 * (fdt_check_header, totalsize within the buffer).
 */
static int check_prop_lengths(const void *pfdt, const char *what, const char *key,
			      struct ag_err *err)
{
	uint32_t total = fdt_totalsize(pfdt), base = fdt_off_dt_struct(pfdt);
	uint32_t size, off = 0; /* off: from the block's start, as libfdt counts */
	const char *block = (const char *)pfdt + base;

	if (base > total)
		return 0;
	size = fdt_version(pfdt) >= 17 ? fdt_size_dt_struct(pfdt) : total - base;
	if (size > total - base)
		return 0;
	while (size - off >= FDT_TAGSIZE) {
		uint32_t tag = be32_at(block, off), len;

		off += FDT_TAGSIZE;
		switch (tag) {
		case FDT_BEGIN_NODE:
			len = (uint32_t)strnlen(block + off, size - off);
			if (len == size - off)
				return 0;
			off += len + 1;
			break;
		case FDT_PROP:
			/* libfdt adds len to an int: refuse it unless it fits. */
			len = size - off >= 4 ? be32_at(block, off) : 0;
			if (size - off < 8 || len > size - off - 8)
				return ag_fdt_fail(err, -FDT_ERR_BADSTRUCTURE, key,
					    "%s is malformed: the property at "
					    "structure offset %u claims %u bytes, past the block's end",
					    what, (unsigned)(off - FDT_TAGSIZE), len);
			off += 8 + len;
			break;
		case FDT_END_NODE:
		case FDT_NOP:
			break;
		default: /* FDT_END, or a bad tag */
			return 0;
		}
		/* The next tag is 4-byte aligned (padding may end the block). */
		off = size - off < 3 ? size : (off + 3) & ~3u;
	}
	return 0;
}

static int check_depth(const void *pfdt, const char *what, const char *key, struct ag_err *err)
{
	int depth = 0, node = 0;

	/* The walk ends past the root's END_NODE (depth -1) or at FDT_END. */
	while ((node = fdt_next_node(pfdt, node, &depth)) >= 0 && depth >= 0)
		if (depth > AG_PARTIAL_FDT_MAX_DEPTH)
			return ag_err_set(err, E2BIG, key,
				    "%s: nodes are nested more than %d deep",
				    what, AG_PARTIAL_FDT_MAX_DEPTH);
	if (node < 0 && node != -FDT_ERR_NOTFOUND)
		return ag_fdt_fail(err, node, key, "%s: %s", what, fdt_strerror(node));
	return 0;
}

static int cmp_name(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/*
 * Count the properties and their distinct names (the tree has passed
 * fdt_check_full: every name is inside the strings block).  The copy runs
 * libfdt's fdt_property once per property, and each call searches the
 * whole string table written so far: 20,000 distinct names took seconds,
 * 40,000 sixteen (fuzz/fuzz_partial.c timed out).  xl accepts such a tree
 * and spends the time; armguest refuses it.
 */
static int check_names(const void *pfdt, struct ag_err *err)
{
	const char **names = malloc(AG_PARTIAL_FDT_MAX_PROPS * sizeof(*names));
	size_t n = 0, distinct = 0;
	int depth = 0, node = 0, rc = 0;

	if (!names)
		return ag_err_set(err, ENOMEM, "device_tree", "out of memory");
	for (; node >= 0 && depth >= 0 && !rc; node = fdt_next_node(pfdt, node, &depth)) {
		int off;

		fdt_for_each_property_offset(off, pfdt, node) {
			const char *name = NULL;

			if (n == AG_PARTIAL_FDT_MAX_PROPS) {
				rc = ag_err_set(err, E2BIG, "device_tree", "partial device tree:"
						" more than %d properties; at most %d are accepted",
						AG_PARTIAL_FDT_MAX_PROPS, AG_PARTIAL_FDT_MAX_PROPS);
				break;
			}
			if (fdt_getprop_by_offset(pfdt, off, &name, NULL) && name)
				names[n++] = name;
		}
	}
	if (!rc) {
		qsort(names, n, sizeof(*names), cmp_name);
		for (size_t i = 0; i < n; i++)
			distinct += i == 0 || strcmp(names[i - 1], names[i]) != 0;
		if (distinct > AG_PARTIAL_FDT_MAX_NAMES)
			rc = ag_err_set(err, E2BIG, "device_tree", "partial device tree: more than"
					" %d distinct property names; at most %d are accepted",
					AG_PARTIAL_FDT_MAX_NAMES, AG_PARTIAL_FDT_MAX_NAMES);
	}
	free(names);
	return rc;
}

int ag_fdt_check_structure(const void *pfdt, size_t size, const char *what, const char *key,
			   struct ag_err *err)
{
	int rc;

	/*
	 * Versions before 16 store full paths as node names, and libfdt 1.6.1's
	 * fdt_check_full dereferences NULL on some of them (found by
	 * fuzz/fuzz_partial.c; tests/regress/partial/).  dtc writes 17.
	 */
	if (fdt_version(pfdt) < AG_PARTIAL_FDT_MIN_VERSION)
		return ag_fdt_fail(err, -FDT_ERR_BADVERSION, key,
			    "%s has format version %u; "
			    "versions %d and later are accepted (dtc writes 17)",
			    what, fdt_version(pfdt), AG_PARTIAL_FDT_MIN_VERSION);
	/*
	 * The format aligns the reservations to 8 bytes and the structure
	 * block to 4; libfdt 1.6.1 does not check, and then loads misaligned
	 * words (found by fuzz/fuzz_partial.c with an instrumented libfdt).
	 */
	if (fdt_off_mem_rsvmap(pfdt) % 8)
		return ag_fdt_fail(err, -FDT_ERR_ALIGNMENT, key,
			    "%s is malformed: its memory reservation "
			    "block (offset %u) is not 8-byte aligned", what, fdt_off_mem_rsvmap(pfdt));
	if (fdt_off_dt_struct(pfdt) % 4)
		return ag_fdt_fail(err, -FDT_ERR_ALIGNMENT, key,
			    "%s is malformed: its structure block "
			    "(offset %u) is not 4-byte aligned", what, fdt_off_dt_struct(pfdt));
	/* Then every offset, tag, name and string, before anything reads them. */
	rc = check_prop_lengths(pfdt, what, key, err);
	if (rc)
		return rc;
	rc = fdt_check_full(pfdt, size);
	if (rc)
		return ag_fdt_fail(err, rc, key, "%s is malformed: %s (%s)",
			    what, meaning(full_meanings, rc), fdt_strerror(rc));
	return check_depth(pfdt, what, key, err);
}

int ag_partial_fdt_check(const struct ag_profile *p, const void *pfdt,
			 size_t size, struct ag_err *err)
{
	const char *found = NULL;
	int rc, off;

	memset(err, 0, sizeof(*err));
	if (size > p->fdt_max_size)
		return ag_err_set(err, EFBIG, "device_tree",
			    "partial device tree is %zu bytes; at most %zu are accepted",
			    size, p->fdt_max_size);
	/* libxl's checks first, with its messages. */
	if (size < sizeof(struct fdt_header) || fdt_magic(pfdt) != FDT_MAGIC)
		return ag_err_set(err, EINVAL, "device_tree",
			    "Partial FDT is not a valid Flat Device Tree");
	rc = fdt_check_header(pfdt);
	if (rc)
		return ag_fdt_fail(err, rc, "device_tree", "Failed to check the partial FDT (%d: %s): %s",
			    rc, fdt_strerror(rc), meaning(header_meanings, rc));
	if (fdt_totalsize(pfdt) > size)
		return ag_err_set(err, EINVAL, "device_tree",
			    "Partial FDT totalsize is too big (%u bytes in a %zu-byte file)",
			    fdt_totalsize(pfdt), size);
	rc = ag_fdt_check_structure(pfdt, size, "partial device tree", "device_tree", err);
	if (!rc)
		rc = check_names(pfdt, err);
	if (rc)
		return rc;

	off = find_exact(pfdt, PASSTHROUGH, &found);
	if (off == -FDT_ERR_BADPATH)
		return ag_fdt_fail(err, -FDT_ERR_NOTFOUND, "device_tree",
			    "Can't copy the node \"/passthrough\" from the partial FDT: "
			    "the node found is \"/%.64s\"; it must be named exactly \"passthrough\"",
			    found);
	if (off < 0)
		return ag_fdt_fail(err, off, "device_tree",
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
		return ag_fdt_fail(err, off, "device_tree",
			    "Can't copy the node \"/aliases\" from the partial FDT: %s",
			    fdt_strerror(off));
	return 0;
}

/* Copied nodes and properties keep their path: the partial tree's is the guest's. */
static void why_partial(const struct ag_fdt_input *in, int node, const char *prop)
{
	char path[1024];

	if (!in->why)
		return;
	if (fdt_get_path(in->partial_fdt, node, path, sizeof(path)))
		snprintf(path, sizeof(path), "(a node of the partial tree)");
	WHY(in, path, prop, .kind = AG_WHY_PARTIAL, .keys = { "device_tree" },
	    .rule = prop ? "copied as is from the partial device tree"
			 : "copied with its subtree from the partial device tree (libxl copies "
			   "/passthrough and /aliases)");
}

static int copy_properties(void *fdt, const struct ag_fdt_input *in, int node)
{
	const void *pfdt = in->partial_fdt;
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
		why_partial(in, node, name);
	}
	return off == -FDT_ERR_NOTFOUND ? 0 : off;
}

/* Copy the subtree at top: open a node, its properties, on to the next. */
static int copy_node(void *fdt, const struct ag_fdt_input *in, int top)
{
	const void *pfdt = in->partial_fdt;
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
		why_partial(in, node, NULL);
		rc = copy_properties(fdt, in, node);
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
	rc = copy_node(fdt, in, off);
	if (rc)
		return rc;
	off = find_exact(in->partial_fdt, ALIASES, &found);
	if (off < 0)
		return 0;
	return copy_node(fdt, in, off);
}
