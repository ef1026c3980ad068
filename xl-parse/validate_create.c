/* SPDX-License-Identifier: MIT */
/*
 * The creation settings: what xl reads into libxl_domain_create_info and
 * libxl_domain_build_info for Xen itself rather than for the tree
 * (tools/xl/xl_parse.c: parse_config_data, parse_vcpu_affinity,
 * parse_cpurange, stable-4.17), with libxl's checks that need no host
 * (tools/libs/light/libxl_create.c: libxl__domain_build_info_setdefault,
 * libxl_sched.c: sched_credit_domain_set, sched_credit2_domain_set), so that
 * check and dtb say them too.  The host-dependent ones (vPMU, grant version,
 * pool names) are create's (arm/create.c).
 */
#include "validate_int.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* xen/include/public/domctl.h: XEN_DOMCTL_GRANT_version_mask. */
#define GRANT_VERSION_MASK 0xf
/* libxl_sched.c: the credit schedulers' weight range. */
#define WEIGHT_MIN 1
#define WEIGHT_MAX 65535

static int hex_digit(char ch)
{
	if (ch >= '0' && ch <= '9')
		return ch - '0';
	if (ch >= 'a' && ch <= 'f')
		return ch - 'a' + 10;
	if (ch >= 'A' && ch <= 'F')
		return ch - 'A' + 10;
	return -1;
}

/* libxl_uuid_from_string: 8-4-4-4-12 hex digits, nothing else. */
static void read_uuid(struct vctx *c)
{
	const struct xlcfg_setting *s;
	char q[AG_QUOTE_SIZE];
	uint8_t u[16] = { 0 };
	const char *v;
	size_t n = 0, i;

	if (v_string(c, "uuid", &v, &s))
		return;
	v_pos(&c->g->pos_uuid, s);
	for (i = 0; v[i] && i < 36; i++) {
		int x = hex_digit(v[i]);

		if (i == 8 || i == 13 || i == 18 || i == 23) {
			if (v[i] != '-')
				break;
			continue;
		}
		if (x < 0)
			break;
		u[n / 2] = (uint8_t)(u[n / 2] << 4 | x);
		n++;
	}
	if (i != 36 || v[i] || n != 32) {
		v_emit(c, AG_ERROR, s, false, "Failed to parse UUID: %s", ag_quote(q, v));
		return;
	}
	memcpy(c->g->uuid, u, sizeof(u));
	c->g->has_uuid = true;
}

static void read_limits(struct vctx *c)
{
	struct ag_guest *g = c->g;
	const struct xlcfg_setting *s;
	long l;
	bool b;

	if (!v_defbool(c, "vpmu", &b, &s)) {
		g->vpmu = b;
		v_pos(&g->pos_vpmu, s);
	}
	/* xl: get_bounded_long(0, INT_MAX); a bad value ends xl. */
	if (!v_bounded_long(c, "max_grant_frames", 0, INT_MAX, &l, &s))
		g->max_grant_frames = (int32_t)l;
	if (!v_bounded_long(c, "max_maptrack_frames", 0, INT_MAX, &l, &s))
		g->max_maptrack_frames = (int32_t)l;
	if (!v_bounded_long(c, "max_grant_version", 0, INT_MAX, &l, &s)) {
		v_pos(&g->pos_max_grant_version, s);
		if (l & ~(long)GRANT_VERSION_MASK)
			v_emit(c, AG_ERROR, s, false, "max grant version %ld out of range", l);
		else
			g->max_grant_version = (int)l;
	}
	if (!v_long(c, "max_event_channels", &l, &s)) {
		/* libxl's event_channels is a uint32; 0 means its default. */
		if (l < 0 || l > UINT32_MAX)
			v_emit(c, AG_ERROR, s, false,
			       "max_event_channels %ld is not a valid port count", l);
		else if (l)
			g->max_evtchn_port = (uint32_t)l;
	}
}

/* One item of parse_cpurange: [^]N[-M], [^]node(s):..., or all. */
static int cpu_range(struct vctx *c, const struct xlcfg_setting *s, const char *item,
		     struct ag_cpumap *m)
{
	char q[AG_QUOTE_SIZE];
	bool neg = *item == '^';
	unsigned long a, b;
	char *end;

