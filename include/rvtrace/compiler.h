/* SPDX-License-Identifier: BSD-2-Clause */
#ifndef RVTRACE_COMPILER_H
#define RVTRACE_COMPILER_H

/*
 * Keep a function free of a patch site even when its file is compiled with
 * -fpatchable-function-entry: trap entry code, and anything a hook or the
 * trampoline calls.
 */
#define RVT_NOTRACE \
	__attribute__((patchable_function_entry(0, 0), no_instrument_function))

#endif
