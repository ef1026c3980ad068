/* SPDX-License-Identifier: MIT */
#ifndef AG_VERSION_H
#define AG_VERSION_H

#define AG_VERSION "0.1.0"

/*
 * The Xen release whose creation ABI this binary is built for: the Makefile
 * defines AG_XEN_TARGET ("4.17", "4.20") with AG_HAVE_XEN from XEN=, and the
 * libxen headers compiled against are that release's (ci/check-deps.sh).
 * AG_XEN_DEFAULT is the release the offline commands (check, dtb, create -n)
 * use without --xen: the built one, or in a build without Xen NULL, which
 * ag_profile_lookup takes as the newest supported.
 */
#ifdef AG_HAVE_XEN
#ifndef AG_XEN_TARGET
#error "AG_XEN_TARGET is not defined: build with the Makefile (XEN=)"
#endif
#define AG_XEN_DEFAULT AG_XEN_TARGET
#define AG_XEN_BUILT_FOR "Xen " AG_XEN_TARGET
#else
#define AG_XEN_DEFAULT NULL
#define AG_XEN_BUILT_FOR "no Xen"
#endif

/* What --version prints; one literal, so that `make cross` can find it in the binary too. */
#define AG_VERSION_LINE "armguest " AG_VERSION " (" AG_XEN_BUILT_FOR ")"

#endif
