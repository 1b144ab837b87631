// SPDX-License-Identifier: BSD-2-Clause
/*
 * arch/riscv/insn.c against the RISC-V assembler: every case is assembled at
 * build time (insn_cases.cmake), and the encoder must produce the very same
 * words. The call pairs are also decoded here, so a pair that matches a
 * wrong expectation still fails if it does not land on the target.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <rvtrace/error.h>

#include "insn.h"

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

struct auipc_case {
	unsigned int rd;
	long long off;
	const char *text;
};

struct jalr_case {
	unsigned int rd, rs1;
	long long off;
	const char *text;
};

struct call_case {
	long long off;
	const char *text;
};

#include "insn_cases.h"
#include "insn_words.h"

_Static_assert(ARRAY_SIZE(insn_words) == ARRAY_SIZE(auipc_cases) +
	       ARRAY_SIZE(jalr_cases) + 2 * ARRAY_SIZE(call_cases),
	       "the assembler emitted one word per case (two per pair)");

#define AUIPC_FIRST	0
#define JALR_FIRST	(AUIPC_FIRST + ARRAY_SIZE(auipc_cases))
#define CALL_FIRST	(JALR_FIRST + ARRAY_SIZE(jalr_cases))

#define WORD_UNSET	0xdeadbeefu

/* Name the failing case; the loops would otherwise only report a line. */
static void expect(const char *kind, const char *text, unsigned long pc,
		   int ret, uint32_t got, uint32_t want)
{
	if (ret)
		fail_msg("%s \"%s\" (pc %#lx): returned %d", kind, text, pc,
			 ret);
	if (got != want)
		fail_msg("%s \"%s\" (pc %#lx): %#010x, assembler says %#010x",
			 kind, text, pc, (unsigned int)got, (unsigned int)want);
}

/* Where auipc rd, hi / jalr rd, lo(rd) at pc go, read back from the words. */
static unsigned long pair_target(unsigned long pc, uint32_t auipc,
				 uint32_t jalr)
{
	int64_t hi = (int32_t)(auipc & 0xfffff000u);
	int64_t lo = (int32_t)jalr >> 20;

	return pc + (unsigned long)(hi + lo);
}

/* Site addresses: low, high, and around the 32- and 64-bit wrap. */
static const unsigned long pcs[] = {
	0x80000000ul, 0x1000ul, 0x80200ffcul, 0xfffffffffffff000ul,
	0x7ffffffffffff800ul, 0x123456789abcdef0ul,
};

static void test_auipc_matches_assembler(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(auipc_cases); i++) {
		const struct auipc_case *c = &auipc_cases[i];
		uint32_t w = WORD_UNSET;
		int ret = rvt_insn_auipc(c->rd, (long)c->off, &w);

		expect("auipc", c->text, 0, ret, w, insn_words[AUIPC_FIRST + i]);
	}
}

static void test_jalr_matches_assembler(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(jalr_cases); i++) {
		const struct jalr_case *c = &jalr_cases[i];
		uint32_t w = WORD_UNSET;
		int ret = rvt_insn_jalr(c->rd, c->rs1, (long)c->off, &w);

		expect("jalr", c->text, 0, ret, w, insn_words[JALR_FIRST + i]);
	}
}

/* The encoding depends only on target - pc, wherever the site is. */
static void test_call_t0_matches_assembler(void **state)
{
	size_t i, p;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(call_cases); i++) {
		const struct call_case *c = &call_cases[i];

		for (p = 0; p < ARRAY_SIZE(pcs); p++) {
			unsigned long pc = pcs[p];
			unsigned long target = pc + (unsigned long)c->off;
			uint32_t a = WORD_UNSET, j = WORD_UNSET;
			int ret = rvt_insn_call_t0(pc, target, &a, &j);

			expect("call auipc", c->text, pc, ret, a,
			       insn_words[CALL_FIRST + 2 * i]);
			expect("call jalr", c->text, pc, ret, j,
			       insn_words[CALL_FIRST + 2 * i + 1]);
			if (pair_target(pc, a, j) != target)
				fail_msg("call \"%s\" (pc %#lx) lands at %#lx",
					 c->text, pc, pair_target(pc, a, j));
		}
	}
}

