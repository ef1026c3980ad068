/* SPDX-License-Identifier: MIT */
/* The resolved guest: freeing it, and the names of its enumerations. */
#include "guest.h"

#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

static void free_strv(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

void ag_guest_free(struct ag_guest *g)
{
	if (!g)
		return;
	free(g->source);
	free(g->name);
	free(g->kernel);
	free(g->ramdisk);
	free(g->device_tree);
	free(g->cmdline);
	free(g->iomem);
	free(g->irqs);
	free_strv(g->dtdevs, g->n_dtdevs);
	free_strv(g->disks, g->n_disks);
	free_strv(g->vifs, g->n_vifs);
	for (size_t i = 0; i < g->n_virtio; i++)
		free(g->virtio[i].type);
	free(g->virtio);
	free(g->llc_colors);
	free(g->cpus_hard);
	free(g->cpus_soft);
	free(g->pool_name);
	memset(g, 0, sizeof(*g));
}

void ag_guest_creation_defaults(struct ag_guest *g)
{
	g->max_grant_frames = AG_UNSET;
	g->max_maptrack_frames = AG_UNSET;
	g->max_grant_version = AG_UNSET;
	/* libxl__domain_build_info_setdefault: event_channels 0 becomes 1023. */
	g->max_evtchn_port = 1023;
	g->sched_weight = AG_UNSET;
	g->sched_cap = AG_UNSET;
}

static const struct {
	const char *key;
	size_t offset;
} key_positions[] = {
	{ "type", offsetof(struct ag_guest, pos_type) },
	{ "name", offsetof(struct ag_guest, pos_name) },
	{ "memory", offsetof(struct ag_guest, pos_memory) },
	{ "maxmem", offsetof(struct ag_guest, pos_maxmem) },
	{ "vcpus", offsetof(struct ag_guest, pos_vcpus) },
	{ "maxvcpus", offsetof(struct ag_guest, pos_maxvcpus) },
	{ "kernel", offsetof(struct ag_guest, pos_kernel) },
	{ "ramdisk", offsetof(struct ag_guest, pos_ramdisk) },
	{ "device_tree", offsetof(struct ag_guest, pos_device_tree) },
	{ "cmdline", offsetof(struct ag_guest, pos_cmdline) },
	{ "gic_version", offsetof(struct ag_guest, pos_gic_version) },
	{ "vuart", offsetof(struct ag_guest, pos_vuart) },
	{ "tee", offsetof(struct ag_guest, pos_tee) },
	{ "irqs", offsetof(struct ag_guest, pos_irqs) },
	{ "iomem", offsetof(struct ag_guest, pos_iomem) },
	{ "dtdev", offsetof(struct ag_guest, pos_dtdev) },
	{ "disk", offsetof(struct ag_guest, pos_disk) },
	{ "vif", offsetof(struct ag_guest, pos_vif) },
	{ "videoram", offsetof(struct ag_guest, pos_videoram) },
	{ "acpi", offsetof(struct ag_guest, pos_acpi) },
	{ "passthrough", offsetof(struct ag_guest, pos_passthrough) },
	{ "uuid", offsetof(struct ag_guest, pos_uuid) },
	{ "virtio", offsetof(struct ag_guest, pos_virtio) },
	{ "sve", offsetof(struct ag_guest, pos_sve) },
	{ "nr_spis", offsetof(struct ag_guest, pos_nr_spis) },
	{ "llc_colors", offsetof(struct ag_guest, pos_llc_colors) },
	{ "vpmu", offsetof(struct ag_guest, pos_vpmu) },
	{ "pool", offsetof(struct ag_guest, pos_pool) },
	{ "cpus", offsetof(struct ag_guest, pos_cpus) },
	{ "cpus_soft", offsetof(struct ag_guest, pos_cpus_soft) },
	{ "cpu_weight", offsetof(struct ag_guest, pos_cpu_weight) },
	{ "cap", offsetof(struct ag_guest, pos_cap) },
	{ "max_grant_version", offsetof(struct ag_guest, pos_max_grant_version) },
};

struct ag_pos ag_guest_key_pos(const struct ag_guest *g, const char *key)
{
	static const struct ag_pos none = { 0, 0 };

	if (!key)
		return none;
	for (size_t i = 0; i < sizeof(key_positions) / sizeof(key_positions[0]); i++)
		if (!strcmp(key, key_positions[i].key))
			return *(const struct ag_pos *)((const char *)g +
							key_positions[i].offset);
	return none;
}

int ag_guest_error(struct ag_diags *d, const struct ag_guest *g, const char *key, int rc,
		   const char *fmt, ...)
{
	struct ag_pos pos = ag_guest_key_pos(g, key);
	va_list ap;

	va_start(ap, fmt);
	ag_diag_addv(d, AG_ERROR, g->source, pos.line, pos.col, key, fmt, ap);
	va_end(ap);
	return rc;
}

const char *ag_guest_type_name(enum ag_guest_type t)
{
	switch (t) {
	case AG_TYPE_PV:
		return "pv";
	case AG_TYPE_PVH:
		return "pvh";
	case AG_TYPE_HVM:
		return "hvm";
	}
	return "?";
}

static const char *const arch_names[] = {
	[AG_ARCH_ARM64] = "arm64",
	[AG_ARCH_ARM32] = "arm32",
	[AG_ARCH_X86_64] = "x86_64",
};

const char *ag_arch_name(enum ag_arch a)
{
	if ((size_t)a < sizeof(arch_names) / sizeof(arch_names[0]))
		return arch_names[a];
	return "?";
}

int ag_arch_parse(const char *s, enum ag_arch *out)
{
	for (size_t i = 0; i < sizeof(arch_names) / sizeof(arch_names[0]); i++) {
		if (!strcmp(s, arch_names[i])) {
			*out = (enum ag_arch)i;
			return 0;
		}
	}
	return -EINVAL;
}

bool ag_arch_is_arm(enum ag_arch a)
{
	return a == AG_ARCH_ARM64 || a == AG_ARCH_ARM32;
}

const char *ag_gic_name(enum ag_gic g)
{
	switch (g) {
	case AG_GIC_DEFAULT:
		return "default";
	case AG_GIC_V2:
		return "v2";
	case AG_GIC_V3:
		return "v3";
	}
	return "?";
}

const char *ag_tee_name(enum ag_tee t)
{
	switch (t) {
	case AG_TEE_NONE:
		return "none";
	case AG_TEE_OPTEE:
		return "optee";
	case AG_TEE_FFA:
		return "ffa";
	}
	return "?";
}

/* The on_* action names xl 4.17 accepts (xl.cfg(5) "Event Actions"). */
static const char *const action_names[] = {
	[AG_ACTION_DESTROY] = "destroy",
	[AG_ACTION_RESTART] = "restart",
	[AG_ACTION_RENAME_RESTART] = "rename-restart",
	[AG_ACTION_PRESERVE] = "preserve",
	[AG_ACTION_COREDUMP_DESTROY] = "coredump-destroy",
	[AG_ACTION_COREDUMP_RESTART] = "coredump-restart",
	[AG_ACTION_SOFT_RESET] = "soft-reset",
};

const char *ag_action_name(enum ag_action a)
{
	if ((size_t)a < sizeof(action_names) / sizeof(action_names[0]))
		return action_names[a];
	return "?";
}

int ag_action_parse(const char *s, enum ag_action *out)
{
	for (size_t i = 0; i < sizeof(action_names) / sizeof(action_names[0]); i++) {
		if (!strcmp(s, action_names[i])) {
			*out = (enum ag_action)i;
			return 0;
		}
	}
	return -EINVAL;
}
