/* SPDX-License-Identifier: MIT */
/*
 * The known-key table.  Facts from docs/man/xl.cfg.5.pod.in and
 * tools/xl/xl_parse.c of Xen stable-4.17: every top-level key the manual
 * documents, and the keys xl reads without documenting (scheduler
 * parameters, `device_model', `firmware_override', and the ones xl only
 * reads to reject: `vif2', `vncviewer').  `pvh' (PVHv1, removed in 4.9) is
 * listed so the type policy, not an "unknown key" warning, explains it.
 *
 * Scopes: "x86" marks the options xl.cfg(5) describes for HVM's device model
 * or x86 CPU features, x86's PV shim, e820, I/O ports, RDM and the RTC (set
 * by libxl_x86.c only); "arm" marks gic_version, vuart, tee, dtdev,
 * device_tree and vpmu.  The table is kept sorted (a unit test checks).
 */
#include "keys.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "xlcfg.h"

static const struct ag_key_info keys[] = {
	{ "acpi", AG_KEY_ANY, true },
	{ "acpi_firmware", AG_KEY_X86, true },
	{ "acpi_laptop_slate", AG_KEY_X86, true },
	{ "acpi_s3", AG_KEY_X86, true },
	{ "acpi_s4", AG_KEY_X86, true },
	{ "altp2m", AG_KEY_X86, true },
	{ "altp2mhvm", AG_KEY_X86, true },
	{ "apic", AG_KEY_X86, true },
	{ "bios", AG_KEY_X86, true },
	{ "bios_path_override", AG_KEY_X86, true },
	{ "boot", AG_KEY_X86, true },
	{ "bootloader", AG_KEY_ANY, true },
	{ "bootloader_args", AG_KEY_ANY, true },
	{ "builder", AG_KEY_ANY, true },
	{ "cap", AG_KEY_ANY, true },
	{ "channel", AG_KEY_ANY, true },
	{ "cmdline", AG_KEY_ANY, true },
	{ "cpu_weight", AG_KEY_ANY, true },
	{ "cpuid", AG_KEY_X86, true },
	{ "cpus", AG_KEY_ANY, true },
	{ "cpus_soft", AG_KEY_ANY, true },
	{ "device_model", AG_KEY_ANY, false },
	{ "device_model_args", AG_KEY_ANY, true },
	{ "device_model_args_hvm", AG_KEY_X86, true },
	{ "device_model_args_pv", AG_KEY_ANY, true },
	{ "device_model_override", AG_KEY_ANY, true },
	{ "device_model_stubdomain_override", AG_KEY_ANY, true },
	{ "device_model_stubdomain_seclabel", AG_KEY_ANY, true },
	{ "device_model_user", AG_KEY_ANY, true },
	{ "device_model_version", AG_KEY_ANY, true },
	{ "device_tree", AG_KEY_ARM, true },
	{ "disk", AG_KEY_ANY, true },
	{ "display", AG_KEY_ANY, true },
	{ "dm_restrict", AG_KEY_ANY, true },
	{ "driver_domain", AG_KEY_ANY, true },
	{ "dtdev", AG_KEY_ARM, true },
	{ "e820_host", AG_KEY_X86, true },
	{ "extra", AG_KEY_ANY, true },
	{ "extratime", AG_KEY_ANY, false },
	{ "firmware", AG_KEY_ANY, true },
	{ "firmware_override", AG_KEY_ANY, false },
	{ "gfx_passthru", AG_KEY_X86, true },
	{ "gic_version", AG_KEY_ARM, true },
	{ "hap", AG_KEY_ANY, true },
	{ "hdtype", AG_KEY_X86, true },
	{ "hpet", AG_KEY_X86, true },
	{ "init_seclabel", AG_KEY_ANY, true },
	{ "iomem", AG_KEY_ANY, true },
	{ "ioports", AG_KEY_X86, true },
	{ "irqs", AG_KEY_ANY, true },
	{ "kernel", AG_KEY_ANY, true },
	{ "keymap", AG_KEY_ANY, true },
	{ "latency", AG_KEY_ANY, false },
	{ "localtime", AG_KEY_X86, true },
	{ "max_event_channels", AG_KEY_ANY, true },
	{ "max_grant_frames", AG_KEY_ANY, true },
	{ "max_grant_version", AG_KEY_ANY, true },
	{ "max_maptrack_frames", AG_KEY_ANY, true },
	{ "maxmem", AG_KEY_ANY, true },
	{ "maxvcpus", AG_KEY_ANY, true },
	{ "mca_caps", AG_KEY_X86, true },
	{ "memory", AG_KEY_ANY, true },
	{ "mmio_hole", AG_KEY_X86, true },
	{ "ms_vm_genid", AG_KEY_X86, true },
	{ "msr_relaxed", AG_KEY_X86, true },
	{ "name", AG_KEY_ANY, true },
	{ "nestedhvm", AG_KEY_X86, true },
	{ "nographic", AG_KEY_X86, true },
	{ "nomigrate", AG_KEY_ANY, true },
	{ "nx", AG_KEY_X86, true },
	{ "on_crash", AG_KEY_ANY, true },
	{ "on_poweroff", AG_KEY_ANY, true },
	{ "on_reboot", AG_KEY_ANY, true },
	{ "on_soft_reset", AG_KEY_ANY, true },
	{ "on_watchdog", AG_KEY_ANY, true },
	{ "oos", AG_KEY_X86, true },
	{ "opengl", AG_KEY_ANY, true },
	{ "p9", AG_KEY_ANY, true },
	{ "pae", AG_KEY_X86, true },
	{ "passthrough", AG_KEY_ANY, true },
	{ "pci", AG_KEY_ANY, true },
	{ "pci_msitranslate", AG_KEY_ANY, true },
	{ "pci_permissive", AG_KEY_ANY, true },
	{ "pci_power_mgmt", AG_KEY_X86, true },
	{ "pci_seize", AG_KEY_ANY, true },
	{ "period", AG_KEY_ANY, false },
	{ "pool", AG_KEY_ANY, true },
	{ "pvcalls", AG_KEY_ANY, true },
	{ "pvh", AG_KEY_ANY, false },
	{ "pvshim", AG_KEY_X86, true },
	{ "pvshim_cmdline", AG_KEY_X86, true },
	{ "pvshim_extra", AG_KEY_X86, true },
	{ "pvshim_path", AG_KEY_X86, true },
	{ "ramdisk", AG_KEY_ANY, true },
	{ "rdm", AG_KEY_X86, true },
	{ "rdm_mem_boundary", AG_KEY_X86, true },
	{ "root", AG_KEY_ANY, true },
	{ "rtc_timeoffset", AG_KEY_X86, true },
	{ "sdl", AG_KEY_ANY, true },
	{ "seclabel", AG_KEY_ANY, true },
	{ "serial", AG_KEY_X86, true },
	{ "shadow_memory", AG_KEY_ANY, true },
	{ "slice", AG_KEY_ANY, false },
	{ "smbios_firmware", AG_KEY_X86, true },
	{ "soundhw", AG_KEY_X86, true },
	{ "spice", AG_KEY_X86, true },
	{ "spice_clipboard_sharing", AG_KEY_X86, true },
	{ "spice_image_compression", AG_KEY_X86, true },
	{ "spice_streaming_video", AG_KEY_X86, true },
	{ "spiceagent_mouse", AG_KEY_X86, true },
	{ "spicedisable_ticketing", AG_KEY_X86, true },
	{ "spicehost", AG_KEY_X86, true },
	{ "spicepasswd", AG_KEY_X86, true },
	{ "spiceport", AG_KEY_X86, true },
	{ "spicetls_port", AG_KEY_X86, true },
	{ "spiceusbredirection", AG_KEY_X86, true },
	{ "spicevdagent", AG_KEY_X86, true },
	{ "stdvga", AG_KEY_X86, true },
	{ "stubdomain_cmdline", AG_KEY_ANY, true },
	{ "stubdomain_kernel", AG_KEY_ANY, true },
	{ "stubdomain_memory", AG_KEY_ANY, true },
	{ "stubdomain_ramdisk", AG_KEY_ANY, true },
	{ "tee", AG_KEY_ARM, true },
	{ "timer_mode", AG_KEY_X86, true },
	{ "tsc_mode", AG_KEY_X86, true },
	{ "type", AG_KEY_ANY, true },
	{ "usb", AG_KEY_X86, true },
	{ "usbctrl", AG_KEY_ANY, true },
	{ "usbdev", AG_KEY_ANY, true },
	{ "usbdevice", AG_KEY_X86, true },
	{ "usbversion", AG_KEY_X86, true },
	{ "uuid", AG_KEY_ANY, true },
	{ "vcpus", AG_KEY_ANY, true },
	{ "vdispl", AG_KEY_ANY, true },
	{ "vendor_device", AG_KEY_X86, true },
	{ "vfb", AG_KEY_ANY, true },
	{ "vga", AG_KEY_X86, true },
	{ "videoram", AG_KEY_ANY, true },
	{ "vif", AG_KEY_ANY, true },
	{ "vif2", AG_KEY_ANY, false },
	{ "viridian", AG_KEY_X86, true },
	{ "vkb", AG_KEY_ANY, true },
	{ "vkb_device", AG_KEY_X86, true },
	{ "vmtrace_buf_kb", AG_KEY_X86, true },
	{ "vnc", AG_KEY_ANY, true },
	{ "vncdisplay", AG_KEY_ANY, true },
	{ "vnclisten", AG_KEY_ANY, true },
	{ "vncpasswd", AG_KEY_ANY, true },
	{ "vncunused", AG_KEY_ANY, true },
	{ "vncviewer", AG_KEY_ANY, false },
	{ "vnuma", AG_KEY_ANY, true },
	{ "vpmu", AG_KEY_ARM, true },
	{ "vpt_align", AG_KEY_X86, true },
	{ "vsnd", AG_KEY_ANY, true },
	{ "vtpm", AG_KEY_ANY, true },
	{ "vuart", AG_KEY_ARM, true },
	{ "xauthority", AG_KEY_ANY, true },
	{ "xen_platform_pci", AG_KEY_X86, true },
	{ "xend_suspend_evtchn_compat", AG_KEY_ANY, true },
};

