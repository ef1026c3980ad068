/* SPDX-License-Identifier: MIT */
/*
 * The virtio-mmio devices libxl puts in an Arm guest's tree: the disks with
 * `specification=virtio', then (Xen 4.18+) the entries of `virtio = [...]'
 * with `transport=mmio', each on the next MMIO slot and SPI from one counter
 * (tools/libs/light/libxl_arm.c: libxl__arch_domain_prepare_config,
 * alloc_virtio_mmio_params, stable-4.20; disks only at stable-4.17).
 *
 * A `virtio' entry is read as xl reads it (tools/xl/xl_parse.c:
 * parse_virtio_list, parse_virtio_config, stable-4.20): comma-separated
 * key=value tokens, leading blanks skipped, a `type' value starting with
 * "virtio" taking the next token with it ("type=virtio,device22").  Where
 * xl exits without a word (a bad `transport') or crashes (`type=virtio' with
 * nothing after it, an mmio entry without a type), this refuses with the
 * reason.  `backend' names the back end's domain, which libxl resolves only
 * while creating (libxl__resolve_domid), so offline it must be a domid.
 * grant_usage defaults to "the back end is not dom0"
 * (libxl_virtio.c: libxl__device_virtio_setdefault; libxl_disk.c:
 * libxl__device_disk_setdefault since 4.19).
 *
 * armguest runs no virtio back end: `create' refuses these devices unless
 * --without-devices (validate_keys.c).  The tree is libxl's either way, as
 * every command builds the same tree from the same config (a virtio-mmio
 * node nobody serves reads as no device to the guest's driver).
 */
#include "validate_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* libxl_internal.h VIRTIO_DEVICE_TYPE_GENERIC, _I2C, _GPIO (stable-4.20). */
#define VIRTIO_TYPE_GENERIC "virtio,device"

struct slots {
	size_t used, max;
};

/* A `backend=' value: a domid (libxl takes a name too, but only at create). */
static bool parse_backend(struct vctx *c, const char *key, const struct xlcfg_value *item,
			  const char *v, uint32_t *out)
{
	char q[AG_QUOTE_SIZE], *end;
	unsigned long id = strtoul(v, &end, 10);

	if (end == v || *end || id >= 0x7ff0) {
		v_emit_at(c, AG_ERROR, key, item->line, item->col,
			  "%s back end %s: armguest needs the back end's domid, not its name "
			  "(libxl looks the name up at create)", key, ag_quote(q, v));
		return false;
	}
	*out = (uint32_t)id;
	return true;
}

/* The next MMIO slot and SPI, or an error as libxl's alloc_virtio_mmio_irq gives. */
static struct ag_virtio *take_slot(struct vctx *c, struct slots *sl, const char *key,
				   const struct xlcfg_value *item)
{
	struct ag_virtio *v;

	if (sl->used == sl->max) {
		v_emit_at(c, AG_ERROR, key, item->line, item->col,
			  "Ran out of reserved range for Virtio MMIO IRQ %u: Xen keeps SPIs "
			  "%u-%u for virtio-mmio, one per device (disks and `virtio' entries)",
			  c->lim->spi_virtio_first + (unsigned)sl->max, c->lim->spi_virtio_first,
			  c->lim->spi_virtio_last);
		return NULL;
	}
	v = &c->g->virtio[sl->used++];
	c->g->n_virtio = sl->used;
	v->pos = (struct ag_pos){ item->line, item->col };
	return v;
}

