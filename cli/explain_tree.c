/* SPDX-License-Identifier: MIT */
/*
 * The tree's account (explain.h): each entry the builder recorded, told with
 * the config key's file:line:col, the profile field's citation at the
 * release branch, the layout's inputs with their values, and whether the
 * finalised tree still has it (a bank without RAM and the consumed rng-seed
 * are NOPed); then every key of the config that produced nothing, with its
 * status and reason from the key table (xl-parse/keys.c).
 */
#include <ctype.h>
#include <errno.h>
#include <libfdt.h>
#include <stdlib.h>
#include <string.h>

#include "explain.h"
#include "../fdt/walk.h"
#include "../platform/profile_cite.h"
#include "../xl-parse/keys.h"

#define VALUE_MAX 72

struct find {
	const char *node, *prop;
};

static int found(void *ctx, const char *path, const char *prop)
{
	const struct find *f = ctx;

	return !strcmp(path, f->node) && (prop && f->prop ? !strcmp(prop, f->prop)
							: !prop && !f->prop);
}

/* Is it in the finalised tree?  (A tag walk: libfdt misses a property after a subnode.) */
static bool in_tree(const struct ag_explain *x, const struct ag_why *e)
{
	struct find f = { e->node, e->prop };

	return ag_fdt_walk(x->pl->dtb, found, &f) == 1;
}

/* Strings when every byte is printable and each ends in NUL, else cells, else bytes. */
static bool is_strings(const char *v, int len)
{
	if (len == 0 || v[len - 1] || !v[0])
		return false;
	for (int i = 0; i < len; i++) {
		if (v[i] == 0 && (i + 1 == len || v[i + 1]))
			continue;
		if (v[i] == 0 || !isprint((unsigned char)v[i]))
			return false;
	}
	return true;
}

static void value_text(const struct ag_explain *x, const struct ag_why *e, char *buf, size_t size)
{
	int node = fdt_path_offset(x->pl->dtb, e->node), len;
	const char *v = node < 0 ? NULL : fdt_getprop(x->pl->dtb, node, e->prop, &len);
	size_t n = 0;

	buf[0] = 0;
	if (!v)
		return;
	if (len == 0) {
		snprintf(buf, size, "(empty)");
		return;
	}
	if (is_strings(v, len)) {
		for (int i = 0; i < len && n + 4 < size; i += (int)strlen(v + i) + 1)
			n += (size_t)snprintf(buf + n, size - n, "%s\"%s\"", i ? ", " : "", v + i);
	} else if (len % 4 == 0) {
		n = (size_t)snprintf(buf, size, "<");
		for (int i = 0; i < len && n + 2 < size; i += 4)
			n += (size_t)snprintf(buf + n, size - n, "%s0x%x", i ? " " : "",
					      fdt32_to_cpu(*(const fdt32_t *)(const void *)(v + i)));
		if (n + 2 < size)
			snprintf(buf + n, size - n, ">");
	} else {
		n = (size_t)snprintf(buf, size, "[");
		for (int i = 0; i < len && n + 3 < size; i++)
			n += (size_t)snprintf(buf + n, size - n, "%s%02x", i ? " " : "",
					      (unsigned char)v[i]);
		if (n + 2 < size)
			snprintf(buf + n, size - n, "]");
	}
	if (strlen(buf) >= VALUE_MAX)
		strcpy(buf + VALUE_MAX - 4, "...");
}

/* The keys of an entry, and what the layout inputs bring in (the kernel, the ramdisk). */
static size_t entry_keys(const struct ag_why *e, const char **keys, size_t max)
{
	size_t n = 0;

	for (size_t i = 0; i < AG_WHY_MAX_KEYS && e->src.keys[i] && n < max; i++)
		keys[n++] = e->src.keys[i];
	return n;
}

static const char *release_branch(const struct ag_profile *p)
{
	static char branch[32];

	snprintf(branch, sizeof(branch), "stable-%s", p->version);
	return branch;
}

static void print_layout_inputs(FILE *out, const struct ag_explain *x, unsigned in)
{
	const struct ag_plan *pl = x->pl;
	const struct ag_layout *l = &pl->layout;

	if (in & AG_WHY_IN_RAM)
		fprintf(out, "\n        RAM 0x%llx bytes: bank 0 0x%llx, bank 1 0x%llx",
			(unsigned long long)l->ram_bytes, (unsigned long long)l->bank_size[0],
			(unsigned long long)l->bank_size[1]);
	if (in & AG_WHY_IN_KERNEL)
		fprintf(out, "\n        kernel Image header: text_offset 0x%llx, image_size 0x%llx "
			"(loaded at 0x%llx..0x%llx)",
			(unsigned long long)pl->files.kernel.text_offset,
			(unsigned long long)pl->files.kernel.image_size,
			(unsigned long long)l->kernel_base, (unsigned long long)l->kernel_end);
	if (in & AG_WHY_IN_RAMDISK)
		fprintf(out, "\n        ramdisk 0x%llx bytes", (unsigned long long)pl->files.ramdisk_size);
	if (in & AG_WHY_IN_DTB)
		fprintf(out, "\n        the tree: 0x%zx bytes", pl->dtb_size);
	if (in & AG_WHY_IN_GPADDR)
		fprintf(out, "\n        IPA size %u bits", x->gpaddr_bits);
	if (in & AG_WHY_IN_ACPI)
		fprintf(out, "\n        ACPI tables 0x%llx bytes", (unsigned long long)pl->in.acpi_size);
}

