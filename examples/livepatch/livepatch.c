// SPDX-License-Identifier: BSD-2-Clause
/*
 * Live patching: fix a bug in running firmware without stopping it.
 *
 * Every hart keeps computing the average of a window of samples. The shipped
 * average() has a bug: it overflows on large samples. While all harts keep
 * calling it, the boot hart registers an IPMODIFY hook that sends every call
 * of average() on to average_fixed(); later it removes the patch again.
 */
#include "board.h"

#define WINDOW		4
#define BIG		0x7ffffff0L	/* overflows 32-bit arithmetic */

/* The shipped version: the sum overflows for large samples. */
__attribute__((noinline, weak)) long average(const int *s, int n)
{
	int sum = 0, i;

	for (i = 0; i < n; i++)
		sum = (int)((unsigned int)sum + (unsigned int)s[i]);
	return sum / n;
}

/* The fix, linked into the same image (or loaded later by the firmware). */
__attribute__((noinline, weak)) long average_fixed(const int *s, int n)
{
	long long sum = 0;
	int i;

	for (i = 0; i < n; i++)
		sum += s[i];
	return (long)(sum / n);
}

/* The patch: continue in average_fixed(), with the same arguments. */
static void patch_average(unsigned long ip, unsigned long parent_ip,
			  struct rvt_ops *ops, struct rvt_regs *regs)
{
	(void)ip;
	(void)parent_ip;
	(void)ops;
	rvt_regs_set_ip(regs, (unsigned long)average_fixed);
}

static const void *const patched_functions[] = { (const void *)average };
static struct rvt_ops livepatch = {
	.func = patch_average,
	.flags = RVT_OPS_FL_IPMODIFY,	/* it moves execution elsewhere */
	.filter = patched_functions,	/* required for IPMODIFY */
	.filter_len = 1,
};

/*
 * patched is set once rvt_register() has returned and cleared before
 * rvt_unregister() starts: a call during which it stayed set must have been
 * patched. Calls that overlap a change are not judged.
 */
static int stop, patched;
static unsigned long buggy[BOARD_MAX_HARTS], fixed[BOARD_MAX_HARTS];
static unsigned long unfixed[BOARD_MAX_HARTS];

static void worker(unsigned int hart, void *arg)
{
	const int samples[WINDOW] = { BIG, BIG, BIG, BIG };

	(void)arg;
	while (!__atomic_load_n(&stop, __ATOMIC_ACQUIRE)) {
		int before = __atomic_load_n(&patched, __ATOMIC_ACQUIRE);
		long avg = average(samples, WINDOW);
		int in_place = before &&
			       __atomic_load_n(&patched, __ATOMIC_ACQUIRE);

		if (in_place && avg == BIG)
			fixed[hart]++;
		else if (in_place)
			unfixed[hart]++;
		else if (!before && avg != BIG)
			buggy[hart]++;
	}
}

static unsigned long total(const unsigned long *per_hart)
{
	unsigned long n = 0;
	unsigned int h;

	for (h = 0; h < board_nr_harts(); h++)
		n += per_hart[h];
	return n;
}

/* Let the other harts make n calls each of the kind counted in per_hart. */
static void let_run(const unsigned long *per_hart, unsigned long n)
{
	while (total(per_hart) < n * (board_nr_harts() - 1))
		;
}

int main(void)
{
	const int samples[WINDOW] = { BIG, BIG, BIG, BIG };
	long during;
	int ret = rvt_init(board_platform());

	if (ret < 0) {
		board_printf("rvt_init: %s\n", rvt_strerror(ret));
		return 1;
	}
	board_printf("average() as shipped: %ld (expected %ld)\n",
		     average(samples, WINDOW), BIG);
	board_run_others(worker, NULL);
	let_run(buggy, 1000);

	ret = rvt_register(&livepatch);
	if (ret) {
		board_printf("rvt_register: %s\n", rvt_strerror(ret));
		return 2;
	}
	__atomic_store_n(&patched, 1, __ATOMIC_RELEASE);
	during = average(samples, WINDOW);
	board_printf("patched while %u harts call it: average() = %ld\n",
		     board_nr_harts(), during);
	let_run(fixed, 1000);
	__atomic_store_n(&patched, 0, __ATOMIC_RELEASE);

	rvt_unregister(&livepatch);
	board_printf("patch removed: average() = %ld\n",
		     average(samples, WINDOW));
	__atomic_store_n(&stop, 1, __ATOMIC_RELEASE);
	board_wait_others();

	board_printf("calls on the other harts: %lu wrong before the patch, "
		     "%lu right and %lu wrong while patched\n",
		     total(buggy), total(fixed), total(unfixed));
	/* Fixed while patched, on every hart; the bug back once removed. */
	return during != BIG || total(unfixed) ||
	       average(samples, WINDOW) == BIG ? 3 : 0;
}
