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

/*
 * For a function that a hook's filter names: keep it a real function that
 * every call reaches. Without it the compiler may inline it, clone it
 * (f.constprop.0 has a site of its own), or fold or drop its calls when it
 * can see what it returns, and the hook then sees fewer calls than the
 * source makes. GCC: noipa; clang, which has no noipa: noinline and weak
 * (a definition that may be replaced at link time is not reasoned about),
 * so only on a function with external linkage there.
 */
#ifdef __clang__
#define RVT_TRACEABLE	__attribute__((noinline, weak))
#else
#define RVT_TRACEABLE	__attribute__((noipa))
#endif

#endif
