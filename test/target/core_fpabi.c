// SPDX-License-Identifier: BSD-2-Clause
/*
 * Floating-point arguments and return values under a hard-float ABI (built
 * only there): ten integers, ten doubles and ten floats in one call (the
 * rest beyond eight of each kind on the stack), a float result, a struct of
 * two floats returned in fa0/fa1. Through a hooked function whose hook uses
 * every FP argument register itself (and checks it sees fa0 in struct
 * rvt_regs), a live-patched one, and the graph tracer, whose return path
 * must keep fa0/fa1. Every result is compared bit for bit with the same
 * call made with nothing on, on every hart at once.
 */
#include <string.h>

#include "check.h"

struct fpair {
	float x, y;
};

#define FP_ARGS(T, p)	T p##0, T p##1, T p##2, T p##3, T p##4, \
			T p##5, T p##6, T p##7, T p##8, T p##9

#define MIX_BODY							\
	((double)(i0 - i1 + i2 * i3 - i4 + i5 * i6 - i7 + i8 * 3 - i9) +	\
	 d0 * d1 - d2 + d3 / d4 + d5 * d6 - d7 + d8 * 0.5 + d9 +		\
	 (double)(f0 * f1 - f2 + f3 * f4 - f5 + f6 / f7 + f8 - f9))

TRACED double fp_mix(FP_ARGS(long, i), FP_ARGS(double, d), FP_ARGS(float, f))
{
	return MIX_BODY;
}

/* A fixed fp_mix: the live patch sends its calls here. */
TRACED double fp_mix_fixed(FP_ARGS(long, i), FP_ARGS(double, d),
			   FP_ARGS(float, f))
{
	return MIX_BODY * 2.0 + 1.0;
}

TRACED float fp_scale(float a, long n, double b)
{
	return a * (float)n + (float)b;
}

TRACED struct fpair fp_pair(float a, float b)
{
	struct fpair p = { a + b, a * b };

	return p;
}

struct results {
	double mix;
	float scale;
	struct fpair pair;
};

typedef double mix_fn(FP_ARGS(long, i), FP_ARGS(double, d),
		      FP_ARGS(float, f));

/* Round k's calls, fp_mix's through mix (the function or its fix). */
static void compute_with(mix_fn *mix, struct results *r, long k)
{
	double d = (double)k * 0.25;
	float f = (float)k * 0.125f;

	r->mix = mix(k, k + 1, k + 2, k + 3, k + 4, k + 5, k + 6, k + 7,
			k + 8, k + 9, d + 1.5, d + 2.5, d + 3.5, d + 4.5,
			d + 5.5, d + 6.5, d + 7.5, d + 8.5, d + 9.5, d + 10.5,
			f + 1.0f, f + 2.0f, f + 3.0f, f + 4.0f, f + 5.0f,
			f + 6.0f, f + 7.0f, f + 8.0f, f + 9.0f, f + 10.0f);
	r->scale = fp_scale(f + 0.5f, k, d - 3.0);
	r->pair = fp_pair(f, f + 1.5f);
}

static void compute(struct results *r, long k)
{
	compute_with(fp_mix, r, k);
}

static bool same(const struct results *a, const struct results *b)
{
	return !memcmp(&a->mix, &b->mix, sizeof(a->mix)) &&
	       !memcmp(&a->scale, &b->scale, sizeof(a->scale)) &&
	       !memcmp(&a->pair, &b->pair, sizeof(a->pair));
}

/* Loads fa0-fa7 with values of its own, whatever the ABI. */
RVT_NOTRACE __attribute__((noinline)) static float
fp_burn(float a, float b, float c, float d, float e, float f, float g,
	float h)
{
	return a * b + c * d - e * f + g / h;
}

static volatile float burnt;
static rvt_freg_t seen_fa0[BOARD_MAX_HARTS];

RVT_NOTRACE static void fp_hook(unsigned long ip, unsigned long parent_ip,
				struct rvt_ops *ops, struct rvt_regs *regs)
{
	(void)ip;
	(void)parent_ip;
	(void)ops;
	count_call(ip, parent_ip, ops, regs);
	if (ip == (unsigned long)fp_mix)
		seen_fa0[board_hart_index()] = rvt_regs_farg(regs, 0);
	burnt = fp_burn(1.5f, 2.5f, 3.5f, 4.5f, 5.5f, 6.5f, 7.5f, 8.5f);
}