/* Register fields of the pair: auipc t0, then jalr t0, lo(t0). */
static void test_call_t0_uses_t0(void **state)
{
	uint32_t a, j;

	(void)state;
	assert_int_equal(rvt_insn_call_t0(0x80000000ul, 0x80001234ul, &a, &j),
			 0);
	assert_int_equal(a & 0x7f, 0x17);		/* auipc */
	assert_int_equal((a >> 7) & 0x1f, RVT_REG_T0);
	assert_int_equal(j & 0x7f, 0x67);		/* jalr */
	assert_int_equal((j >> 12) & 0x7, 0);		/* funct3 */
	assert_int_equal((j >> 7) & 0x1f, RVT_REG_T0);
	assert_int_equal((j >> 15) & 0x1f, RVT_REG_T0);
}

/*
 * A switch flips the same bits of every site, and the fixed bits tell a
 * site's words from a debugger's: for every pair, its jalr and the jalr's
 * stand-in differ by RVT_INSN_SWITCH_FLIP and rvt_insn_site_is() knows the
 * whole site in either state, each word by its own fixed bits only; an
 * ebreak in place of either word, or a c.ebreak in its low halfword, is no
 * site in either state.
 */
static int site_in_either_state(unsigned long pc, unsigned long to,
				uint32_t a, uint32_t w)
{
	return rvt_insn_site_is(pc, to, a, w, RVT_INSN_JALR_T0) ||
	       rvt_insn_site_is(pc, to, a, w, RVT_INSN_STANDIN_T0);
}

static void test_switch_fixed_bits(void **state)
{
	const uint32_t ebreak = 0x00100073u, c_ebreak = 0x9002u;
	size_t i, p;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(call_cases); i++) {
		for (p = 0; p < ARRAY_SIZE(pcs); p++) {
			unsigned long pc = pcs[p];
			unsigned long to = pc + (unsigned long)call_cases[i].off;
			uint32_t a, j, off;

			assert_int_equal(rvt_insn_call_t0(pc, to, &a, &j), 0);
			off = rvt_insn_jalr_off(j);
			assert_int_equal(j ^ RVT_INSN_SWITCH_FLIP, off);
			/* The whole site, in either state; not elsewhere. */
			assert_true(rvt_insn_site_is(pc, to, a, j,
						     RVT_INSN_JALR_T0));
			assert_true(rvt_insn_site_is(pc, to, a, off,
						     RVT_INSN_STANDIN_T0));
			assert_false(rvt_insn_site_is(pc, to, a, j,
						      RVT_INSN_STANDIN_T0));
			assert_false(rvt_insn_site_is(pc, to, a, off,
						      RVT_INSN_JALR_T0));
			assert_false(rvt_insn_site_is(pc, to + 2, a, j,
						      RVT_INSN_JALR_T0));
			assert_false(rvt_insn_site_is(pc, to, a + 0x1000u,
						      off,
						      RVT_INSN_STANDIN_T0));
			/* A debugger's breakpoint in either word. */
			assert_false(site_in_either_state(pc, to, ebreak, j));
			assert_false(site_in_either_state(pc, to, a, ebreak));
			assert_false(site_in_either_state(pc, to,
					(a & 0xffff0000u) | c_ebreak, j));
			assert_false(site_in_either_state(pc, to, a,
					(j & 0xffff0000u) | c_ebreak));
			assert_false(site_in_either_state(pc, to, a,
					(off & 0xffff0000u) | c_ebreak));
		}
	}
}

static void test_jalr_range(void **state)
{
	uint32_t w;

	(void)state;
	assert_int_equal(rvt_insn_jalr(5, 5, -2049, &w), RVT_ERANGE);
	assert_int_equal(rvt_insn_jalr(5, 5, 2048, &w), RVT_ERANGE);
	assert_int_equal(rvt_insn_jalr(5, 5, 0x1000, &w), RVT_ERANGE);
	assert_int_equal(rvt_insn_jalr(5, 5, -0x100000, &w), RVT_ERANGE);
	/* The limits themselves are in (and match the assembler above). */
	assert_int_equal(rvt_insn_jalr(5, 5, -2048, &w), 0);
	assert_int_equal(rvt_insn_jalr(5, 5, 2047, &w), 0);
}

