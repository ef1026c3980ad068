/* SPDX-License-Identifier: MIT */
#include "err.h"

#include <stdarg.h>
#include <stdio.h>

int ag_err_set(struct ag_err *e, int code, const char *key, const char *fmt, ...)
{
	va_list ap;

	e->code = code;
	e->fdt = 0;
	e->key = key;
	va_start(ap, fmt);
	vsnprintf(e->msg, sizeof(e->msg), fmt, ap);
	va_end(ap);
	return -code;
}
