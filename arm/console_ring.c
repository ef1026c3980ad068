/* SPDX-License-Identifier: MIT */
/*
 * The console ring protocol (xen/io/console.h): the guest produces into
 * out[] and consumes from in[]; we do the opposite.  Indexes are free
 * running; a ring slot is index & (size - 1).  The barriers order the data
 * accesses against the index updates the other side sees.
 */
#include <stdint.h>
#include <xen/io/console.h>

#include "console.h"

#define ring_mb() __atomic_thread_fence(__ATOMIC_SEQ_CST)

size_t ag_ring_read_out(struct xencons_interface *intf, char *buf, size_t len)
{
	XENCONS_RING_IDX cons = intf->out_cons;
	XENCONS_RING_IDX prod = __atomic_load_n(&intf->out_prod, __ATOMIC_ACQUIRE);
	size_t n = 0;

	ring_mb();
	/* A guest claiming more than a ring's worth is broken: take one ring. */
	if ((XENCONS_RING_IDX)(prod - cons) > sizeof(intf->out))
		cons = prod - sizeof(intf->out);
	while (cons != prod && n < len)
		buf[n++] = intf->out[MASK_XENCONS_IDX(cons++, intf->out)];
	ring_mb();
	__atomic_store_n(&intf->out_cons, cons, __ATOMIC_RELEASE);
	return n;
}

bool ag_ring_has_output(const struct xencons_interface *intf)
{
	return __atomic_load_n(&intf->out_prod, __ATOMIC_ACQUIRE) != intf->out_cons;
}

size_t ag_ring_write_in(struct xencons_interface *intf, const char *buf, size_t len)
{
	XENCONS_RING_IDX cons = __atomic_load_n(&intf->in_cons, __ATOMIC_ACQUIRE);
	XENCONS_RING_IDX prod = intf->in_prod;
	size_t n = 0;

	ring_mb();
	while (n < len && (XENCONS_RING_IDX)(prod - cons) < sizeof(intf->in))
		intf->in[MASK_XENCONS_IDX(prod++, intf->in)] = buf[n++];
	ring_mb();
	__atomic_store_n(&intf->in_prod, prod, __ATOMIC_RELEASE);
	return n;
}
