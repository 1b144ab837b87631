/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The compile-time baselines: -finstrument-functions' enter and exit hooks
 * and -pg's _mcount, recording the events the rvtrace tracers record into
 * the same kind of per-hart ring (struct rvt_event, claimed by an atomic
 * add, published by its sequence number, timestamped from mtime).
 */
#ifndef BENCH_BASELINE_H
#define BENCH_BASELINE_H

/* Events recorded since the last reset, over all harts. */
unsigned long baseline_events(void);
void baseline_reset(void);

void __cyg_profile_func_enter(void *fn, void *call_site);
void __cyg_profile_func_exit(void *fn, void *call_site);
void _mcount(unsigned long frompc);

#endif
