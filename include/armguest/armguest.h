/* SPDX-License-Identifier: MIT */
/*
 * libarmguest: read a Xen guest's xl.cfg, decide its type and build the
 * device tree libxl would give it, offline (no Xen library is needed).
 * Link with `pkg-config --cflags --libs armguest`.  Creating the domain on a
 * Xen host is libarmguest-xen (armguest/armguest-xen.h).
 *
 * Conventions, for every function here:
 *  - Functions that can fail return 0 on success or a negative errno
 *    (-EINVAL, -ENOMEM, ...); what went wrong in the config is described by
 *    diagnostics appended to the armguest_diags list passed in (which may be
 *    NULL when the caller does not want them), each naming the file, line,
 *    column and key.
 *  - Handles are opaque: their layout is not part of the ABI.  Each is freed
 *    by its own *_free function, which accepts NULL.
 *  - Thread safety: the library keeps no mutable global state.  Distinct
 *    handles may be used from different threads at once; one handle must not
 *    be used from two threads at once without the caller's own locking.
 *  - Strings returned are owned by the handle they came from and valid until
 *    it is freed.
 */
#ifndef ARMGUEST_ARMGUEST_H
#define ARMGUEST_ARMGUEST_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The library's major version, also the soname's (libarmguest.so.0). */
#define ARMGUEST_ABI_MAJOR 0

typedef struct armguest_diags armguest_diags;   /* a list of diagnostics */
typedef struct armguest_config armguest_config; /* a parsed xl.cfg */
typedef struct armguest_guest armguest_guest;   /* a config resolved for a Xen release */

/* ---- diagnostics ----------------------------------------------------- */

enum armguest_severity {
	ARMGUEST_NOTE = 0,
	ARMGUEST_WARNING = 1,
	ARMGUEST_ERROR = 2,
};

/* One diagnostic, as armguest_diags_get() describes it. */
struct armguest_diag {
	enum armguest_severity severity;
	const char *file;  /* the config's name, or NULL when no file is concerned */
	unsigned line;     /* 1-based; 0 when there is no position */
	unsigned col;      /* 1-based; 0 when the column is unknown */
	const char *key;   /* the config key concerned, or NULL */
	const char *message;
};

/*
 * armguest_diags_new - an empty diagnostic list
 * Returns the list, or NULL when out of memory.  Free with armguest_diags_free().
 */
armguest_diags *armguest_diags_new(void);

/* armguest_diags_free - free the list and every diagnostic in it (NULL is allowed) */
void armguest_diags_free(armguest_diags *d);

/* armguest_diags_count - how many diagnostics the list holds */
size_t armguest_diags_count(const armguest_diags *d);

/*
 * armguest_diags_get - diagnostic number i (0-based, in the order appended)
 * Fills *out (its strings valid until the list is freed) and returns 0.
 * Errors: -ERANGE when i >= armguest_diags_count(d); -EINVAL when d or out is NULL.
 */
int armguest_diags_get(const armguest_diags *d, size_t i, struct armguest_diag *out);

/*
 * armguest_diag_format - the diagnostic as armguest prints it:
 * "file:line:col: error: message" (parts that are unknown left out; control
 * bytes escaped), written to buf as snprintf does.
 * Returns the length the full text needs (excluding the NUL), like snprintf.
 */
size_t armguest_diag_format(const struct armguest_diag *diag, char *buf, size_t size);

/* ---- parsing ------------------------------------------------------- */

/*
 * armguest_config_load_file - read and parse the xl.cfg at path
 * path is also the name diagnostics give; relative paths in the config
 * (kernel, ramdisk, device_tree) are later taken from the file's directory.
 * Returns 0 with *out set (free with armguest_config_free).
 * Errors: -ENOENT, -EACCES, -EISDIR (the file cannot be read), -EINVAL (not a
 * regular file, or the text does not parse: xl would refuse it), -EFBIG
 * (larger than xl reads), -ENOMEM.  *out is NULL on any error.
 */
int armguest_config_load_file(const char *path, armguest_config **out, armguest_diags *d);

