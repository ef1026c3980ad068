/* SPDX-License-Identifier: MIT */
/*
 * The guest-type policy: from `type`, `builder` and `pvh` to a guest type,
 * per target architecture.  On Arm: no type means PVH, `pv` is aliased to
 * PVH with a note (an error under strict), `hvm` is refused with the reason.
 */
#ifndef AG_POLICY_H
#define AG_POLICY_H

#include <stdbool.h>

#include "guest.h"
#include "xlcfg.h"

/*
 * Returns 0 and sets *out, or -EINVAL with error diagnostics appended.
 * Notes and warnings may be appended either way.  *pos (may be NULL) gets
 * the position of the key that decided the type.  xen_minor is the Xen 4
 * release the guest is for (17, 20): the messages say what that release's
 * xl does with the same config.
 */
int ag_type_resolve(const struct xlcfg *cfg, enum ag_arch arch, unsigned xen_minor,
		    bool strict, enum ag_guest_type *out, struct ag_pos *pos,
		    struct ag_diags *d);

#endif
