/* SPDX-License-Identifier: MIT */
/*
 * A recording fake of the xenops seam (arm/xenops.h), for unit tests.  Every
 * call appends one line to a log ("domain_create flags=hvm|hap ...",
 * "hvm_param_set 1 CALLBACK_IRQ 0x020000000000021f", ...), so tests can
 * assert what was called and in which order; a failure can be injected into
 * the n-th call of any operation; a tiny hypervisor model keeps domains,
 * HVM parameters and a xenstore.  Include fake_xenops.c in the test file
 * (unit tests are single translation units).
 */
#ifndef AG_FAKE_XENOPS_H
#define AG_FAKE_XENOPS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arm/xenops.h"

#define FAKE_LOG_MAX 2048
#define FAKE_LINE_MAX 192
#define FAKE_XS_MAX 512
#define FAKE_DOMS 8
#define FAKE_PARAMS 5

struct fake_domain {
	bool exists, paused, shutdown, dying;
	unsigned shutdown_reason;   /* SHUTDOWN_* (xen/include/public/sched.h) */
	uint32_t domid;
	uint8_t handle[AG_UUID_SIZE];
	uint64_t params[FAKE_PARAMS];
	bool param_set[FAKE_PARAMS];
	unsigned max_vcpus;
	uint64_t tot_pages;
	char name_for_list[64];
};

struct fake_dom_image {
	unsigned ram_mib;
	bool kernel, ramdisk, dtb, mem_init, boot_mem_init, built;
	uint32_t console_port, store_port;
	const void *dtb_blob;
	size_t dtb_size;
};

#define FAKE_XS_PERMS 4

struct fake_xs_entry {
	char path[160];
	char value[160];
	struct ag_xs_perms perms[FAKE_XS_PERMS]; /* n_perms 0: owned by dom0, no access */
	size_t n_perms;
};

struct fake {
	/* --- set by the test ------------------------------------------------ */
	const char *fail_op;        /* operation to fail ("domain_create") */
	unsigned fail_nth;          /* its n-th call fails (1 = the first) */
	int fail_rc;                /* the error it returns (default -EIO) */
	const char *always_fail_op; /* another operation, failing every call with -EIO */
	const char *raise_op;       /* operation whose raise_nth-th call raises raise_sig */
	unsigned raise_nth;         /* (logged "SIGNAL <sig> <op>"; the call then succeeds) */
	int raise_sig;
	const char *pause_op;       /* its first call writes a byte to announce_fd, then */
	int announce_fd, resume_fd; /* waits for one on resume_fd (a create held mid-way) */
	const char *probe_op;       /* its first call asks another process who holds a */
	const char *probe_path[2];  /* whole-file fcntl lock on each path: */
	long probe_pid[2];          /* the holder's pid, 0 none, -1 the probe failed */
	void (*on_notify)(struct fake *f, void *arg); /* evtchn_notify calls it (a guest */
	void *on_notify_arg;                          /* answering its back end) */
	unsigned xen_major, xen_minor;
	enum ag_gic native_gic;     /* what "native" resolves to */
	enum ag_gic force_gic;      /* if not DEFAULT: the answer whatever was asked */
	uint32_t clock_frequency;
	int llc_rc;                 /* domain_set_llc_colors' answer (0, or -EOPNOTSUPP:
				     * no colouring, as Debian's hypervisors and 4.17) */
	unsigned gpaddr_bits;
	bool xs;                    /* a xenstored is running */
	uint32_t next_domid;
	/* What libxenguest "chooses" (defaults: the goldens' placement). */
	uint64_t kernel_start, kernel_size;
	uint64_t ramdisk_start, ramdisk_end, dtb_start;
	uint8_t seed_byte;          /* random_bytes fills with this */
	const char *guest_type;     /* what parse_image found (NULL: xen-3.0-aarch64) */
	void *guest_page;           /* map_guest_page returns this (not freed), if set */
	struct ag_physinfo physinfo; /* what physinfo reports (default: vPMU, gnttab v1, IOMMU) */
	struct { uint32_t id; enum ag_sched sched; } pools[4]; /* cpupools (default: 0, credit2) */
	size_t n_pools;
	unsigned die_after;         /* domain_getinfo: after this many calls the domain
				     * asked about is gone (0: never) */

	/* The lifecycle monitor's wake-ups and xenstore transactions. */
	int domexc_open_rc;         /* domexc_open's answer (0, or e.g. -EEXIST) */
	void (*on_domexc_wait)(struct fake *f, void *arg); /* each domexc_wait calls it */
	void *on_domexc_wait_arg;   /* (a guest shutting down, someone destroying it) */
	unsigned domexc_waits_max;  /* domexc_wait fails -EINTR after this many (0: 64) */
	void (*on_txn_end)(struct fake *f, void *arg); /* before each commit (a racing */
	void *on_txn_end_arg;                          /* client writing) */
	unsigned txn_conflicts;     /* this many commits fail -EAGAIN (and roll back) */

	/* --- the model ------------------------------------------------------- */
	struct fake_domain doms[FAKE_DOMS];
	struct fake_dom_image image;
	bool image_live;
	struct ag_domain_config last_cfg;
	struct fake_xs_entry xs_entries[FAKE_XS_MAX];
	size_t n_xs;
	unsigned next_port;
	struct ag_evtchn *last_evtchn; /* the one evtchn_bind made last (its fds[1]: events) */
	bool in_txn;
	struct fake_xs_entry *txn_snapshot; /* the store when the transaction began */
	size_t txn_snapshot_n;

	/* --- the log --------------------------------------------------------- */
	char log[FAKE_LOG_MAX][FAKE_LINE_MAX];
	size_t nlog;
	struct { const char *op; unsigned n; } counts[64];
	size_t ncounts;
};

/* A fake with the defaults above (Xen 4.17, native GICv3, 44-bit IPA, no xenstored). */
void fake_init(struct fake *f);
/* The ops table over f. */
struct ag_xenops fake_ops(struct fake *f);

/* Index of the first log line equal to line (or starting with it if prefix), or -1. */
int fake_find(const struct fake *f, const char *line, bool prefix);
/* How many log lines start with prefix. */
unsigned fake_count(const struct fake *f, const char *prefix);
/* The xenstore value at path, or NULL. */
const char *fake_xs_get(const struct fake *f, const char *path);
/* Put a domain in the model (e.g. one made by someone else). */
struct fake_domain *fake_add_domain(struct fake *f, uint32_t domid);
/* Free what the model allocated (a transaction left open). */
void fake_fini(struct fake *f);
/* Print the log to stderr (debugging a failing test). */
void fake_dump(const struct fake *f);

#endif