static void print_source(FILE *out, const struct ag_explain *x, const struct ag_why *e)
{
	const char *keys[AG_WHY_MAX_KEYS];
	size_t nk = entry_keys(e, keys, AG_WHY_MAX_KEYS);

	fprintf(out, "      <- %s", ag_why_kind_name(e->src.kind));
	for (size_t i = 0; i < nk; i++) {
		const struct xlcfg_setting *s = xlcfg_find(x->cfg, keys[i]);

		if (s)
			fprintf(out, "%s `%s' at %s:%u:%u", i ? ", with" : ":", keys[i],
				x->g->source, s->line, s->col);
		else
			fprintf(out, "%s `%s' (not set: its default)", i ? ", with" : ":", keys[i]);
	}
	if (e->src.rule)
		fprintf(out, "%s %s", nk ? ";" : ":", e->src.rule);
	for (size_t i = 0; i < AG_WHY_MAX_FIELDS && e->src.fields[i]; i++) {
		const struct ag_profile_cite *c = ag_profile_cite(e->src.fields[i]);

		if (c)
			fprintf(out, "\n        %s (%s, %s)", c->macro, c->file,
				release_branch(x->pl->p));
	}
	if (e->src.kind == AG_WHY_LAYOUT)
		print_layout_inputs(out, x, e->src.inputs);
	fputc('\n', out);
}

/* Did any entry still in the tree come from key? */
static bool key_used(const struct ag_explain *x, const char *key)
{
	for (size_t j = 0; j < x->why->n; j++) {
		const struct ag_why *e = &x->why->v[j];

		for (size_t m = 0; m < AG_WHY_MAX_KEYS && e->src.keys[m]; m++)
			if (!strcmp(e->src.keys[m], key) && in_tree(x, e))
				return true;
	}
	return false;
}

/* Status and reason of a key that produced nothing, from the key table. */
static const char *key_status(const struct ag_explain *x, const char *key, const char **why)
{
	const struct ag_key_info *k = ag_key_lookup(key);
	int rel = ag_release_index(x->pl->p->xen_major, x->pl->p->xen_minor);

	*why = k ? k->why : "not a key any xl release reads";
	return k && rel >= 0 ? ag_key_status_name(k->status[rel]) : "unknown";
}

int ag_explain_text(FILE *out, const struct ag_explain *x)
{
	const struct xlcfg_setting **keys = NULL;
	size_t n_keys = 0;
	char value[VALUE_MAX + 8];

	fprintf(out, "The tree of %s (Xen %s, vGIC%s), node by node:\n", x->g->source,
		x->pl->p->version, x->pl->in.gic == AG_GIC_V2 ? "v2" : "v3");
	for (size_t i = 0; i < x->why->n; i++) {
		const struct ag_why *e = &x->why->v[i];
		bool there = in_tree(x, e);

		if (!e->prop) {
			fprintf(out, "\n%s%s\n", e->node, there ? "" : "  (removed before boot)");
			print_source(out, x, e);
			continue;
		}
		value_text(x, e, value, sizeof(value));
		fprintf(out, "  %s%s%s%s\n", e->prop, there ? " = " : "", value,
			there ? "" : "  (removed before boot)");
		print_source(out, x, e);
	}

	if (ag_keys_distinct(x->cfg, &keys, &n_keys))
		return -ENOMEM;
	fprintf(out, "\nKeys of %s that produced nothing in the tree:\n", x->g->source);
	for (size_t i = 0; i < n_keys; i++) {
		const char *why, *status;

		if (key_used(x, keys[i]->key))
			continue;
		status = key_status(x, keys[i]->key, &why);
		fprintf(out, "  %s:%u:%u: %s: %s%s%s\n", x->g->source, keys[i]->line, keys[i]->col,
			keys[i]->key, status, why ? ": " : "", why ? why : "");
	}
	free(keys);
	return 0;
}

/* --- JSON (docs/explain.md) ---------------------------------------------- */

static json_t *json_pos(const char *file, unsigned line, unsigned col)
{
	return json_pack("{s:s, s:I, s:I}", "file", file, "line", (json_int_t)line,
			 "col", (json_int_t)col);
}

