/* SPDX-License-Identifier: MIT */
/*
 * JSON for `armguest check --json` (schema in docs/check.md), built with
 * jansson.  Config values and messages are bytes; any that are not valid
 * UTF-8 are written with U+FFFD in place of each bad byte.
 */
#ifndef AG_JSON_OUT_H
#define AG_JSON_OUT_H

#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>

#include "common/diag.h"
#include "xl-parse/xlcfg.h"

/* A config value: a string, or an array of strings and arrays. */
json_t *ag_json_value(const struct xlcfg_value *v);

/* Every key once, in order of first appearance, with its winning value. */
json_t *ag_json_settings(const struct xlcfg *cfg);

/* Diagnostics d->v[first..]: severity, line, column, key, message. */
json_t *ag_json_diags(const struct ag_diags *d, size_t first);

/*
 * One file's result.  type may be NULL (unresolved), cfg NULL (the file
 * did not parse, or could not be read): both become JSON null.
 */
json_t *ag_json_check_result(const char *file, bool ok, const char *type,
			     const struct xlcfg *cfg,
			     const struct ag_diags *d, size_t first);

/* Print with a trailing newline; 0 or -1. */
int ag_json_print(FILE *out, const json_t *j);

#endif
