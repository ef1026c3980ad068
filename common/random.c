/* SPDX-License-Identifier: MIT */
#include "random.h"

#include <sys/random.h>
#include <sys/types.h>

#include "file.h"

static ssize_t getrandom_step(void *ctx, void *buf, size_t len, size_t done)
{
	(void)ctx;
	(void)done;
	return getrandom(buf, len, 0);
}

int ag_random_bytes(void *buf, size_t len)
{
	return ag_io_all(getrandom_step, NULL, buf, len, NULL);
}
