/* SPDX-License-Identifier: MIT */
/*
 * Memory (tools/xl/xl_parse.c: parse_config_data, libxl_create.c:
 * libxl__domain_build_info_setdefault) and vCPUs with the GIC's limits
 * (xen/arch/arm/vgic.c: vgic_max_vcpus; stable-4.17).
 *
 * xl: `memory` is the target and `maxmem` the maximum, both in MiB; unset
 * maxmem means maxmem = memory, and neither set means 32 MiB (libxl).  An
 * Arm guest's RAM is maxmem - videoram, while the hypervisor cap comes
 * from memory: with no populate-on-demand on Arm, maxmem > memory cannot
 * be built.
 */
#include "validate_int.h"

#include <limits.h>
#include <strings.h>

#define KIB_PER_MIB 1024u
#define LIBXL_DEFAULT_MEMORY_MIB 32            /* libxl_create.c */
#define LIBXL_PAGING_EXTRA_MIB 128             /* EXTRA_DEFAULT_PAGING_MEM_MB */
#define LIBXL_PAGING_KIB_PER_VCPU 256          /* libxl__get_required_paging_memory */

struct mem_key {
	const struct xlcfg_setting *s;  /* NULL: not given (or unusable) */
	long mib;
};

/* A MiB count: 1 .. the largest an Arm guest can have (or overflow bound). */
static void read_mib(struct vctx *c, const char *key, struct mem_key *out)
{
	uint64_t max_mib = v_is_arm(c) ? c->lim->ram_max >> 20
				       : (uint64_t)(LONG_MAX / KIB_PER_MIB);
	const struct xlcfg_setting *s;
	long v;

	out->s = NULL;
	if (v_long(c, key, &v, &s))
		return;
	if (v < 1) {
		v_emit(c, AG_ERROR, s, false,
		       "`%s' must be a positive number of MiB, not %ld", key, v);
		return;
	}
	if ((uint64_t)v > max_mib) {
		if (v_is_arm(c))
			v_emit(c, AG_ERROR, s, false,
			       "%s = %ld MiB is more than an Arm guest can have "
			       "(%llu MiB); libxenguest would fail with \"ram size "
			       "is too large for guest address space\"",
			       key, v, (unsigned long long)max_mib);
		else
			v_emit(c, AG_ERROR, s, false, "%s = %ld MiB is too large",
			       key, v);
		return;
	}
	out->s = s;
	out->mib = v;
}

static void check_maxmem_vs_memory(struct vctx *c, const struct mem_key *mem,
				   const struct mem_key *max)
{
	if (!v_is_arm(c) || !mem->s || !max->s || max->mib == mem->mib)
		return;
	if (max->mib > mem->mib)
		v_emit(c, AG_ERROR, max->s, false,
		       "maxmem (%ld MiB) is more than memory (%ld MiB): xl 4.17 "
		       "caps the domain at memory, but the Arm builder populates "
		       "maxmem and Arm has no populate-on-demand, so creation "
		       "fails late with \"can't allocate low memory\"; remove "
		       "maxmem or make it equal to memory",
		       max->mib, mem->mib);
	else
		v_emit(c, AG_WARNING, max->s, false,
		       "maxmem (%ld MiB) is less than memory (%ld MiB): an Arm "
		       "guest gets maxmem, so it has %ld MiB of RAM",
		       max->mib, mem->mib, max->mib);
}

static void read_videoram(struct vctx *c, uint64_t maxmem_mib)
{
	const struct xlcfg_setting *s;
	long v;

	if (v_long(c, "videoram", &v, &s))
		return;
	if (v < 0 || (uint64_t)v > LONG_MAX / KIB_PER_MIB) {
		v_emit(c, AG_ERROR, s, false,
		       "`videoram' must be a number of MiB from 0, not %ld", v);
		return;
	}
	c->g->videoram_kib = (uint64_t)v * KIB_PER_MIB;
	v_pos(&c->g->pos_videoram, s);
	if (!v_is_arm(c) || v == 0)
		return;
	if ((uint64_t)v >= maxmem_mib)
		v_emit(c, AG_ERROR, s, false,
		       "videoram = %ld MiB leaves no RAM: xl 4.17 takes it out of "
		       "an Arm guest's %llu MiB", v,
		       (unsigned long long)maxmem_mib);
	else
		v_emit(c, AG_WARNING, s, false,
		       "Arm guests have no emulated graphics, but xl 4.17 still "
		       "takes videoram out of the guest's RAM: it gets %llu MiB",
		       (unsigned long long)(maxmem_mib - (uint64_t)v));
}

