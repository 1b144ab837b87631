/* SPDX-License-Identifier: BSD-2-Clause */
/* Events with values and threshold calls made plain (fold.c). */
#ifndef RVTD_FOLD_H
#define RVTD_FOLD_H

#include "model.h"

/*
 * Give each data event's values to the event before it, and make each call
 * event an entry and an exit in time order. 0, or -1 with e set.
 */
int fold_hart(struct hart_trace *ht, struct err *e);

#endif
