// SPDX-License-Identifier: BSD-2-Clause
/*
 * The site table: validation and arming at start-up, look-ups, and the one
 * write that switches a site afterwards.
 */
#include "internal.h"
#include "insn.h"

/* Defined by linker/rvtrace.ld. */
extern unsigned long __rvt_sites_start[];
extern unsigned long __rvt_sites_end[];
extern rvt_site_state_t __rvt_site_state[];
extern rvt_site_state_t __rvt_site_state_end[];

/* What the compiler put in each 4-byte word of the slot and the site. */
#ifdef __riscv_compressed
#define BUILT_WORD	RVT_INSN_C_NOP2
#else
#define BUILT_WORD	RVT_INSN_NOP
#endif

/* The slot holds a pointer, so it must be aligned for one atomic store. */
#define ENTRY_ALIGN	(RVT_HAS_SLOT ? RVT_SLOT_BYTES : 4)

static uint32_t text_read(unsigned long addr)
{
	return *(volatile const uint32_t *)addr;
}

static unsigned long entry_func(unsigned long entry)
{
	return entry + RVT_SLOT_BYTES;
}

static unsigned long site_func(int index)
{
	return entry_func(rvt_core.sites[index]);
}

static bool entry_usable(unsigned long entry)
{
	unsigned long end = entry_func(entry) + RVT_SITE_BYTES;
	uint32_t auipc, jalr;
	unsigned long a;

	if (entry % ENTRY_ALIGN)
		return false;
	for (a = entry; a < end; a += 4)
		if (text_read(a) != BUILT_WORD)
			return false;
	return !rvt_insn_call_t0(entry_func(entry), (unsigned long)rvt_caller,
				 &auipc, &jalr);
}

static void swap(unsigned long *a, unsigned long *b)
{
	unsigned long t = *a;

	*a = *b;
	*b = t;
}

static void sift_down(unsigned long *a, size_t root, size_t n)
{
	for (;;) {
		size_t child = 2 * root + 1;

		if (child >= n)
			return;
		if (child + 1 < n && a[child + 1] > a[child])
			child++;
		if (a[root] >= a[child])
			return;
		swap(&a[root], &a[child]);
		root = child;
	}
}

/* Link order is nearly always address order; heapsort covers the rest. */
static void sort_entries(unsigned long *a, size_t n)
{
	size_t i;

	for (i = 1; i < n && a[i - 1] <= a[i]; i++)
		;
	if (i >= n)
		return;
	for (i = n / 2; i-- > 0;)
		sift_down(a, i, n);
	for (i = n; i-- > 1;) {
		swap(&a[0], &a[i]);
		sift_down(a, 0, i);
	}
}

static int text_write(void *dst, const void *src, size_t len)
{
	const struct rvt_platform *p = rvt_core.plat;

	if (p->text_write)
		return p->text_write(dst, src, len) ? RVT_EPERM : 0;
	if (len == sizeof(uint32_t))
		*(volatile uint32_t *)dst = *(const uint32_t *)src;
	else
		*(volatile unsigned long *)dst = *(const unsigned long *)src;
	return 0;
}

static int write_word(unsigned long addr, uint32_t insn)
{
	if (text_read(addr) == insn)
		return 0;
	return text_write((void *)addr, &insn, sizeof(insn));
}

static int write_slot(int index, struct rvt_ops *ops)
{
	unsigned long *slot = (unsigned long *)rvt_core.sites[index];
	unsigned long val = (unsigned long)ops;

	if (*(volatile unsigned long *)slot == val)
		return 0;
	return text_write(slot, &val, sizeof(val));
}

static uint32_t jalr_word(unsigned long func)
{
	uint32_t auipc, jalr;

	rvt_insn_call_t0(func, (unsigned long)rvt_caller, &auipc, &jalr);
	return jalr;
}

/* The word at f + 4 in either state. */
static uint32_t switch_word(unsigned long func, bool on)
{
	uint32_t jalr = jalr_word(func);

	return on ? jalr : rvt_insn_jalr_off(jalr);
}

/*
 * Bring site index to on (jalr) or off (its stand-in), with the ops slot (if any)
 * pointing to slot. A hart that sees the jalr must find the slot already set,
 * so the slot goes first when switching on and last when switching off.
 */