void validate_memory(struct vctx *c)
{
	struct ag_guest *g = c->g;
	struct mem_key mem, max;
	uint64_t memory_mib, maxmem_mib;

	read_mib(c, "memory", &mem);
	read_mib(c, "maxmem", &max);
	check_maxmem_vs_memory(c, &mem, &max);

	/* xl: maxmem defaults to memory; libxl: memory to maxmem, else 32. */
	memory_mib = mem.s ? (uint64_t)mem.mib
			   : max.s ? (uint64_t)max.mib : LIBXL_DEFAULT_MEMORY_MIB;
	maxmem_mib = max.s ? (uint64_t)max.mib : memory_mib;
	g->memory_kib = memory_mib * KIB_PER_MIB;
	g->maxmem_kib = maxmem_mib * KIB_PER_MIB;
	if (mem.s)
		v_pos(&g->pos_memory, mem.s);
	if (max.s)
		v_pos(&g->pos_maxmem, max.s);
	read_videoram(c, maxmem_mib);
}

/* --- GIC and vCPUs ------------------------------------------------------ */

static void read_gic(struct vctx *c)
{
	static const struct { const char *word; enum ag_gic gic; } words[] = {
		{ "default", AG_GIC_DEFAULT }, { "native", AG_GIC_DEFAULT },
		{ "v2", AG_GIC_V2 }, { "v3", AG_GIC_V3 },
	};
	const struct xlcfg_setting *s;
	char q[AG_QUOTE_SIZE];
	const char *v;

	c->g->gic = AG_GIC_DEFAULT;
	if (v_string(c, "gic_version", &v, &s))
		return;
	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++) {
		if (strcasecmp(v, words[i].word))
			continue;
		c->g->gic = words[i].gic;
		v_pos(&c->g->pos_gic_version, s);
		if (!strcasecmp(v, "native"))
			v_emit(c, AG_NOTE, s, false,
			       "xl 4.17 rejects gic_version \"native\" (armguest's "
			       "alias of \"default\"); write \"default\" to keep the "
			       "config usable with xl");
		if (c->g->gic == AG_GIC_V3 && c->opts->arch == AG_ARCH_ARM32)
			v_emit(c, AG_ERROR, s, false,
			       "gic_version = \"v3\" cannot work on arm32: Xen "
			       "emulates GICv3 only on arm64");
		return;
	}
	v_emit(c, AG_ERROR, s, false,
	       "Unknown gic_version %s specified: accepted values are "
	       "\"default\", \"v2\", \"v3\" and \"native\"", ag_quote(q, v));
}

enum count { COUNT_ABSENT, COUNT_OK, COUNT_BAD };

/* A vCPU count: 1 .. INT_MAX (xl keeps them in an int). */
static enum count read_count(struct vctx *c, const char *key, long *out,
			     const struct xlcfg_setting **s)
{
	int e = v_long(c, key, out, s);

	if (e == ESRCH)
		return COUNT_ABSENT;
	if (e)
		return COUNT_BAD;
	if (*out < 1 || *out > INT_MAX) {
		v_emit(c, AG_ERROR, *s, false,
		       "`%s' must be a number of vCPUs from 1, not %ld", key, *out);
		return COUNT_BAD;
	}
	return COUNT_OK;
}