RVT_NOTRACE static void fix_mix(unsigned long ip, unsigned long parent_ip,
				struct rvt_ops *ops, struct rvt_regs *regs)
{
	(void)ip;
	(void)parent_ip;
	(void)ops;
	rvt_regs_set_ip(regs, (unsigned long)fp_mix_fixed);
}

static const void *const traced[] = { (const void *)fp_mix,
				      (const void *)fp_scale,
				      (const void *)fp_pair };
static const void *const mix_only[] = { (const void *)fp_mix };
static struct rvt_ops hook = { .func = fp_hook, .filter = traced,
			       .filter_len = 3 };
static struct rvt_ops patch = { .func = fix_mix,
				.flags = RVT_OPS_FL_IPMODIFY,
				.filter = mix_only, .filter_len = 1 };

#define ROUNDS	20

static struct results expected[ROUNDS], patched[ROUNDS];
static int mismatches;

/* What fa0 holds for fp_mix's call in round k: its first FP argument. */
static rvt_freg_t expected_fa0(long k)
{
#ifdef __riscv_float_abi_double
	double d0 = (double)k * 0.25 + 1.5;
	rvt_freg_t bits;

	memcpy(&bits, &d0, sizeof(bits));
	return bits;
#else
	/* Single-float ABI: doubles go in integer registers; fa0 is f0. */
	float f0 = (float)k * 0.125f + 1.0f;
	uint32_t bits;

	memcpy(&bits, &f0, sizeof(bits));
	return (rvt_freg_t)bits | (rvt_freg_t)~(rvt_freg_t)UINT32_MAX;
#endif
}

static void run(unsigned int hart, void *arg)
{
	const struct results *want = arg;
	struct results r;
	long k;

	for (k = 0; k < ROUNDS; k++) {
		compute(&r, k);
		if (!same(&r, &want[k]))
			__atomic_fetch_add(&mismatches, 1, __ATOMIC_RELAXED);
		if (want == expected && hook.flags & RVT_OPS_FL_ENABLED &&
		    seen_fa0[hart] != expected_fa0(k))
			__atomic_fetch_add(&mismatches, 1, __ATOMIC_RELAXED);
	}
}

/* Every hart computes every round and compares with want. */
static void everywhere(struct results *want)
{
	board_run_others(run, want);
	run(board_hart_index(), want);
	board_wait_others();
	CHECK_EQ(mismatches, 0);
}

int main(void)
{
	struct rvt_trace_config cfg = { .filter = traced, .filter_len = 3 };
	struct rvt_trace_stats st;
	long k;

	CHECK(rvt_init(board_platform()) > 0);
	for (k = 0; k < ROUNDS; k++) {
		compute(&expected[k], k);
		compute_with(fp_mix_fixed, &patched[k], k);
		CHECK(patched[k].mix != expected[k].mix);
	}

	CHECK_EQ(rvt_register(&hook), 0);
	everywhere(expected);
	CHECK_EQ(counted_total(), 3u * ROUNDS * board_nr_harts());
	CHECK_EQ(rvt_unregister(&hook), 0);

	CHECK_EQ(rvt_register(&patch), 0);
	everywhere(patched);
	CHECK_EQ(rvt_unregister(&patch), 0);

	CHECK_EQ(rvt_graph_start(&cfg), 0);
	everywhere(expected);
	CHECK_EQ(rvt_graph_stop(), 0);
	CHECK_EQ(rvt_trace_stats(&st), 0);
	/* An entry and an exit per call, or counted as lost to overwriting. */
	CHECK(st.recorded + st.overwritten >= 6u * ROUNDS * board_nr_harts());

	everywhere(expected);
	board_printf("core_fpabi: %d rounds of FP calls hooked, patched and "
		     "graph-traced on %u harts\n", ROUNDS, board_nr_harts());
	return 0;
}