#define N_KEYS (sizeof(keys) / sizeof(keys[0]))

static int compare_key(const void *name, const void *entry)
{
	return strcmp(name, ((const struct ag_key_info *)entry)->name);
}

const struct ag_key_info *ag_key_lookup(const char *name)
{
	return bsearch(name, keys, N_KEYS, sizeof(keys[0]), compare_key);
}

size_t ag_key_count(void)
{
	return N_KEYS;
}

const struct ag_key_info *ag_key_at(size_t i)
{
	return i < N_KEYS ? &keys[i] : NULL;
}

/* Levenshtein distance of two short strings (both <= AG_KEY_SUGGEST_MAX). */
static size_t edit_distance(const char *a, size_t la, const char *b, size_t lb)
{
	size_t row[AG_KEY_SUGGEST_MAX + 1];

	for (size_t j = 0; j <= lb; j++)
		row[j] = j;
	for (size_t i = 1; i <= la; i++) {
		size_t diag = row[0];

		row[0] = i;
		for (size_t j = 1; j <= lb; j++) {
			size_t up = row[j];
			size_t best = diag + (a[i - 1] != b[j - 1]);

			if (up + 1 < best)
				best = up + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			row[j] = best;
			diag = up;
		}
	}
	return row[lb];
}

const char *ag_key_suggest(const char *name)
{
	size_t len = strlen(name);
	const char *best = NULL;
	size_t best_distance = 3; /* suggest only within 2 edits */

	if (len > AG_KEY_SUGGEST_MAX)
		return NULL;
	for (size_t i = 0; i < N_KEYS; i++) {
		size_t klen = strlen(keys[i].name);
		size_t d;

		if (klen > AG_KEY_SUGGEST_MAX)
			continue;
		/* "a" is 1 edit from "p9": only suggest for a real resemblance. */
		if (klen < 3 || len < 3)
			continue;
		/* The distance is at least the difference in length. */
		if (klen + 2 < len || len + 2 < klen)
			continue;
		d = edit_distance(name, len, keys[i].name, klen);
		if (d < best_distance) {
			best_distance = d;
			best = keys[i].name;
		}
	}
	return best;
}