/*
 * auipc + jalr reach pc + [-2^31 - 0x800, 2^31 - 1 - 0x800]. Only a 64-bit
 * long can name an offset beyond that; with 32-bit addresses all wrap.
 */
static void test_pair_range(void **state)
{
#if __SIZEOF_LONG__ > 4
	static const struct {
		long off;
		int ret;
	} cases[] = {
		{ 0x7ffff7ffl, 0 },
		{ 0x7ffff800l, RVT_ERANGE },
		{ 0x7fffffffl, RVT_ERANGE },
		{ 0x80000000l, RVT_ERANGE },
		{ -0x80000800l, 0 },
		{ -0x80000801l, RVT_ERANGE },
		{ 0x100000000l, RVT_ERANGE },
		{ -0x100000000l, RVT_ERANGE },
		{ 0x7fffffffffffffffl, RVT_ERANGE },
		{ -0x7fffffffffffffffl - 1, RVT_ERANGE },
	};
	size_t i, p;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		long off = cases[i].off;
		uint32_t w;
		int ret = rvt_insn_auipc(RVT_REG_T0, off, &w);

		if (ret != cases[i].ret)
			fail_msg("auipc offset %#lx: %d, want %d", off, ret,
				 cases[i].ret);
		for (p = 0; p < ARRAY_SIZE(pcs); p++) {
			unsigned long pc = pcs[p];
			unsigned long target = pc + (unsigned long)off;
			uint32_t a, j;

			ret = rvt_insn_call_t0(pc, target, &a, &j);
			if (ret != cases[i].ret)
				fail_msg("call offset %#lx from %#lx: %d, want %d",
					 off, pc, ret, cases[i].ret);
			if (!ret && pair_target(pc, a, j) != target)
				fail_msg("call offset %#lx from %#lx lands at %#lx",
					 off, pc, pair_target(pc, a, j));
		}
	}
#else
	(void)state;
	skip();
#endif
}

static void test_invalid_register(void **state)
{
	uint32_t w;

	(void)state;
	assert_int_equal(rvt_insn_auipc(32, 0, &w), RVT_EINVAL);
	assert_int_equal(rvt_insn_auipc(~0u, 0, &w), RVT_EINVAL);
	assert_int_equal(rvt_insn_jalr(32, 5, 0, &w), RVT_EINVAL);
	assert_int_equal(rvt_insn_jalr(5, 32, 0, &w), RVT_EINVAL);
	assert_int_equal(rvt_insn_jalr(~0u, ~0u, 0, &w), RVT_EINVAL);
	/* x31 is the last valid one. */
	assert_int_equal(rvt_insn_auipc(31, 0, &w), 0);
	assert_int_equal(rvt_insn_jalr(31, 31, 0, &w), 0);
}

static void test_null_output(void **state)
{
	uint32_t w;

	(void)state;
	assert_int_equal(rvt_insn_auipc(5, 0, NULL), RVT_EINVAL);
	assert_int_equal(rvt_insn_jalr(5, 5, 0, NULL), RVT_EINVAL);
	assert_int_equal(rvt_insn_call_t0(0x1000, 0x2000, NULL, &w),
			 RVT_EINVAL);
	assert_int_equal(rvt_insn_call_t0(0x1000, 0x2000, &w, NULL),
			 RVT_EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_auipc_matches_assembler),
		cmocka_unit_test(test_jalr_matches_assembler),
		cmocka_unit_test(test_call_t0_matches_assembler),
		cmocka_unit_test(test_call_t0_uses_t0),
		cmocka_unit_test(test_switch_fixed_bits),
		cmocka_unit_test(test_jalr_range),
		cmocka_unit_test(test_pair_range),
		cmocka_unit_test(test_invalid_register),
		cmocka_unit_test(test_null_output),
	};

	return cmocka_run_group_tests_name("insn", tests, NULL, NULL);
}
