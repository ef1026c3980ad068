/* SPDX-License-Identifier: MIT */
#ifndef AG_RANDOM_H
#define AG_RANDOM_H

#include <stddef.h>

/* Fill buf with len bytes from the kernel's CSPRNG (the rng-seed source). 0 or -errno. */
int ag_random_bytes(void *buf, size_t len);

#endif
