/* SPDX-License-Identifier: MIT */
/*
 * Validation: read every key an Arm guest uses with xl's meaning, refuse what
 * cannot work before anything is created, and fill the resolved ag_guest.
 */
#ifndef AG_VALIDATE_H
#define AG_VALIDATE_H

#include <stdbool.h>

#include "guest.h"
#include "xlcfg.h"

struct ag_resolve_opts {
	enum ag_arch arch;
	bool strict;          /* `pv` on Arm is an error, not a note */
	bool check_files;     /* kernel/ramdisk/device_tree must exist and be readable */
	const char *cfg_dir;  /* relative paths are taken from here; NULL = cwd */
};

/*
 * Returns 0 with *out filled (free with ag_guest_free), or -EINVAL with
 * error diagnostics (each naming the file, line, column and key) and *out
 * left empty.  -ENOMEM on allocation failure.
 */
int ag_guest_resolve(const struct xlcfg *cfg, const struct ag_resolve_opts *opts,
		     struct ag_guest *out, struct ag_diags *d);

#endif
