// SPDX-License-Identifier: BSD-2-Clause
/*
 * The functions of core_align, compiled once per copy with PREFIX (os_,
 * o2_, o0_) and that copy's optimisation level: bodies of different
 * lengths, so that packed at 2-byte alignment the entries land at every
 * offset, and a third of them cold. GCC aligns neither cold functions nor
 * anything at -Os to -falign-functions.
 */
#include "align_funcs.h"

#define CAT2(a, b)	a##b
#define CAT(a, b)	CAT2(a, b)
#define FN(i)		CAT(PREFIX, f##i)
#define TABLE		CAT(align_, CAT(PREFIX, table))

static volatile long align_sink;

__attribute__((noinline)) long FN(0)(long x)
{
	return x + 0;
}

__attribute__((noinline)) long FN(1)(long x)
{
	return x * 3 - 1;
}

__attribute__((noinline, cold)) long FN(2)(long x)
{
	align_sink = x;
	return x ^ 14;
}

__attribute__((noinline)) long FN(3)(long x)
{
	long y = x;

	if (y > 1000)
		align_sink = y;
	return y + 3 * 3;
}

__attribute__((noinline)) long FN(4)(long x)
{
	return (x << 2) + 4;
}

__attribute__((noinline, cold)) long FN(5)(long x)
{
	align_sink = x + 1;
	align_sink = x + 2;
	return x - 5;
}

__attribute__((noinline)) long FN(6)(long x)
{
	return x + 6;
}

__attribute__((noinline)) long FN(7)(long x)
{
	return x * 9 - 1;
}

__attribute__((noinline, cold)) long FN(8)(long x)
{
	align_sink = x;
	return x ^ 56;
}

__attribute__((noinline)) long FN(9)(long x)
{
	long y = x;

	if (y > 1000)
		align_sink = y;
	return y + 9 * 3;
}

__attribute__((noinline)) long FN(10)(long x)
{
	return (x << 2) + 10;
}

__attribute__((noinline, cold)) long FN(11)(long x)
{
	align_sink = x + 1;
	align_sink = x + 2;
	return x - 11;
}

__attribute__((noinline)) long FN(12)(long x)
{
	return x + 12;
}

__attribute__((noinline)) long FN(13)(long x)
{
	return x * 15 - 1;
}

__attribute__((noinline, cold)) long FN(14)(long x)
{
	align_sink = x;
	return x ^ 98;
}

__attribute__((noinline)) long FN(15)(long x)
{
	long y = x;

	if (y > 1000)
		align_sink = y;
	return y + 15 * 3;
}

__attribute__((noinline)) long FN(16)(long x)
{
	return (x << 2) + 16;
}

__attribute__((noinline, cold)) long FN(17)(long x)
{
	align_sink = x + 1;
	align_sink = x + 2;
	return x - 17;
}

__attribute__((noinline)) long FN(18)(long x)
{
	return x + 18;
}

__attribute__((noinline)) long FN(19)(long x)
{
	return x * 21 - 1;
}

__attribute__((noinline, cold)) long FN(20)(long x)
{
	align_sink = x;
	return x ^ 140;
}

__attribute__((noinline)) long FN(21)(long x)
{
	long y = x;

	if (y > 1000)
		align_sink = y;
	return y + 21 * 3;
}

__attribute__((noinline)) long FN(22)(long x)
{
	return (x << 2) + 22;
}

__attribute__((noinline, cold)) long FN(23)(long x)
{
	align_sink = x + 1;
	align_sink = x + 2;
	return x - 23;
}

const align_fn TABLE[ALIGN_FUNCS] = {
	FN(0),
	FN(1),
	FN(2),
	FN(3),
	FN(4),
	FN(5),
	FN(6),
	FN(7),
	FN(8),
	FN(9),
	FN(10),
	FN(11),
	FN(12),
	FN(13),
	FN(14),
	FN(15),
	FN(16),
	FN(17),
	FN(18),
	FN(19),
	FN(20),
	FN(21),
	FN(22),
	FN(23),
};
