/* SPDX-License-Identifier: MIT */
#ifndef AG_VERSION_H
#define AG_VERSION_H

#define AG_VERSION "0.1.0"
/* The Xen release whose creation ABI this binary is built for. */
#ifndef AG_XEN_TARGET
#define AG_XEN_TARGET "4.17"
#endif

#endif