int rvt_site_write(int index, bool on, struct rvt_ops *slot)
{
	unsigned long f = site_func(index);
	int ret = 0;

	if (RVT_HAS_SLOT && on) {
		ret = write_slot(index, slot);
		rvt_wmb();
	}
	if (!ret)
		ret = write_word(f + 4, switch_word(f, on));
	if (RVT_HAS_SLOT && !on)
		rvt_wmb();
	if (!ret && RVT_HAS_SLOT && !on)
		ret = write_slot(index, slot);
	return ret;
}

static bool site_is_on(int index)
{
	unsigned long f = site_func(index);

	return text_read(f + 4) == jalr_word(f);
}

/*
 * Store the switch word of a site once more, the same value, after every
 * hart has acknowledged the round. An implementation may keep an instruction
 * whose fetch began before the first store even past fence.i (QEMU's
 * multi-threaded TCG does: it translates concurrently with the store); no
 * fetch that began before the round can still be in progress now, so after
 * this store every hart fetches the new word. A failure changes nothing.
 */
void rvt_site_restore(int index)
{
	unsigned long f = site_func(index);
	uint32_t word = text_read(f + 4);

	text_write((void *)(f + 4), &word, sizeof(word));
}

/* Back to the bytes the compiler emitted. */
static void site_unarm(unsigned long entry)
{
	uint32_t built = BUILT_WORD;
	unsigned long a;

	for (a = entry; a < entry_func(entry) + RVT_SITE_BYTES; a += 4)
		if (text_read(a) != built)
			text_write((void *)a, &built, sizeof(built));
}

static int site_arm(int index)
{
	unsigned long f = site_func(index);
	uint32_t auipc, jalr, off;
	int ret = 0;

	rvt_insn_call_t0(f, (unsigned long)rvt_caller, &auipc, &jalr);
	off = rvt_insn_jalr_off(jalr);
	if (RVT_HAS_SLOT)
		ret = write_slot(index, &rvt_stub_ops);
	if (!ret)
		ret = text_write((void *)(f + 4), &off, sizeof(off));
	if (!ret)
		ret = text_write((void *)f, &auipc, sizeof(auipc));
	return ret;
}

/*
 * Sort usable entries to the front in address order and refused ones behind
 * them, then arm the usable ones (auipc t0 + the jalr's stand-in). Only the
 * boot hart runs instrumented code now, so the 8 bytes of a site may be
 * written in two stores.
 */
int rvt_sites_arm(void)
{
	unsigned long *tab = __rvt_sites_start;
	int n = (int)(__rvt_sites_end - __rvt_sites_start);
	int usable = 0, i, ret;

	/* A linker script that reserved too little would let us overwrite RAM. */
	if (__rvt_site_state_end - __rvt_site_state < n)
		return RVT_ENOSPC;
	for (i = 0; i < n; i++)
		if (entry_usable(tab[i]))
			swap(&tab[usable++], &tab[i]);
	sort_entries(tab, (size_t)usable);

	rvt_core.sites = tab;
	rvt_core.state = __rvt_site_state;
	rvt_core.nr_sites = usable;
	rvt_core.nr_refused = n - usable;
	for (i = 0; i < n; i++)
		rvt_core.state[i] = 0;

	for (i = 0; i < usable; i++) {
		ret = site_arm(i);
		if (ret) {
			while (i >= 0)
				site_unarm(tab[i--]);
			rvt_fence_i();
			return ret;
		}
	}
	rvt_fence_i();
	return usable;
}

int rvt_site_count(void)
{
	return rvt_ready() ? rvt_core.nr_sites : RVT_EPERM;
}

int rvt_site_index(const void *func)
{
	unsigned long f = (unsigned long)func;
	int lo = 0, hi;

	if (!rvt_ready())
		return RVT_EPERM;
	hi = rvt_core.nr_sites;
	while (lo < hi) {
		int mid = lo + (hi - lo) / 2;
		unsigned long m = site_func(mid);

		if (m == f)
			return mid;
		if (m < f)
			lo = mid + 1;
		else
			hi = mid;
	}
	return RVT_ENOENT;
}

unsigned long rvt_site_func(int index)
{
	if (!rvt_ready() || index < 0 || index >= rvt_core.nr_sites)
		return 0;
	return site_func(index);
}

int rvt_site_refused_count(void)
{
	return rvt_ready() ? rvt_core.nr_refused : RVT_EPERM;
}

unsigned long rvt_site_refused(int n)
{
	if (!rvt_ready() || n < 0 || n >= rvt_core.nr_refused)
		return 0;
	return rvt_core.sites[rvt_core.nr_sites + n];
}

int rvt_site_enabled(const void *func)
{
	int index = rvt_site_index(func);

	return index < 0 ? index : site_is_on(index);
}
