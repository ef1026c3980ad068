/* SPDX-License-Identifier: MIT */
/*
 * The known-key table.  The keys are every top-level key tools/xl/xl_parse.c
 * (parse_config_data and the helpers it calls) reads at stable-4.17 and at
 * stable-4.20, documented in xl.cfg(5) or not (scheduler parameters,
 * `device_model', `firmware_override', and the ones xl only reads to reject:
 * `vif2', `vncviewer'), plus `pvh' (PVHv1, removed in 4.9), listed so the type
 * policy, not an "unknown key" warning, explains it.  The eight keys xl
 * 4.18-4.20 added carry the release that added them.
 *
 * Each row says what armguest does with the key for an Arm guest of each
 * release, and why.  The statuses follow libxl on Arm: e.g. `oos = 0' sets
 * XEN_DOMCTL_CDF_oos_off (tools/libs/light/libxl_create.c: libxl__domain_make,
 * stable-4.17), which Xen on Arm refuses (xen/arch/arm/domain.c:
 * arch_sanitise_domain_config), so it is refused here rather than noted as
 * x86-only.  Scopes: "x86" marks the options xl.cfg(5) describes for HVM's
 * device model or x86 CPU features and the like, "arm" the Arm-only ones; they
 * decide the notes for an x86_64 target.  The table is kept sorted (a unit
 * test checks).
 */
#include "keys.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "xlcfg.h"