/*
 * armguest_config_load_buffer - parse len bytes of xl.cfg text
 * name is what diagnostics call the config (e.g. "guest.cfg"); relative
 * paths in it are taken from the current directory.
 * Returns 0 with *out set.  Errors: -EINVAL (does not parse, or holds a NUL
 * byte), -EFBIG, -ENOMEM; *out is NULL on any error.
 */
int armguest_config_load_buffer(const char *name, const char *text, size_t len,
				armguest_config **out, armguest_diags *d);

/* armguest_config_free - free a parsed config (NULL is allowed) */
void armguest_config_free(armguest_config *cfg);

/* ---- resolving: type policy, validation, a Xen release's limits --------- */

/* armguest_resolve flags */
#define ARMGUEST_RESOLVE_STRICT      0x1u /* refuse type = "pv" instead of taking it as PVH */
#define ARMGUEST_RESOLVE_CHECK_FILES 0x2u /* kernel, ramdisk, device_tree must be readable */

/*
 * armguest_xen_releases - the Xen releases armguest knows, e.g. "4.17, 4.20"
 * (a static string).
 */
const char *armguest_xen_releases(void);

/*
 * armguest_resolve - decide the guest's type and check every key for an
 * architecture and a Xen release
 * arch: "arm64" (the only one whose tree armguest builds).  xen_release: one
 * of armguest_xen_releases(), e.g. "4.17"; NULL for the newest.  flags:
 * ARMGUEST_RESOLVE_*.  Every key is honoured, or refused or warned about in d.
 * Returns 0 with *out set (free with armguest_guest_free); warnings and notes
 * may be in d.  Errors: -EINVAL (the config is refused: errors in d; or arch or
 * xen_release is unknown), -ENOMEM.  *out is NULL on any error.
 */
int armguest_resolve(const armguest_config *cfg, const char *arch, const char *xen_release,
		     unsigned flags, armguest_guest **out, armguest_diags *d);

/* armguest_guest_free - free a resolved guest (NULL is allowed) */
void armguest_guest_free(armguest_guest *g);

/* armguest_guest_name - the guest's name (the config's `name`) */
const char *armguest_guest_name(const armguest_guest *g);

/* armguest_guest_type - the type it is created as: "pvh" (type "pv" is taken as PVH on Arm) */
const char *armguest_guest_type(const armguest_guest *g);

/* armguest_guest_xen_release - the release it was resolved for, e.g. "4.17" */
const char *armguest_guest_xen_release(const armguest_guest *g);

/* ---- the guest device tree -------------------------------------------- */

/* The size of the rng-seed armguest_build_dtb takes (libxl's). */
#define ARMGUEST_RNG_SEED_SIZE 128

/*
 * armguest_build_dtb - the flattened device tree libxl would give the guest
 * Reads the kernel and ramdisk named by the config (their sizes and headers
 * place the tree) and the partial device tree if any.
 * gic_version: 2 or 3, the host's GIC, used when the config has no
 * gic_version (0: the config must name one).  gpaddr_bits: the domain's IPA
 * size on the host, 1..64 (bounds the extended regions; 40 is a common one).
 * clock_frequency: the host timer's, 0 for none.  rng_seed:
 * ARMGUEST_RNG_SEED_SIZE bytes for /chosen/rng-seed, or NULL for none.
 * The tree is written to buf (size bytes); *dtb_size receives its size.
 * Returns 0.  Errors: -ENOSPC (buf too small: *dtb_size says how much is
 * needed, nothing else is written), -EINVAL (the guest cannot be built, e.g.
 * a boot file is unusable or the GIC is unknown: errors in d; or a bad
 * argument), -ENOENT/-EACCES (a boot file cannot be read), -ENOMEM.
 */
int armguest_build_dtb(const armguest_guest *g, unsigned gic_version, unsigned gpaddr_bits,
		       uint32_t clock_frequency, const uint8_t *rng_seed,
		       void *buf, size_t size, size_t *dtb_size, armguest_diags *d);

#ifdef __cplusplus
}
#endif
#endif