/* Xen's limit for this guest (arch_sanitise_domain_config). */
static void check_vcpu_limit(struct vctx *c, const struct xlcfg_setting *s,
			     long n)
{
	const struct ag_arm_limits *lim = c->lim;
	enum ag_gic gic = c->g->gic;

	if (c->opts->arch == AG_ARCH_ARM32) {
		if (n > (long)lim->max_vcpus_arm32)
			v_emit(c, AG_ERROR, s, false,
			       "%s = %ld is more than Xen on arm32 allows (%u "
			       "vCPUs): Xen refuses to create the domain",
			       s->key, n, lim->max_vcpus_arm32);
		return;
	}
	if (gic == AG_GIC_V2 && n > (long)lim->max_vcpus_gicv2) {
		v_emit(c, AG_ERROR, s, false,
		       "%s = %ld is more than GICv2 allows (%u vCPUs): Xen "
		       "refuses to create the domain; use at most %u vCPUs or "
		       "gic_version = \"v3\"", s->key, n, lim->max_vcpus_gicv2,
		       lim->max_vcpus_gicv2);
	} else if (n > (long)lim->max_vcpus_arm64) {
		v_emit(c, AG_ERROR, s, false,
		       "%s = %ld is more than an Arm guest can have (%u vCPUs): "
		       "Xen refuses to create the domain", s->key, n,
		       lim->max_vcpus_arm64);
	} else if (gic == AG_GIC_DEFAULT && n > (long)lim->max_vcpus_gicv2) {
		v_emit(c, AG_WARNING, s, false,
		       "%s = %ld needs a GICv3 host: the guest gets the host's "
		       "GIC, and Xen refuses more than %u vCPUs with GICv2; set "
		       "gic_version = \"v3\" to make that explicit",
		       s->key, n, lim->max_vcpus_gicv2);
	}
}

/* libxl's Arm paging-pool default (libxl__get_required_paging_memory, stable-4.17), in KiB. */
static uint64_t default_paging_kib(uint64_t max_vcpus, uint64_t maxmem_kib)
{
	return 4 * (LIBXL_PAGING_KIB_PER_VCPU * max_vcpus +
		    maxmem_kib / KIB_PER_MIB + LIBXL_PAGING_EXTRA_MIB);
}

static void read_shadow(struct vctx *c)
{
	const struct xlcfg_setting *s;
	long v;

	if (v_long(c, "shadow_memory", &v, &s)) {
		if (v_is_arm(c))
			c->g->shadow_kib = default_paging_kib(c->g->max_vcpus,
							      c->g->maxmem_kib);
		return;
	}
	if (v < 0 || (uint64_t)v > LONG_MAX / KIB_PER_MIB) {
		v_emit(c, AG_ERROR, s, false,
		       "`shadow_memory' must be a number of MiB from 0, not %ld", v);
		return;
	}
	c->g->shadow_kib = (uint64_t)v * KIB_PER_MIB;
	c->g->shadow_given = true;
}

void validate_vcpus(struct vctx *c)
{
	struct ag_guest *g = c->g;
	const struct xlcfg_setting *vs = NULL, *ms = NULL;
	long vcpus = 1, maxvcpus = 1;
	enum count rv, rm;

	read_gic(c);
	rv = read_count(c, "vcpus", &vcpus, &vs);
	rm = read_count(c, "maxvcpus", &maxvcpus, &ms);
	if (rv != COUNT_OK)
		vcpus = 1; /* libxl brings vCPU 0 online */
	if (rm != COUNT_OK)
		maxvcpus = vcpus; /* xl */
	g->vcpus = (unsigned)vcpus;
	g->max_vcpus = (unsigned)maxvcpus;
	if (rv == COUNT_OK)
		v_pos(&g->pos_vcpus, vs);
	if (rm == COUNT_OK)
		v_pos(&g->pos_maxvcpus, ms);

	if (rv == COUNT_OK && rm == COUNT_OK && maxvcpus < vcpus)
		v_emit(c, AG_ERROR, ms, false,
		       "maxvcpus < vcpus: maxvcpus = %ld cannot be less than "
		       "vcpus = %ld", maxvcpus, vcpus);
	else if (v_is_arm(c) && rv != COUNT_BAD && rm != COUNT_BAD &&
		 (rv == COUNT_OK || rm == COUNT_OK))
		check_vcpu_limit(c, rm == COUNT_OK ? ms : vs, maxvcpus);
	read_shadow(c);
}