static void read_disks(struct vctx *c, struct slots *sl)
{
	const struct xlcfg_setting *s = xlcfg_find(c->cfg, "disk");
	const struct xlcfg_value *list;

	if (!s || s->value->type != XLCFG_LIST)
		return;
	list = s->value;
	for (size_t i = 0; i < list->nitems; i++) {
		const struct xlcfg_value *item = list->items[i];
		char *spec, *save = NULL, q[AG_QUOTE_SIZE];
		bool virtio = false, ok = true;
		int grant_usage = -1;
		uint32_t backend = 0;
		struct ag_virtio *v;

		if (item->type != XLCFG_STRING || !(spec = v_strdup(c, item->str)))
			continue;
		for (char *t = strtok_r(spec, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
			/* libxlu_disk_l.l: "target=" eats the rest of the string, commas too. */
			if (!strncmp(t, "target=", 7))
				break;
			if (!strcmp(t, "specification=virtio"))
				virtio = true;
			else if (!strncmp(t, "backend=", 8))
				ok = parse_backend(c, "disk", item, t + 8, &backend) && ok;
			else if (!strncmp(t, "grant_usage=", 12)) {
				if (!c->lim->virtio_disk_grant_usage) {
					v_emit_at(c, AG_ERROR, "disk", item->line, item->col,
						  "disk %s: grant_usage in a disk spec was added in "
						  "Xen 4.19; this guest is built for Xen %u.%u",
						  ag_quote(q, item->str), c->lim->xen_major,
						  c->lim->xen_minor);
					ok = false;
				} else if (!strcmp(t + 12, "0") || !strcmp(t + 12, "1")) {
					grant_usage = t[12] == '1';
				} else {
					/* libxlu_disk_l.l: grant_usage=0|1, anything else a parse error */
					v_emit_at(c, AG_ERROR, "disk", item->line, item->col,
						  "disk %s: grant_usage is 0 or 1",
						  ag_quote(q, item->str));
					ok = false;
				}
			}
		}
		free(spec);
		/* A disk with a bad token still takes its slot: later errors stay libxl's. */
		if (!virtio || !(v = take_slot(c, sl, "disk", item)) || !ok)
			continue;
		v->backend = backend;
		v->grant_usage = grant_usage >= 0 ? grant_usage : backend != 0;
	}
}

struct virtio_spec {
	char *type;         /* allocated; NULL: none given */
	bool mmio;
	uint32_t backend;
	int grant_usage;    /* -1: the default */
};

/* One key=value token of a `virtio' entry (parse_virtio_config). */
static bool virtio_token(struct vctx *c, const struct xlcfg_value *item, const char *t,
			 struct virtio_spec *sp)
{
	char q[AG_QUOTE_SIZE];

	if (!strncmp(t, "backend=", 8))
		return parse_backend(c, "virtio", item, t + 8, &sp->backend);
	if (!strncmp(t, "type=", 5)) {
		free(sp->type);
		sp->type = v_strdup(c, t + 5);
		return sp->type != NULL;
	}
	if (!strncmp(t, "transport=", 10)) {
		/* libxl_virtio_transport_from_string: "unknown" or "mmio", any case. */
		if (!strcasecmp(t + 10, "mmio") || !strcasecmp(t + 10, "unknown")) {
			sp->mmio = !strcasecmp(t + 10, "mmio");
			return true;
		}
		v_emit_at(c, AG_ERROR, "virtio", item->line, item->col,
			  "virtio %s: unknown transport %s: the only transport is \"mmio\"",
			  ag_quote(q, item->str), t + 10);
		return false;
	}
	if (!strncmp(t, "grant_usage=", 12)) {
		/* xl: strtoul(value, NULL, 0), any non-zero number is true. */
		sp->grant_usage = strtoul(t + 12, NULL, 0) != 0;
		return true;
	}
	v_emit_at(c, AG_ERROR, "virtio", item->line, item->col,
		  "Unknown string %s in virtio spec", ag_quote(q, t));
	return false;
}

/* Splits one entry as parse_virtio_list does; false after an error. */
static bool virtio_spec(struct vctx *c, const struct xlcfg_value *item, struct virtio_spec *sp)
{
	char *buf = v_strdup(c, item->str), *save = NULL, q[AG_QUOTE_SIZE];
	bool ok = buf != NULL;

	for (char *p = buf ? strtok_r(buf, ",", &save) : NULL; p && ok;
	     p = strtok_r(NULL, ",", &save)) {
		char *joined = NULL;

		while (*p == ' ')
			p++;
		if (!strncmp(p, "type=virtio", 11)) {
			char *p2 = strtok_r(NULL, ",", &save);

			if (!p2) {
				/* xl would strlen(NULL) here and crash. */
				v_emit_at(c, AG_ERROR, "virtio", item->line, item->col,
					  "virtio %s: a type starting with \"virtio\" is read "
					  "with the token after its comma (\"type=virtio,device22\"), "
					  "and there is none", ag_quote(q, item->str));
				ok = false;
				break;
			}
			joined = malloc(strlen(p) + strlen(p2) + 2);
			if (!joined) {
				c->nomem = true;
				ok = false;
				break;
			}
			sprintf(joined, "%s,%s", p, p2);
			p = joined;
		}
		ok = virtio_token(c, item, p, sp);
		free(joined);
	}
	free(buf);
	return ok;
}

/* libxl_arm.c make_virtio_mmio_node_device: the types it can describe. */
static bool virtio_type_ok(struct vctx *c, const struct xlcfg_value *item, const char *type)
{
	char q[AG_QUOTE_SIZE];

	if (!type) {
		/* libxl would strcmp(NULL, ...) while making the node. */
		v_emit_at(c, AG_ERROR, "virtio", item->line, item->col,
			  "virtio %s: a transport=mmio device needs type= "
			  "(\"virtio,device<N>\", N its virtio device ID)",
			  ag_quote(q, item->str));
		return false;
	}
	if (strncmp(type, VIRTIO_TYPE_GENERIC, strlen(VIRTIO_TYPE_GENERIC))) {
		v_emit_at(c, AG_ERROR, "virtio", item->line, item->col,
			  "Invalid type for virtio device: %s (types are \"virtio,device<N>\": "
			  "N is the virtio device ID, e.g. 22 for I2C)", ag_quote(q, type));
		return false;
	}
	return true;
}

static void read_devices(struct vctx *c, struct slots *sl)
{
	const struct xlcfg_setting *s;
	const struct xlcfg_value *list;
	char q[AG_QUOTE_SIZE];

	/*
	 * Before 4.18 the key is refused as not in the release, and a value that
	 * is no list, or has lists for items, is refused with the other device
	 * lists (validate_keys.c).
	 */
	s = xlcfg_find(c->cfg, "virtio");
	if (!v_key_in_release(c, "virtio") || !s || s->value->type != XLCFG_LIST)
		return;
	list = s->value;
	v_pos(&c->g->pos_virtio, s);
	for (size_t i = 0; i < list->nitems; i++) {
		const struct xlcfg_value *item = list->items[i];
		struct virtio_spec sp = { .grant_usage = -1 };
		struct ag_virtio *v;

		if (item->type != XLCFG_STRING)
			continue; /* validate_keys.c refuses a nested list */
		if (!virtio_spec(c, item, &sp)) {
			free(sp.type);
			continue;
		}
		if (!sp.mmio) {
			v_emit_at(c, AG_WARNING, "virtio", item->line, item->col,
				  "virtio %s has no transport=mmio: libxl gives it no virtio-mmio "
				  "node, so the guest has no way to find it",
				  ag_quote(q, item->str));
			free(sp.type);
			continue;
		}
		if (!virtio_type_ok(c, item, sp.type) || !(v = take_slot(c, sl, "virtio", item))) {
			free(sp.type);
			continue;
		}
		v->type = sp.type;
		v->backend = sp.backend;
		v->grant_usage = sp.grant_usage >= 0 ? sp.grant_usage : sp.backend != 0;
	}
}

/* libxl__arch_domain_prepare_config: the virtio SPIs are not for passthrough. */
static void check_virtio_irqs(struct vctx *c)
{
	const struct xlcfg_setting *s = xlcfg_find(c->cfg, "irqs");
	unsigned last = c->lim->spi_virtio_first + (unsigned)c->g->n_virtio - 1;

	if (!c->g->n_virtio || !s || s->value->type != XLCFG_LIST)
		return;
	for (size_t i = 0; i < c->g->n_irqs && i < s->value->nitems; i++) {
		const struct xlcfg_value *item = s->value->items[i];
		uint32_t irq = c->g->irqs[i];

		if (irq >= c->lim->spi_virtio_first && irq <= last)
			v_emit_at(c, AG_ERROR, "irqs", item->line, item->col,
				  "Physical IRQ %u conflicting with Virtio MMIO IRQ range", irq);
	}
}

void validate_virtio(struct vctx *c)
{
	const struct xlcfg_setting *disk = xlcfg_find(c->cfg, "disk");
	const struct xlcfg_setting *virtio = xlcfg_find(c->cfg, "virtio");
	size_t n = 0;
	struct slots sl = {
		.max = c->lim->spi_virtio_last - c->lim->spi_virtio_first + 1,
	};

	if (!v_is_arm(c))
		return;
	if (disk && disk->value->type == XLCFG_LIST)
		n += disk->value->nitems;
	if (virtio && virtio->value->type == XLCFG_LIST)
		n += virtio->value->nitems;
	if (!n)
		return;
	c->g->virtio = calloc(n, sizeof(*c->g->virtio));
	if (!c->g->virtio) {
		c->nomem = true;
		return;
	}
	read_disks(c, &sl);
	read_devices(c, &sl);
	check_virtio_irqs(c);
}
