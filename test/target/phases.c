// SPDX-License-Identifier: BSD-2-Clause
#include "phases.h"

#include "check.h"

#define PHASE_STOP	(-1)

struct hart_count {
	unsigned long calls[PHASES_MAX];
	unsigned long wrong[PHASES_MAX];
	int done;	/* last phase a call was made wholly in */
} __attribute__((aligned(64)));

static struct hart_count counts[BOARD_MAX_HARTS];
static int phase;
static phase_call_t phase_call;

static int current(void)
{
	return __atomic_load_n(&phase, __ATOMIC_ACQUIRE);
}

static void worker(unsigned int hart, void *arg)
{
	struct hart_count *c = &counts[hart];

	(void)arg;
	for (;;) {
		int p = current();
		bool ok;

		if (p == PHASE_STOP)
			break;
		ok = phase_call(hart, p);
		if (p != current() || p == PHASE_CHANGING)
			continue;
		c->calls[p]++;
		c->wrong[p] += !ok;
		__atomic_store_n(&c->done, p, __ATOMIC_RELEASE);
	}
}

void phases_start(phase_call_t call)
{
	phase_call = call;
	__atomic_store_n(&phase, PHASE_CHANGING, __ATOMIC_RELEASE);
	board_run_others(worker, NULL);
}

void phases_enter(int p)
{
	unsigned int h;

	CHECK(p >= 0 && p < PHASES_MAX);
	__atomic_store_n(&phase, p, __ATOMIC_RELEASE);
	if (p == PHASE_CHANGING)
		return;
	for (h = 0; h < board_nr_harts(); h++)
		if (h != board_hart_index())
			while (__atomic_load_n(&counts[h].done,
					       __ATOMIC_ACQUIRE) != p)
				;
}

void phases_stop(void)
{
	__atomic_store_n(&phase, PHASE_STOP, __ATOMIC_RELEASE);
	board_wait_others();
}

static unsigned long sum(int p, bool wrong)
{
	unsigned long n = 0;
	unsigned int h;

	for (h = 0; h < BOARD_MAX_HARTS; h++)
		n += wrong ? counts[h].wrong[p] : counts[h].calls[p];
	return n;
}

unsigned long phases_calls(int p)
{
	return sum(p, false);
}

unsigned long phases_wrong(int p)
{
	return sum(p, true);
}