static json_t *json_inputs(const struct ag_explain *x, unsigned in)
{
	const struct ag_plan *pl = x->pl;
	const struct ag_layout *l = &pl->layout;
	json_t *j = json_object();

	if (!j)
		return NULL;
	if (in & AG_WHY_IN_RAM) {
		json_object_set_new(j, "ram_bytes", json_integer((json_int_t)l->ram_bytes));
		json_object_set_new(j, "bank_sizes", json_pack("[I, I]", (json_int_t)l->bank_size[0],
							       (json_int_t)l->bank_size[1]));
	}
	if (in & AG_WHY_IN_KERNEL) {
		json_object_set_new(j, "kernel_text_offset",
				    json_integer((json_int_t)pl->files.kernel.text_offset));
		json_object_set_new(j, "kernel_image_size",
				    json_integer((json_int_t)pl->files.kernel.image_size));
	}
	if (in & AG_WHY_IN_RAMDISK)
		json_object_set_new(j, "ramdisk_size", json_integer((json_int_t)pl->files.ramdisk_size));
	if (in & AG_WHY_IN_DTB)
		json_object_set_new(j, "dtb_size", json_integer((json_int_t)pl->dtb_size));
	if (in & AG_WHY_IN_GPADDR)
		json_object_set_new(j, "gpaddr_bits", json_integer(x->gpaddr_bits));
	if (in & AG_WHY_IN_ACPI)
		json_object_set_new(j, "acpi_size", json_integer((json_int_t)pl->in.acpi_size));
	return j;
}

static json_t *json_from(const struct ag_explain *x, const struct ag_why *e)
{
	json_t *from = json_pack("{s:s}", "kind", ag_why_kind_name(e->src.kind));
	json_t *keys = json_array(), *consts = json_array();

	if (!from || !keys || !consts) {
		json_decref(from);
		json_decref(keys);
		json_decref(consts);
		return NULL;
	}
	for (size_t i = 0; i < AG_WHY_MAX_KEYS && e->src.keys[i]; i++) {
		const struct xlcfg_setting *s = xlcfg_find(x->cfg, e->src.keys[i]);
		json_t *k = s ? json_pos(x->g->source, s->line, s->col) : json_object();

		json_object_set_new(k, "key", json_string(e->src.keys[i]));
		json_object_set_new(k, "set", json_boolean(s != NULL));
		json_array_append_new(keys, k);
	}
	for (size_t i = 0; i < AG_WHY_MAX_FIELDS && e->src.fields[i]; i++) {
		const struct ag_profile_cite *c = ag_profile_cite(e->src.fields[i]);

		if (c)
			json_array_append_new(consts, json_pack("{s:s, s:s, s:s, s:s}",
				"field", c->name, "macro", c->macro, "header", c->file,
				"branch", release_branch(x->pl->p)));
	}
	json_object_set_new(from, "keys", keys);
	json_object_set_new(from, "constants", consts);
	if (e->src.rule)
		json_object_set_new(from, "rule", json_string(e->src.rule));
	if (e->src.kind == AG_WHY_LAYOUT)
		json_object_set_new(from, "inputs", json_inputs(x, e->src.inputs));
	return from;
}

json_t *ag_explain_json(const struct ag_explain *x)
{
	const struct xlcfg_setting **keys = NULL;
	size_t n_keys = 0;
	char value[VALUE_MAX + 8];
	json_t *a = json_array();

	if (!a || ag_keys_distinct(x->cfg, &keys, &n_keys)) {
		json_decref(a);
		return NULL;
	}
	for (size_t i = 0; i < x->why->n; i++) {
		const struct ag_why *e = &x->why->v[i];
		json_t *o = json_pack("{s:s, s:o, s:b, s:o}", "node", e->node,
				      "property", e->prop ? json_string(e->prop) : json_null(),
				      "in_tree", in_tree(x, e), "from", json_from(x, e));

		if (o && e->prop && in_tree(x, e)) {
			value_text(x, e, value, sizeof(value));
			json_object_set_new(o, "value", json_string(value));
		}
		if (!o || json_array_append_new(a, o))
			goto oom;
	}
	for (size_t i = 0; i < n_keys; i++) {
		const char *why, *status;
		json_t *o;

		if (key_used(x, keys[i]->key))
			continue;
		status = key_status(x, keys[i]->key, &why);
		o = json_pos(x->g->source, keys[i]->line, keys[i]->col);
		if (!o || json_object_set_new(o, "key", json_string(keys[i]->key)) ||
		    json_object_set_new(o, "status", json_string(status)) ||
		    (why && json_object_set_new(o, "reason", json_string(why))) ||
		    json_array_append_new(a, o))
			goto oom;
	}
	free(keys);
	return a;
oom:
	free(keys);
	json_decref(a);
	return NULL;
}
