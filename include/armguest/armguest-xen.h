/* SPDX-License-Identifier: MIT */
/*
 * libarmguest-xen: create a domain from a resolved guest on the Xen host
 * this runs on (dom0, as root), through the libxenctrl / libxenguest /
 * libxenstore of the Xen release the library was built for.  Link with
 * `pkg-config --cflags --libs armguest-xen`.  The conventions of
 * armguest/armguest.h hold here too.
 *
 * Thread safety: one armguest_domain_create at a time per process.  Like xl,
 * it serialises creations on the host with xl's lock file, an fcntl lock,
 * which the threads of one process share: a second thread would not wait.
 */
#ifndef ARMGUEST_ARMGUEST_XEN_H
#define ARMGUEST_ARMGUEST_XEN_H

#include <stdint.h>

#include <armguest/armguest.h>

#ifdef __cplusplus
extern "C" {
#endif

/* armguest_domain_create flags */
#define ARMGUEST_CREATE_PAUSED 0x1u /* leave the domain paused (xl create -p) */

/*
 * armguest_xen_target - the Xen release this library creates domains for,
 * e.g. "4.17" (a static string).  g must have been resolved for it.
 */
const char *armguest_xen_target(void);

/*
 * armguest_domain_create - create and (unless ARMGUEST_CREATE_PAUSED) start
 * the guest on this host
 * Builds the domain as libxl does: the domctl, memory, the kernel and ramdisk,
 * the device tree, xenstore entries when xenstored runs.  A failure at any
 * stage destroys what was made.  *domid receives the new domain's id.
 * Signals: while it runs, SIGINT, SIGTERM, SIGHUP and SIGPIPE only make it
 * stop at the next stage, undo what it made and return -EINTR; the caller's
 * handlers are then put back and the signal is raised again for them.
 * Returns 0.  Errors: -EINTR (a signal, above), -EINVAL (g was resolved for
 * another release than armguest_xen_target(), or the host refuses the guest),
 * -ENOMEM, -EBUSY (a create of the same name runs), or the negative errno of
 * the Xen call that failed (opening Xen's control interface outside a dom0,
 * or not as root: -ENOENT or -EACCES); each with an error in d naming the
 * stage.
 */
int armguest_domain_create(const armguest_guest *g, unsigned flags, uint32_t *domid,
			   armguest_diags *d);

#ifdef __cplusplus
}
#endif
#endif
