/* SPDX-License-Identifier: MIT */
#include "random.h"

#include <errno.h>
#include <sys/random.h>
#include <sys/types.h>

int ag_random_bytes(void *buf, size_t len)
{
	char *p = buf;

	while (len > 0) {
		ssize_t n = getrandom(p, len, 0);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		p += n;
		len -= (size_t)n;
	}
	return 0;
}