#define ANY AG_KEY_ANY
#define X86 AG_KEY_X86
#define ARM AG_KEY_ARM
#define D true
#define U false
#define K(n, scope, doc, since, when, s417, s420, why) \
	{ n, scope, doc, since, AG_WHEN_##when, { AG_KS_##s417, AG_KS_##s420 }, why }

static const struct ag_key_info keys[] = {
	K("acpi", ANY, D, 17, SET, TREE, TREE,
	  "the ACPI tables module in /chosen (create refuses acpi = 1: it builds no ACPI tables)"),
	K("acpi_firmware", X86, D, 17, SET, X86, X86,
	  NULL),
	K("acpi_laptop_slate", X86, D, 17, SET, X86, X86,
	  NULL),
	K("acpi_s3", X86, D, 17, SET, X86, X86,
	  NULL),
	K("acpi_s4", X86, D, 17, SET, X86, X86,
	  NULL),
	K("altp2m", X86, D, 17, NONZERO, X86, REFUSED,
	  "Xen on Arm has no altp2m: from 4.20 libxl passes it to Xen, which refuses it (\"Altp2m not supported\")"),
	K("altp2mhvm", X86, D, 17, SET, X86, X86,
	  NULL),
	K("apic", X86, D, 17, SET, X86, X86,
	  NULL),
	K("bios", X86, D, 17, SET, X86, X86,
	  NULL),
	K("bios_path_override", X86, D, 17, SET, X86, X86,
	  NULL),
	K("boot", X86, D, 17, SET, X86, X86,
	  NULL),
	K("bootloader", ANY, D, 17, SET, REFUSED, REFUSED,
	  "armguest runs no bootloader, and with one xl reads `kernel' as a path inside the guest's disk; set `kernel' (and `ramdisk') to files on this host"),
	K("bootloader_args", ANY, D, 17, SET, WARNED, WARNED,
	  "armguest runs no bootloader"),
	K("bootloader_restrict", ANY, D, 18, SET, ABSENT, WARNED,
	  "armguest runs no bootloader"),
	K("bootloader_user", ANY, D, 18, SET, ABSENT, WARNED,
	  "armguest runs no bootloader"),
	K("builder", ANY, D, 17, SET, CREATE, CREATE,
	  "the guest type, as `type' (deprecated; the type policy)"),
	K("cap", ANY, D, 17, SET, CREATE, CREATE,
	  "the credit/credit2 cap, set after the build (xc_sched_credit{,2}_domain_set, libxl's range check)"),
	K("channel", ANY, D, 17, SET, DEVICE, DEVICE,
	  "armguest runs no channel back end"),
	K("cmdline", ANY, D, 17, SET, TREE, TREE,
	  "/chosen/bootargs"),
	K("cpu_weight", ANY, D, 17, SET, CREATE, CREATE,
	  "the credit/credit2 weight, set after the build (xc_sched_credit{,2}_domain_set, libxl's range check)"),
	K("cpuid", X86, D, 17, SET, X86, X86,
	  NULL),
	K("cpus", ANY, D, 17, SET, CREATE, CREATE,
	  "hard vCPU affinity (xc_vcpu_setaffinity per vCPU, before setmaxmem)"),
	K("cpus_soft", ANY, D, 17, SET, CREATE, CREATE,
	  "soft vCPU affinity (xc_vcpu_setaffinity per vCPU, before setmaxmem)"),
	K("device_model", ANY, U, 17, SET, WARNED, WARNED,
	  "xl ignores it too (\"ignoring device_model directive\")"),
	K("device_model_args", ANY, D, 17, SET, WARNED, WARNED,
	  "armguest starts no QEMU"),
	K("device_model_args_hvm", X86, D, 17, SET, X86, X86,
	  NULL),
	K("device_model_args_pv", ANY, D, 17, SET, WARNED, WARNED,
	  "armguest starts no QEMU"),
	K("device_model_override", ANY, D, 17, SET, WARNED, WARNED,
	  "armguest starts no QEMU"),
	K("device_model_stubdomain_override", ANY, D, 17, SET, X86, X86,
	  NULL),
	K("device_model_stubdomain_seclabel", ANY, D, 17, SET, X86, X86,
	  NULL),
	K("device_model_user", ANY, D, 17, SET, WARNED, WARNED,
	  "armguest starts no QEMU"),
	K("device_model_version", ANY, D, 17, SET, WARNED, WARNED,
	  "armguest starts no QEMU"),
	K("device_tree", ARM, D, 17, SET, TREE, TREE,
	  "the partial device tree, copied into the guest's"),
	K("disk", ANY, D, 17, SET, DEVICE, DEVICE,
	  "armguest runs no disk back end"),
	K("display", ANY, D, 17, SET, WARNED, WARNED,
	  "Arm guests have no emulated display"),
	K("dm_restrict", ANY, D, 17, SET, WARNED, WARNED,
	  "armguest starts no QEMU"),
	K("driver_domain", ANY, D, 17, TRUE, REFUSED, REFUSED,
	  "armguest does not give the guest the xenstore directories a driver domain writes"),
	K("dtdev", ARM, D, 17, SET, CREATE, CREATE,
	  "assigned to the guest (xc_assign_dt_device), with the IOMMU flag"),
	K("e820_host", X86, D, 17, SET, X86, X86,
	  NULL),
	K("extra", ANY, D, 17, SET, TREE, TREE,
	  "/chosen/bootargs (after root=)"),
	K("extratime", ANY, U, 17, SET, WARNED, WARNED,
	  "only the RTDS scheduler uses it, and armguest sets no RTDS parameters"),
	K("firmware", ANY, D, 17, SET, REFUSED, REFUSED,
	  "it selects PV-GRUB (pvgrub32.bin or pvgrub64.bin, which xl would load as the kernel), and PV-GRUB has no Arm build; set `kernel'"),
	K("firmware_override", ANY, U, 17, SET, X86, X86,
	  NULL),
	K("gfx_passthru", X86, D, 17, SET, X86, X86,
	  NULL),
	K("gic_version", ARM, D, 17, SET, BOTH, BOTH,
	  "the vGIC: createdomain's gic_version and the interrupt controller node"),
	K("hap", ANY, D, 17, FALSE, REFUSED, REFUSED,
	  "Arm guests always use hardware-assisted paging, and Xen refuses an Arm domain without it"),
	K("hdtype", X86, D, 17, SET, X86, X86,
	  NULL),
	K("hpet", X86, D, 17, SET, X86, X86,
	  NULL),
	K("hvm_pirq", X86, D, 19, SET, ABSENT, X86,
	  NULL),
	K("init_seclabel", ANY, D, 17, SET, REFUSED, REFUSED,
	  "armguest sets no XSM (FLASK) label, so the domain would get the default domU label"),
	K("iomem", ANY, D, 17, SET, CREATE, CREATE,
	  "xc_domain_iomem_permission and xc_domain_memory_mapping"),
	K("ioports", X86, D, 17, SET, REFUSED, REFUSED,
	  "Arm has no I/O ports, and Xen on Arm refuses XEN_DOMCTL_ioport_permission"),
	K("irqs", ANY, D, 17, SET, CREATE, CREATE,
	  "routed to the guest (xc_domain_bind_pt_spi_irq) and counted in nr_spis"),
	K("kernel", ANY, D, 17, SET, BOTH, BOTH,
	  "loaded by libxenguest; its Image header places everything in /chosen and the memory banks"),
	K("keymap", ANY, D, 17, SET, WARNED, WARNED,
	  "Arm guests have no emulated display"),
	K("latency", ANY, U, 17, SET, WARNED, WARNED,
	  "deprecated: no scheduler uses it"),
	K("llc_colors", ARM, D, 20, SET, ABSENT, CREATE,
	  "xc_domain_set_llc_colors right after createdomain (a hypervisor without LLC colouring refuses it then)"),
	K("localtime", X86, D, 17, SET, X86, X86,
	  NULL),
	K("max_event_channels", ANY, D, 17, SET, CREATE, CREATE,
	  "createdomain's max_evtchn_port (default 1023)"),
	K("max_grant_frames", ANY, D, 17, SET, CREATE, CREATE,
	  "createdomain's max_grant_frames (default: the hypervisor's)"),
	K("max_grant_version", ANY, D, 17, SET, CREATE, CREATE,
	  "createdomain's grant_opts (default: the host's highest, from physinfo)"),
	K("max_maptrack_frames", ANY, D, 17, SET, CREATE, CREATE,
	  "createdomain's max_maptrack_frames (default: the hypervisor's)"),
	K("maxmem", ANY, D, 17, SET, BOTH, BOTH,
	  "the guest's RAM: the memory node and xc_dom_mem_init"),
	K("maxvcpus", ANY, D, 17, SET, BOTH, BOTH,
	  "createdomain's max_vcpus and the /cpus node"),
	K("mca_caps", X86, D, 17, SET, X86, X86,
	  NULL),
	K("memory", ANY, D, 17, SET, BOTH, BOTH,
	  "xc_domain_setmaxmem, and the RAM when maxmem is not given"),
	K("mmio_hole", X86, D, 17, SET, X86, X86,
	  NULL),
	K("ms_vm_genid", X86, D, 17, SET, X86, X86,
	  NULL),
	K("msr_relaxed", X86, D, 17, SET, X86, X86,
	  NULL),
	K("name", ANY, D, 17, SET, CREATE, CREATE,
	  "the domain's name (the name check, xenstore)"),
	K("nestedhvm", X86, D, 17, TRUE, REFUSED, REFUSED,
	  "Xen on Arm has no nested virtualisation and refuses XEN_DOMCTL_CDF_nested_virt"),
	K("nographic", X86, D, 17, SET, X86, X86,
	  NULL),
	K("nomigrate", ANY, D, 17, SET, X86, X86,
	  NULL),
	K("nr_spis", ARM, D, 19, SET, ABSENT, CREATE,
	  "createdomain's nr_spis: the larger of this and the SPIs the vuart, virtio devices and irqs need"),
	K("nx", X86, D, 17, SET, X86, X86,
	  NULL),
	K("on_crash", ANY, D, 17, SET, CREATE, CREATE,
	  "the lifecycle monitor create leaves acts on it as xl's does (default \"destroy\")"),
	K("on_poweroff", ANY, D, 17, SET, CREATE, CREATE,
	  "the lifecycle monitor create leaves acts on it as xl's does (default \"destroy\")"),
	K("on_reboot", ANY, D, 17, SET, CREATE, CREATE,
	  "the lifecycle monitor create leaves acts on it as xl's does (default \"restart\")"),
	K("on_soft_reset", ANY, D, 17, SET, CREATE, CREATE,
	  "the lifecycle monitor create leaves acts on it as xl's does (default \"soft-reset\")"),
	K("on_watchdog", ANY, D, 17, SET, CREATE, CREATE,
	  "the lifecycle monitor create leaves acts on it as xl's does (default \"destroy\")"),
	K("oos", X86, D, 17, FALSE, REFUSED, REFUSED,
	  "Xen on Arm refuses XEN_DOMCTL_CDF_oos_off (Arm has no shadow paging)"),
	K("opengl", ANY, D, 17, SET, WARNED, WARNED,
	  "Arm guests have no emulated display"),
	K("p9", ANY, D, 17, SET, DEVICE, DEVICE,
	  "armguest runs no 9pfs back end"),
	K("pae", X86, D, 17, SET, X86, X86,
	  NULL),
	K("passthrough", ANY, D, 17, SET, CREATE, CREATE,
	  "XEN_DOMCTL_CDF_iommu, decided as libxl__domain_config_setdefault decides it"),
	K("pci", ANY, D, 17, SET, REFUSED, REFUSED,
	  "Arm guests have no virtual PCI bus: Xen gives them no vPCI (has_vpci() is false on Arm), and on a host without an IOMMU xl refuses it too (\"passthrough not supported on this platform\")"),
	K("pci_msitranslate", ANY, D, 17, SET, WARNED, WARNED,
	  "it sets defaults for `pci' devices, which Arm guests cannot have"),
	K("pci_permissive", ANY, D, 17, SET, WARNED, WARNED,
	  "it sets defaults for `pci' devices, which Arm guests cannot have"),
	K("pci_power_mgmt", X86, D, 17, SET, WARNED, WARNED,
	  "it sets defaults for `pci' devices, which Arm guests cannot have"),
	K("pci_seize", ANY, D, 17, SET, WARNED, WARNED,
	  "it sets defaults for `pci' devices, which Arm guests cannot have"),
	K("period", ANY, U, 17, SET, WARNED, WARNED,
	  "only the RTDS scheduler uses it, and armguest sets no RTDS parameters"),
	K("pool", ANY, D, 17, SET, CREATE, CREATE,
	  "createdomain's cpupool_id; a pool name is looked up in xenstore, so it needs a xenstored"),
	K("pvcalls", ANY, D, 17, SET, DEVICE, DEVICE,
	  "armguest runs no PV calls back end"),
	K("pvh", ANY, U, 17, OWNED, WARNED, WARNED,
	  "PVHv1 was removed in Xen 4.9 and xl ignores it (the type policy says so)"),
	K("pvshim", X86, D, 17, TRUE, REFUSED, REFUSED,
	  "libxl would load the x86 PV shim as the guest's kernel"),
	K("pvshim_cmdline", X86, D, 17, SET, X86, X86,
	  NULL),
	K("pvshim_extra", X86, D, 17, SET, X86, X86,
	  NULL),
	K("pvshim_path", X86, D, 17, SET, REFUSED, REFUSED,
	  "libxl loads the shim it names as the guest's kernel, even with pvshim off"),
	K("ramdisk", ANY, D, 17, SET, BOTH, BOTH,
	  "loaded as the first module; /chosen linux,initrd-start and -end"),
	K("rdm", X86, D, 17, SET, X86, X86,
	  NULL),
	K("rdm_mem_boundary", X86, D, 17, SET, X86, X86,
	  NULL),
	K("root", ANY, D, 17, SET, TREE, TREE,
	  "/chosen/bootargs (\"root=...\")"),
	K("rtc_timeoffset", X86, D, 17, SET, X86, X86,
	  NULL),
	K("sdl", ANY, D, 17, SET, WARNED, WARNED,
	  "Arm guests have no emulated display"),
	K("seclabel", ANY, D, 17, SET, REFUSED, REFUSED,
	  "armguest sets no XSM (FLASK) label, so the domain would get the default domU label"),
	K("serial", X86, D, 17, SET, X86, X86,
	  NULL),
	K("shadow_memory", ANY, D, 17, SET, CREATE, CREATE,
	  "the paging pool (xc_set_paging_mempool_size)"),
	K("slice", ANY, U, 17, SET, WARNED, WARNED,
	  "deprecated: the SEDF scheduler that used it was removed"),
	K("smbios", X86, D, 18, SET, ABSENT, X86,
	  NULL),
	K("smbios_firmware", X86, D, 17, SET, X86, X86,
	  NULL),
	K("soundhw", X86, D, 17, SET, X86, X86,
	  NULL),
	K("spice", X86, D, 17, SET, X86, X86,
	  NULL),
	K("spice_clipboard_sharing", X86, D, 17, SET, X86, X86,
	  NULL),
	K("spice_image_compression", X86, D, 17, SET, X86, X86,
	  NULL),
	K("spice_streaming_video", X86, D, 17, SET, X86, X86,
	  NULL),
	K("spiceagent_mouse", X86, D, 17, SET, X86, X86,
	  NULL),
	K("spicedisable_ticketing", X86, D, 17, SET, X86, X86,
	  NULL),
	K("spicehost", X86, D, 17, SET, X86, X86,
	  NULL),
	K("spicepasswd", X86, D, 17, SET, X86, X86,
	  NULL),
	K("spiceport", X86, D, 17, SET, X86, X86,
	  NULL),
	K("spicetls_port", X86, D, 17, SET, X86, X86,
	  NULL),
	K("spiceusbredirection", X86, D, 17, SET, X86, X86,
	  NULL),
	K("spicevdagent", X86, D, 17, SET, X86, X86,
	  NULL),
	K("stdvga", X86, D, 17, SET, X86, X86,
	  NULL),
	K("stubdomain_cmdline", ANY, D, 17, SET, X86, X86,
	  NULL),
	K("stubdomain_kernel", ANY, D, 17, SET, X86, X86,
	  NULL),
	K("stubdomain_memory", ANY, D, 17, SET, X86, X86,
	  NULL),
	K("stubdomain_ramdisk", ANY, D, 17, SET, X86, X86,
	  NULL),
	K("sve", ARM, D, 18, SET, ABSENT, CREATE,
	  "createdomain's arch.sve_vl, checked against the host's SVE (physinfo) before the domain is made"),
	K("tee", ARM, D, 17, SET, BOTH, BOTH,
	  "createdomain's tee_type and the OP-TEE node"),
	K("timer_mode", X86, D, 17, SET, X86, X86,
	  NULL),
	K("tsc_mode", X86, D, 17, SET, X86, X86,
	  NULL),
	K("type", ANY, D, 17, SET, CREATE, CREATE,
	  "the guest type (the type policy): PVH on Arm"),
	K("usb", X86, D, 17, SET, X86, X86,
	  NULL),
	K("usbctrl", ANY, D, 17, SET, DEVICE, DEVICE,
	  "armguest runs no USB back end"),
	K("usbdev", ANY, D, 17, SET, DEVICE, DEVICE,
	  "armguest runs no USB back end"),
	K("usbdevice", X86, D, 17, SET, X86, X86,
	  NULL),
	K("usbversion", X86, D, 17, SET, X86, X86,
	  NULL),
	K("uuid", ANY, D, 17, SET, CREATE, CREATE,
	  "createdomain's handle and /vm/<uuid> (default: a random one)"),
	K("vcpus", ANY, D, 17, SET, BOTH, BOTH,
	  "the vCPUs online at boot: the /cpus node and xenstore"),
	K("vdispl", ANY, D, 17, SET, DEVICE, DEVICE,
	  "armguest runs no display back end"),
	K("vendor_device", X86, D, 17, SET, X86, X86,
	  NULL),
	K("vfb", ANY, D, 17, SET, DEVICE, DEVICE,
	  "armguest runs no framebuffer back end (QEMU)"),
	K("vga", X86, D, 17, SET, X86, X86,
	  NULL),
	K("videoram", ANY, D, 17, SET, BOTH, BOTH,
	  "taken from the guest's RAM (the memory node and xc_dom_mem_init)"),
	K("vif", ANY, D, 17, SET, DEVICE, DEVICE,
	  "armguest runs no network back end"),
	K("vif2", ANY, U, 17, SET, WARNED, WARNED,
	  "xl ignores it too (\"netchannel2 is deprecated and not supported by xl\")"),
	K("viridian", X86, D, 17, SET, X86, X86,
	  NULL),
	K("virtio", ARM, D, 18, SET, ABSENT, DEVICE,
	  "armguest runs no virtio back end"),
	K("vkb", ANY, D, 17, SET, DEVICE, DEVICE,
	  "armguest runs no virtual keyboard back end"),
	K("vkb_device", X86, D, 17, SET, X86, X86,
	  NULL),
	K("vmtrace_buf_kb", X86, D, 17, NONZERO, REFUSED, REFUSED,
	  "Xen has vmtrace on x86 only, and refuses it elsewhere (\"vmtrace requested but not available\")"),
	K("vnc", ANY, D, 17, SET, WARNED, WARNED,
	  "Arm guests have no emulated display"),
	K("vncdisplay", ANY, D, 17, SET, WARNED, WARNED,
	  "Arm guests have no emulated display"),
	K("vnclisten", ANY, D, 17, SET, WARNED, WARNED,
	  "Arm guests have no emulated display"),
	K("vncpasswd", ANY, D, 17, SET, WARNED, WARNED,
	  "Arm guests have no emulated display"),
	K("vncunused", ANY, D, 17, SET, WARNED, WARNED,
	  "Arm guests have no emulated display"),
	K("vncviewer", ANY, U, 17, SET, WARNED, WARNED,
	  "xl ignores it too, with a warning"),
	K("vnuma", ANY, D, 17, SET, REFUSED, REFUSED,
	  "armguest sets up no virtual NUMA nodes"),
	K("vpmu", ARM, D, 17, SET, CREATE, CREATE,
	  "XEN_DOMCTL_CDF_vpmu; create refuses it when the host has no vPMU"),
	K("vpt_align", X86, D, 17, SET, X86, X86,
	  NULL),
	K("vsnd", ANY, D, 17, SET, DEVICE, DEVICE,
	  "armguest runs no sound back end"),
	K("vtpm", ANY, D, 17, SET, DEVICE, DEVICE,
	  "armguest runs no vTPM back end"),
	K("vuart", ARM, D, 17, SET, BOTH, BOTH,
	  "the SBSA UART: its node, nr_spis and xc_dom_vuart_init"),
	K("xauthority", ANY, D, 17, SET, WARNED, WARNED,
	  "Arm guests have no emulated display"),
	K("xen_platform_pci", X86, D, 17, SET, X86, X86,
	  NULL),
	K("xend_suspend_evtchn_compat", ANY, D, 17, TRUE, REFUSED, REFUSED,
	  "armguest does not set the xenstore permissions it asks for"),
};

#undef K
#undef ANY
#undef X86
#undef ARM
#undef D
#undef U

#define N_KEYS (sizeof(keys) / sizeof(keys[0]))

static int compare_key(const void *name, const void *entry)
{
	return strcmp(name, ((const struct ag_key_info *)entry)->name);
}

const struct ag_key_info *ag_key_lookup(const char *name)
{
	return bsearch(name, keys, N_KEYS, sizeof(keys[0]), compare_key);
}

/* The table's columns. */
static const struct {
	unsigned major, minor;
	const char *name;
} releases[AG_REL_N] = {
	[AG_REL_417] = { 4, 17, "4.17" },
	[AG_REL_420] = { 4, 20, "4.20" },
};

int ag_release_index(unsigned major, unsigned minor)
{
	if (!major && !minor)
		return AG_REL_417;
	for (int r = 0; r < AG_REL_N; r++)
		if (releases[r].major == major && releases[r].minor == minor)
			return r;
	return -1;
}

const char *ag_release_name(enum ag_release r)
{
	return r < AG_REL_N ? releases[r].name : "?";
}

const char *ag_key_status_name(enum ag_key_status s)
{
	static const char *const names[AG_KS_N] = {
		[AG_KS_ABSENT] = "not-in-release", [AG_KS_TREE] = "tree",
		[AG_KS_CREATE] = "create", [AG_KS_BOTH] = "tree+create",
		[AG_KS_REFUSED] = "refused", [AG_KS_WARNED] = "warned",
		[AG_KS_DEVICE] = "device", [AG_KS_X86] = "x86-only",
		[AG_KS_PENDING] = "pending",
	};

	return s < AG_KS_N ? names[s] : "?";
}

bool ag_key_status_honoured(enum ag_key_status s)
{
	return s == AG_KS_TREE || s == AG_KS_CREATE || s == AG_KS_BOTH;
}

const char *ag_key_when_text(const struct ag_key_info *k)
{
	switch (k->when) {
	case AG_WHEN_FALSE:
		return "when 0";
	case AG_WHEN_TRUE:
		return "when 1";
	case AG_WHEN_NONZERO:
		return "when not 0";
	case AG_WHEN_SET:
	case AG_WHEN_OWNED:
		break;
	}
	return "";
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