	if (neg)
		item++;
	if (!strncmp(item, "node:", 5) || !strncmp(item, "nodes:", 6)) {
		v_emit(c, AG_ERROR, s, false,
		       "%s: armguest does not know the host's NUMA nodes; list the CPUs",
		       ag_quote(q, item));
		return -EINVAL;
	}
	if (!strcmp(item, "all")) {
		if (neg) {
			v_emit(c, AG_ERROR, s, false, "Can't combine \"^\" and \"all\".");
			return -EINVAL;
		}
		memset(m->w, 0xff, sizeof(m->w));
		return 0;
	}
	/* parse_range: N or N-M, M >= N, nothing after. */
	a = b = strtoul(item, &end, 10);
	if (end != item && *end == '-') {
		const char *n = end + 1;

		b = strtoul(n, &end, 10);
		if (end == n)
			end = (char *)item; /* "N-": as bad as nothing */
	}
	if (end == item || *end || b < a || a == ULONG_MAX || b == ULONG_MAX) {
		v_emit(c, AG_ERROR, s, false, "Invalid pcpu range: %s.", ag_quote(q, item));
		return -EINVAL;
	}
	if (b >= AG_CPUMAP_BITS) {
		v_emit(c, AG_ERROR, s, false,
		       "pcpu %lu: armguest handles CPUs 0 to %d", b, AG_CPUMAP_BITS - 1);
		return -EINVAL;
	}
	for (unsigned long i = a; i <= b; i++) {
		if (neg)
			m->w[i / 64] &= ~(1ull << (i % 64));
		else
			m->w[i / 64] |= 1ull << (i % 64);
	}
	return 0;
}

static int cpu_set(struct vctx *c, const struct xlcfg_setting *s, const char *text,
		   struct ag_cpumap *m)
{
	char *buf = v_strdup(c, text), *save = NULL;
	int rc = 0;

	if (!buf)
		return -ENOMEM;
	memset(m, 0, sizeof(*m));
	for (char *p = strtok_r(buf, ",", &save); p && !rc; p = strtok_r(NULL, ",", &save))
		rc = cpu_range(c, s, p, m);
	free(buf);
	return rc;
}

/*
 * parse_vcpu_affinity: a string is one set for every vCPU; a list one set
 * per vCPU, items past max_vcpus dropped (as xl does), vCPUs past the list
 * left alone.
 */
static void read_affinity(struct vctx *c, const char *key, struct ag_cpumap **out,
			  size_t *n_out, struct ag_pos *pos)
{
	const struct xlcfg_setting *s = xlcfg_find(c->cfg, key);
	unsigned max = c->g->max_vcpus ? c->g->max_vcpus : 1;
	const struct xlcfg_value *v;
	size_t n;

	if (!s)
		return;
	v = s->value;
	v_pos(pos, s);
	n = v->type == XLCFG_STRING ? max : (v->nitems < max ? v->nitems : max);
	*out = calloc(n ? n : 1, sizeof(**out));
	if (!*out) {
		c->nomem = true;
		return;
	}
	for (size_t i = 0; i < n; i++) {
		const struct xlcfg_value *item = v->type == XLCFG_STRING ? v : v->items[i];

		if (item->type != XLCFG_STRING) {
			v_emit_at(c, AG_ERROR, key, item->line, item->col,
				  "element %zu of `%s' is a list, not a CPU set", i, key);
			return;
		}
		if (cpu_set(c, s, item->str, &(*out)[i]))
			return;
	}
	*n_out = n;
}

/* libxl_cpupool_qualifier_to_cpupoolid: all digits is an id, else a name. */
static void read_pool(struct vctx *c)
{
	const struct xlcfg_setting *s;
	const char *v;
	char *end;
	unsigned long id;

	if (v_string(c, "pool", &v, &s))
		return;
	v_pos(&c->g->pos_pool, s);
	id = strtoul(v, &end, 10);
	if (*v && !*end && id <= UINT32_MAX) {
		c->g->has_pool_id = true;
		c->g->pool_id = (uint32_t)id;
	} else {
		c->g->pool_name = v_strdup(c, v);
	}
}

/* sched_credit{,2}_domain_set's range checks, the same for both schedulers. */
static void read_sched(struct vctx *c)
{
	struct ag_guest *g = c->g;
	const struct xlcfg_setting *s;
	long l, cap_max = (long)(g->max_vcpus ? g->max_vcpus : 1) * 100;

	if (!v_long(c, "cpu_weight", &l, &s)) {
		v_pos(&g->pos_cpu_weight, s);
		if (l < WEIGHT_MIN || l > WEIGHT_MAX)
			v_emit(c, AG_ERROR, s, false,
			       "Cpu weight out of range, valid values are within range from "
			       "%d to %d", WEIGHT_MIN, WEIGHT_MAX);
		else
			g->sched_weight = (int)l;
	}
	if (!v_long(c, "cap", &l, &s)) {
		v_pos(&g->pos_cap, s);
		if (l < 0 || l > cap_max)
			v_emit(c, AG_ERROR, s, false,
			       "Cpu cap out of range, valid range is from 0 to %ld for "
			       "specified number of vcpus", cap_max);
		else
			g->sched_cap = (int)l;
	}
}

void validate_creation(struct vctx *c)
{
	struct ag_guest *g = c->g;

	ag_guest_creation_defaults(g);
	if (!v_is_arm(c))
		return;
	read_uuid(c);
	read_limits(c);
	read_affinity(c, "cpus", &g->cpus_hard, &g->n_cpus_hard, &g->pos_cpus);
	read_affinity(c, "cpus_soft", &g->cpus_soft, &g->n_cpus_soft, &g->pos_cpus_soft);
	read_pool(c);
	read_sched(c);
}
