/* SPDX-License-Identifier: MIT */
/*
 * The one error model: every function that can fail returns 0 or a negative
 * errno-style code (-EINVAL, -ENOMEM, -EFBIG, ...), never a library's own
 * code, and fills a struct ag_err saying why.  A failure libfdt reported
 * keeps libfdt's FDT_ERR_* value in its own field, because the two number
 * spaces overlap (12 is both ENOMEM and FDT_ERR_BADLAYOUT).  The CLI turns
 * an ag_err into a diagnostic at its config key (ag_guest_error_at,
 * xl-parse/guest.h).
 */
#ifndef AG_ERR_H
#define AG_ERR_H

#define AG_ERR_MSG_MAX 256

struct ag_err {
	int code;              /* errno value (positive), 0 = no error */
	int fdt;               /* FDT_ERR_* (positive) when libfdt failed, else 0 */
	const char *key;       /* config key the problem belongs to, or NULL */
	char msg[AG_ERR_MSG_MAX];
};

/* Fill e (code is a positive errno value) and return -code. */
int ag_err_set(struct ag_err *e, int code, const char *key, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

#endif
