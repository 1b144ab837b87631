// SPDX-License-Identifier: BSD-2-Clause
/*
 * The measuring loops: minstret (exact under qemu -icount shift=0) around a
 * loop of calls, through a volatile pointer so that the compiler cannot see
 * which copy runs. The loop's own instructions are the same for every copy
 * and cancel out against the uninstrumented one.
 */
#include "workload.h"
#include "bench.h"

static unsigned long mix_result;
static int have_result;

void bench_row(const char *name, const char *variant, int64_t value,
	       const char *unit, int64_t baseline)
{
	const char *sign = value < 0 ? "-" : "";
	uint64_t v = value < 0 ? (uint64_t)-value : (uint64_t)value;

	if (baseline == BENCH_NO_BASELINE) {
		board_printf("@bench %s %s %s%llu.%02llu %s -\n", name, variant,
			     sign, (unsigned long long)(v / 100),
			     (unsigned long long)(v % 100), unit);
		return;
	}
	board_printf("@bench %s %s %s%llu.%02llu %s %llu.%02llu\n", name,
		     variant, sign, (unsigned long long)(v / 100),
		     (unsigned long long)(v % 100), unit,
		     (unsigned long long)(baseline / 100),
		     (unsigned long long)(baseline % 100));
}

int64_t bench_per(int64_t insns, unsigned long calls)
{
	return insns * 100 / (int64_t)calls;
}

static uint64_t run_tiny(unsigned long (*fn)(unsigned long))
{
	unsigned long (*volatile call)(unsigned long) = fn;
	unsigned long x = 0, i;
	uint64_t start, end;

	start = board_instret();
	for (i = 0; i < BENCH_TINY_CALLS; i++)
		x = call(x);
	end = board_instret();
	CHECK_EQ(x, BENCH_TINY_CALLS);
	return end - start;
}

static uint64_t run_mix(const struct bench_copy *c, unsigned long *result)
{
	unsigned long (*volatile call)(struct wl_state *, unsigned long) = c->mix;
	struct wl_state *s = c->state;
	unsigned long r = 0, i;
	uint64_t start, end;

	start = board_instret();
	for (i = 0; i < BENCH_MIX_STEPS; i++)
		r += call(s, i);
	end = board_instret();
	*result = r;
	return end - start;
}

void bench_warm_up(const struct bench_copy *c)
{
	unsigned long r;

	run_tiny(c->tiny);
	run_mix(c, &r);
}

/* The first copy measured sets the result that every other must give. */
void bench_measure(const struct bench_copy *c, struct bench_cost *out)
{
	unsigned long r;

	out->tiny = run_tiny(c->tiny);
	out->mix = run_mix(c, &r);
	if (!have_result) {
		mix_result = r;
		have_result = 1;
	}
	CHECK_EQ(r, mix_result);
}

void bench_report(const char *name, const struct bench_cost *c,
		  const struct bench_cost *none)
{
	unsigned long mix_calls = BENCH_MIX_STEPS * WL_MIX_CALLS;

	bench_row(name, "tiny",
		  bench_per((int64_t)(c->tiny - none->tiny), BENCH_TINY_CALLS),
		  "insn/call", bench_per((int64_t)none->tiny, BENCH_TINY_CALLS));
	bench_row(name, "mix",
		  bench_per((int64_t)(c->mix - none->mix), mix_calls),
		  "insn/call", bench_per((int64_t)none->mix, mix_calls));
}
