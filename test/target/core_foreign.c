// SPDX-License-Identifier: BSD-2-Clause
/*
 * Check before you write: a site that holds a word rvtrace did not write
 * there (a debugger's ebreak or c.ebreak, another patcher's instruction) is
 * left as it is. The register or unregister that needed it fails with
 * RVT_EFAULT and is undone on every other site, and rvt_site_foreign()
 * names the function. rvt_site_enabled() never calls such a site on.
 */
#include "check.h"
#include "sitesnap.h"

#define EBREAK		0x00100073u
#define C_EBREAK	0x9002u

TRACED int fa(int x) { return x + 1; }
TRACED int fb(int x) { return x + 2; }
TRACED int fc(int x) { return x + 3; }

static const void *pair[2];
static struct rvt_ops hook = {
	.func = count_call, .filter = pair, .filter_len = 2,
};
static const void *only_c[] = { (const void *)fc };
static struct rvt_ops hook_c = {
	.func = count_call, .filter = only_c, .filter_len = 1,
};

static struct sitesnap before, after;

/* What a debugger does to set a breakpoint: a store, then fence.i. */
static void poke(unsigned long addr, uint32_t word)
{
	__asm__("" : "+r"(addr));
	*(volatile uint32_t *)addr = word;
	__asm__ __volatile__("fence.i" ::: "memory");
}

#ifdef __riscv_compressed
/* A c.ebreak: only the low halfword of the 32-bit word changes. */
static void poke_c_ebreak(unsigned long addr)
{
	__asm__("" : "+r"(addr));
	*(volatile uint16_t *)addr = C_EBREAK;
	__asm__ __volatile__("fence.i" ::: "memory");
}
#endif

/* Hook calls made by calls of the functions of pair whose site is sane. */
static unsigned long calls(bool a, bool b)
{
	int (*f0)(int) = (int (*)(int))pair[0];
	int (*f1)(int) = (int (*)(int))pair[1];
	unsigned long n = counted_total();

	if (a)
		CHECK(f0(1) > 1);
	if (b)
		CHECK(f1(1) > 1);
	return counted_total() - n;
}

int main(void)
{
	unsigned long second, off_word, on_word, auipc_c;

	CHECK(rvt_init(board_platform()) > 0);
	CHECK_EQ(rvt_site_foreign(), 0);
	CHECK_EQ(rvt_site_foreign_count(), 0);

	/* The foreign site after the other in address order: its refusal
	   undoes a site the batch already switched. */
	pair[0] = (const void *)fa;
	pair[1] = (const void *)fb;
	if (rvt_site_index(pair[0]) > rvt_site_index(pair[1])) {
		pair[0] = (const void *)fb;
		pair[1] = (const void *)fa;
	}
	second = (unsigned long)pair[1];
	off_word = text_word(second + 4);

	/* A breakpoint at f + 4 of an idle site: register is refused. */
	poke(second + 4, EBREAK);
	CHECK_EQ(rvt_site_enabled(pair[1]), RVT_EFAULT);
	sitesnap_take(&before);
	CHECK_EQ(rvt_register(&hook), RVT_EFAULT);
	sitesnap_take(&after);
	sitesnap_expect(&before, &after);
	CHECK_EQ(text_word(second + 4), EBREAK);
	CHECK_EQ(rvt_site_foreign(), second);
	CHECK_EQ(rvt_site_foreign_count(), 1);
	CHECK(!(hook.flags & RVT_OPS_FL_ENABLED));
	CHECK_EQ(rvt_site_enabled(pair[0]), 0);
	CHECK_EQ(calls(true, false), 0);

	/* The stand-in back by hand: now it works. */
	poke(second + 4, (uint32_t)off_word);
	CHECK_EQ(calls(true, true), 0);
	CHECK_EQ(rvt_register(&hook), 0);
	CHECK(hook.flags & RVT_OPS_FL_ENABLED);
	CHECK_EQ(rvt_site_enabled(pair[0]), 1);
	CHECK_EQ(rvt_site_enabled(pair[1]), 1);
	CHECK_EQ(calls(true, true), 2);
	CHECK_EQ(rvt_site_foreign_count(), 1);

	/* A c.ebreak (ebreak without C) in the jalr: unregister is refused. */
	on_word = text_word(second + 4);
#ifdef __riscv_compressed
	poke_c_ebreak(second + 4);
	CHECK_EQ(text_word(second + 4), (on_word & 0xffff0000u) | C_EBREAK);
#else
	poke(second + 4, EBREAK);
#endif
	CHECK_EQ(rvt_site_enabled(pair[1]), RVT_EFAULT);
	sitesnap_take(&before);
	CHECK_EQ(rvt_unregister(&hook), RVT_EFAULT);
	sitesnap_take(&after);
	sitesnap_expect(&before, &after);
	CHECK_EQ(rvt_site_foreign(), second);
	CHECK_EQ(rvt_site_foreign_count(), 2);
	CHECK(hook.flags & RVT_OPS_FL_ENABLED);
	CHECK_EQ(sitesnap_on(&after), 1);
	CHECK_EQ(rvt_site_enabled(pair[0]), 1);
	CHECK_EQ(calls(true, false), 1);

	poke(second + 4, (uint32_t)on_word);
	CHECK_EQ(calls(true, true), 2);
	CHECK_EQ(rvt_unregister(&hook), 0);
	CHECK(!(hook.flags & RVT_OPS_FL_ENABLED));
	CHECK_EQ(calls(true, true), 0);
	sitesnap_take(&after);
	CHECK_EQ(sitesnap_on(&after), 0);

	/*
	 * The breakpoint arrives while the hook is on, at f + 0 this time
	 * (gdb's "break *fc"): the jalr is still there, yet the site no
	 * longer calls the trampoline the way rvtrace made it.
	 */
	CHECK_EQ(rvt_register(&hook_c), 0);
	CHECK_EQ(rvt_site_enabled(fc), 1);
	auipc_c = text_word((unsigned long)fc);
	poke((unsigned long)fc, EBREAK);
	CHECK(rvt_site_enabled(fc) != 1);
	sitesnap_take(&before);
	CHECK_EQ(rvt_unregister(&hook_c), RVT_EFAULT);
	sitesnap_take(&after);
	sitesnap_expect(&before, &after);
	CHECK_EQ(rvt_site_foreign(), (unsigned long)fc);
	CHECK_EQ(rvt_site_foreign_count(), 3);
	CHECK(hook_c.flags & RVT_OPS_FL_ENABLED);
	poke((unsigned long)fc, (uint32_t)auipc_c);
	CHECK_EQ(rvt_site_enabled(fc), 1);
	CHECK_EQ(rvt_unregister(&hook_c), 0);
	CHECK_EQ(rvt_site_enabled(fc), 0);
	CHECK_EQ(fc(1), 4);

	/* Each refused site had nothing written: nothing failed to undo. */
	CHECK_EQ(rvt_undo_failures(), 0);
	board_printf("core_foreign: %lu foreign words, none overwritten\n",
		     rvt_site_foreign_count());
	return 0;
}
