/* SPDX-License-Identifier: MIT */
/*
 * The dom0less table: what each xl.cfg key becomes when the guest is a
 * boot-time domain, a /chosen/domU* node of the host's device tree that Xen
 * itself builds at boot (docs/misc/arm/device-tree/booting.txt, "Creation of
 * DomUs", stable-4.17 and stable-4.20; docs/misc/arm/passthrough.txt for the
 * partial tree).  Xen reads the domain node's own properties only: what xl
 * does in libxl (the type, the name, PV devices, the on_* actions, the
 * scheduler parameters) has no boot-time counterpart.  Rows: every key the
 * main table (keys.c) honours or calls a device; the tests check that none
 * is missing.  A release whose xl does not read a key (keys.c: "not in
 * release") keeps the main table's error; its column says "refused".
 * Sorted by name (a unit test and a bsearch rely on it).
 */
#include "keys.h"

#include <stdlib.h>
#include <string.h>

#define R(n, when, s417, s420, what) \
	{ n, AG_D0L_IF_##when, { AG_D0L_##s417, AG_D0L_##s420 }, what }

#define PV_DEVICE \
	"PV devices exist only once dom0 runs init-dom0less and the back ends; Xen creates none at boot"
#define NO_TOOLSTACK \
	"a boot-time domain has no toolstack watching it: Xen's default (destroy) applies"
#define SCHED \
	"no domain-node property sets scheduler parameters; a toolstack sets them after boot"

static const struct ag_d0l_key rows[] = {
	R("acpi", ACPI, LOST, LOST,
	  "a boot-time domU gets a device tree from Xen, never ACPI tables"),
	R("builder", SET, MAPPED, MAPPED,
	  "no property: the type policy, as for create (every Arm guest is the one PVH-like type)"),
	R("cap", SET, LOST, LOST, SCHED),
	R("channel", SET, LOST, LOST, PV_DEVICE),
	R("cmdline", SET, MAPPED, MAPPED,
	  "the kernel module's `bootargs'"),
	R("cpu_weight", SET, LOST, LOST, SCHED),
	R("cpus", SET, LOST, LOST,
	  "hard affinity at boot needs `xen,vcpu' subnodes, which Xen reads from 4.21"),
	R("cpus_soft", SET, LOST, LOST,
	  "no domain-node property sets soft affinity"),
	R("device_tree", SET, MAPPED, MAPPED,
	  "a `multiboot,device-tree' module: the partial tree, with `xen,reg' and `xen,path' "
	  "added from `iomem' and `dtdev' (docs/misc/arm/passthrough.txt)"),
	R("disk", SET, LOST, LOST, PV_DEVICE),
	R("dtdev", SET, MAPPED, MAPPED,
	  "`xen,path' of the partial-tree node whose `xen,reg' starts at that device's host "
	  "address; the host node gets `xen,passthrough'"),
	R("extra", SET, MAPPED, MAPPED,
	  "the kernel module's `bootargs' (after root=)"),
	R("gic_version", NOT_HOST_GIC, LOST, LOST,
	  "a boot-time domU gets the host's GIC version"),
	R("iomem", SET, MAPPED, MAPPED,
	  "`xen,reg = <host-address size guest-address>' on the partial-tree node whose `reg' "
	  "covers the guest address"),
	R("irqs", SET, MAPPED, MAPPED,
	  "the interrupts of the `dtdev' host nodes (Xen routes a `xen,path' node's interrupts); "
	  "an interrupt no such node has is refused"),
	R("kernel", SET, MAPPED, MAPPED,
	  "a `multiboot,kernel' module"),
	R("llc_colors", SET, REFUSED, MAPPED,
	  "`llc-colors' (read from 4.20; Xen panics at boot when it has no LLC colouring)"),
	R("max_event_channels", SET, LOST, LOST,
	  "no domain-node property: Xen gives a boot-time domU its default"),
	R("max_grant_frames", SET, LOST, MAPPED,
	  "`max_grant_frames' (read from 4.18)"),
	R("max_grant_version", SET, LOST, MAPPED,
	  "`max_grant_version' (read from 4.18)"),
	R("max_maptrack_frames", SET, LOST, MAPPED,
	  "`max_maptrack_frames' (read from 4.18)"),
	R("maxmem", SET, MAPPED, MAPPED,
	  "equal to memory (more is refused, as check refuses it)"),
	R("maxvcpus", ABOVE_VCPUS, LOST, LOST,
	  "`cpus' is the number of vCPUs, all online: no vCPUs to hot-plug later"),
	R("memory", SET, MAPPED, MAPPED,
	  "`memory', in KiB"),
	R("name", SET, NOTE, NOTE,
	  "the domain node is /chosen/domU<N>; the name exists only once dom0 runs init-dom0less"),
	R("nr_spis", SET, REFUSED, MAPPED,
	  "`nr_spis' (read from 4.19; without it Xen gives the host GIC's number, not libxl's minimum)"),
	R("on_crash", SET, LOST, LOST, NO_TOOLSTACK),
	R("on_poweroff", SET, LOST, LOST, NO_TOOLSTACK),
	R("on_reboot", SET, LOST, LOST, NO_TOOLSTACK),
	R("on_soft_reset", SET, LOST, LOST, NO_TOOLSTACK),
	R("on_watchdog", SET, LOST, LOST, NO_TOOLSTACK),
	R("p9", SET, LOST, LOST, PV_DEVICE),
	R("passthrough", SET, LOST, MAPPED,
	  "`passthrough' (read from 4.19; before, the IOMMU is on when the guest has a partial tree)"),
	R("pool", SET, LOST, LOST,
	  "boot-time cpupools (`domain-cpupool') are not generated"),
	R("pvcalls", SET, LOST, LOST, PV_DEVICE),
	R("ramdisk", SET, MAPPED, MAPPED,
	  "a `multiboot,ramdisk' module"),
	R("root", SET, MAPPED, MAPPED,
	  "the kernel module's `bootargs' (root=...)"),
	R("shadow_memory", SET, MAPPED, MAPPED,
	  "`xen,domain-p2m-mem-mb' (MiB, rounded up)"),
	R("sve", SET, REFUSED, MAPPED,
	  "`sve' (read from 4.18): the vector length, or no value for the host's maximum"),
	R("tee", TEE, LOST, LOST,
	  "no domain-node property enables a TEE mediator for a boot-time domU"),
	R("type", SET, MAPPED, MAPPED,
	  "no property: the type policy, as for create (pv aliased with a note, hvm refused)"),
	R("usbctrl", SET, LOST, LOST, PV_DEVICE),
	R("usbdev", SET, LOST, LOST, PV_DEVICE),
	R("uuid", SET, LOST, LOST,
	  "no domain-node property sets the handle"),
	R("vcpus", SET, MAPPED, MAPPED,
	  "`cpus'"),
	R("vdispl", SET, LOST, LOST, PV_DEVICE),
	R("vfb", SET, LOST, LOST, PV_DEVICE),
	R("videoram", SET, LOST, LOST,
	  "no display: a boot-time domU's RAM is `memory'"),
	R("vif", SET, LOST, LOST, PV_DEVICE),
	R("virtio", SET, REFUSED, LOST,
	  "virtio-mmio devices need a back end in another domain: none exists at boot"),
	R("vkb", SET, LOST, LOST, PV_DEVICE),
	R("vpmu", VPMU, LOST, LOST,
	  "no domain-node property enables the vPMU"),
	R("vsnd", SET, LOST, LOST, PV_DEVICE),
	R("vtpm", SET, LOST, LOST, PV_DEVICE),
	R("vuart", SET, MAPPED, MAPPED,
	  "`vpl011' (the guest's node is named sbsa-uart@22000000)"),
};

#define N_ROWS (sizeof(rows) / sizeof(rows[0]))

static int compare_row(const void *key, const void *elem)
{
	return strcmp(key, ((const struct ag_d0l_key *)elem)->name);
}

const struct ag_d0l_key *ag_d0l_key_lookup(const char *name)
{
	return bsearch(name, rows, N_ROWS, sizeof(rows[0]), compare_row);
}

size_t ag_d0l_key_count(void)
{
	return N_ROWS;
}

const struct ag_d0l_key *ag_d0l_key_at(size_t i)
{
	return i < N_ROWS ? &rows[i] : NULL;
}

const char *ag_d0l_status_name(enum ag_d0l_status s)
{
	static const char *const names[AG_D0L_N] = {
		[AG_D0L_MAPPED] = "mapped",
		[AG_D0L_NOTE] = "note",
		[AG_D0L_LOST] = "lost",
		[AG_D0L_REFUSED] = "refused",
	};

	return (unsigned)s < AG_D0L_N ? names[s] : "?";
}

const char *ag_d0l_when_text(enum ag_d0l_when w)
{
	switch (w) {
	case AG_D0L_IF_ACPI:
	case AG_D0L_IF_VPMU:
		return "when 1";
	case AG_D0L_IF_TEE:
		return "unless \"none\"";
	case AG_D0L_IF_NOT_HOST_GIC:
		return "unless the host's";
	case AG_D0L_IF_ABOVE_VCPUS:
		return "when more than vcpus";
	case AG_D0L_IF_SET:
		break;
	}
	return "";
}
