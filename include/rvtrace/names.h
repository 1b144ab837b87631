/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Function names on the target, for firmware linked with
 * rvtrace_embed_names(<target>) (cmake/rvtrace.cmake): filters given as glob
 * patterns, and names instead of addresses in on-target reports. Without
 * embedded names every call here reports RVT_ENOSYS or NULL. The dumps
 * carry the table too (rvtrace/trace.h), so rvtrace-decode names their
 * functions without the firmware's ELF.
 */
#ifndef RVTRACE_NAMES_H
#define RVTRACE_NAMES_H

#include <stddef.h>

/* Functions whose names are embedded; 0 if none are. */
int rvt_names_count(void);

/*
 * The name of the function addr is in, and addr's offset into it, or NULL
 * if names are not embedded or addr is before the first function.
 */
const char *rvt_name_of(const void *addr, unsigned long *offset);

/*
 * The sites (functions rvtrace can hook) whose names match glob: '*' any
 * run of characters, '?' one character, '[a-z]' and '[!a-z]' one of or none
 * of a set; anything else stands for itself. Their addresses go to funcs, in
 * address order, ready for a filter (struct rvt_trace_config, rvt_ops).
 * Returns how many match; with funcs NULL, only counts. RVT_ENOSPC if more
 * than max match (funcs untouched), RVT_EINVAL for a NULL glob, RVT_ENOSYS
 * without embedded names, RVT_EPERM before rvt_init().
 */
int rvt_names_match(const char *glob, const void **funcs, size_t max);

#endif