struct key_index {
	const char *key;
	size_t index;
};

static int compare_key_index(const void *pa, const void *pb)
{
	const struct key_index *a = pa, *b = pb;
	int r = strcmp(a->key, b->key);

	if (r)
		return r;
	return a->index < b->index ? -1 : a->index > b->index;
}

int ag_keys_distinct(const struct xlcfg *cfg,
		     const struct xlcfg_setting ***out, size_t *n_out)
{
	size_t n = cfg->n, distinct = 0;
	struct key_index *order = calloc(n ? n : 1, sizeof(*order));
	/* winner[i]: for a first assignment i, the index of the last one. */
	size_t *winner = calloc(n ? n : 1, sizeof(*winner));
	bool *first = calloc(n ? n : 1, sizeof(*first));
	const struct xlcfg_setting **v = NULL;

	if (!order || !winner || !first)
		goto nomem;
	for (size_t i = 0; i < n; i++) {
		order[i].key = cfg->v[i].key;
		order[i].index = i;
	}
	/* Sorting groups each key's assignments in file order. */
	qsort(order, n, sizeof(*order), compare_key_index);
	for (size_t i = 0; i < n;) {
		size_t j = i;

		while (j + 1 < n && !strcmp(order[j + 1].key, order[i].key))
			j++;
		first[order[i].index] = true;
		winner[order[i].index] = order[j].index;
		distinct++;
		i = j + 1;
	}
	v = calloc(distinct ? distinct : 1, sizeof(*v));
	if (!v)
		goto nomem;
	distinct = 0;
	for (size_t i = 0; i < n; i++)
		if (first[i])
			v[distinct++] = &cfg->v[winner[i]];
	free(order);
	free(winner);
	free(first);
	*out = v;
	*n_out = distinct;
	return 0;
nomem:
	free(order);
	free(winner);
	free(first);
	return -ENOMEM;
}
