/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Calls under a changing configuration: every hart but the boot hart calls a
 * function in a loop while the boot hart moves through phases (hook off, on,
 * switching...). A call counts for a phase only if that phase was in force
 * for the whole call, so what the boot hart does between phases (register,
 * unregister) is never judged against the wrong expectation.
 */
#ifndef RVT_TEST_PHASES_H
#define RVT_TEST_PHASES_H

#include <stdbool.h>

#define PHASES_MAX	8
/* The phase to set before changing anything: no call is judged in it. */
#define PHASE_CHANGING	0

/* One call on hart in phase; true if it behaved as that phase requires. */
typedef bool (*phase_call_t)(unsigned int hart, int phase);

/* Start the other harts calling; phase PHASE_CHANGING is in force. */
void phases_start(phase_call_t call);

/* Enter phase and return once every other hart made a call wholly in it. */
void phases_enter(int phase);

/* Stop the other harts and wait for them. */
void phases_stop(void);

/* Calls judged in phase, and how many of them misbehaved. */
unsigned long phases_calls(int phase);
unsigned long phases_wrong(int phase);

#endif
