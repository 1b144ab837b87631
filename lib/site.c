// SPDX-License-Identifier: BSD-2-Clause
/*
 * The site table: validation and arming at start-up, look-ups, and the one
 * write that switches a site afterwards, made only to a site that still
 * holds what rvtrace wrote there.
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

/*
 * rvt_site_foreign(): the last site found holding a word rvtrace did not
 * write, and how many were found. Reset by rvt_sites_arm(), not by .bss.
 * foreign_addr and foreign_val are the finding still standing (addr 0: none),
 * so that a retry of the same site (the undo of a refused batch) does not
 * count the same word again. Written under the lock only.
 */
static unsigned long foreign_func, foreign_count;
static unsigned long foreign_addr, foreign_val;

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
	return rvt_site_addr(index);
}

static bool entry_usable(unsigned long entry)
{
	unsigned long end = entry_func(entry) + RVT_SITE_BYTES;
	unsigned long a;

	if (entry % ENTRY_ALIGN)
		return false;
	for (a = entry; a < end; a += 4)
		if (text_read(a) != BUILT_WORD)
			return false;
	return rvt_insn_pair_reaches((long)((unsigned long)rvt_caller -
					    entry_func(entry)));
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

/* The platform's writer for write-protected text, or NULL: plain stores. */
typedef int (*text_writer_t)(void *dst, const void *src, size_t len);

/* One aligned store of len bytes (4, or a slot's) of val at addr. */
static int text_store(text_writer_t write, unsigned long addr,
		      unsigned long val, size_t len)
{
	if (write) {
		uint32_t word = (uint32_t)val;
		const void *src = len == sizeof(word) ? (const void *)&word :
							(const void *)&val;

		return write((void *)addr, src, len) ? RVT_EPERM : 0;
	}
	if (len == sizeof(uint32_t))
		*(volatile uint32_t *)addr = (uint32_t)val;
	else
		*(volatile unsigned long *)addr = val;
	return 0;
}

static int text_write(unsigned long addr, unsigned long val, size_t len)
{
	return text_store(rvt_core.plat->text_write, addr, val, len);
}

static unsigned long slot_read(int index)
{
	return *(volatile const unsigned long *)rvt_core.sites[index];
}

static int write_slot(text_writer_t write, int index, struct rvt_ops *ops)
{
	unsigned long val = rvt_slot_word(ops);

	if (slot_read(index) == val)
		return 0;
	return text_store(write, rvt_core.sites[index], val, sizeof(val));
}

/* What rvtrace writes at a site: f + 0, and f + 4 in either state. */
struct site_insns {
	uint32_t auipc;
	uint32_t on;	/* jalr t0, lo12(t0) */
	uint32_t off;	/* its stand-in */
};

/* Only for sites rvt_sites_arm() accepted: they are in reach. */
static void site_insns(unsigned long func, struct site_insns *w)
{
	rvt_insn_call_t0_near(func, (unsigned long)rvt_caller, &w->auipc,
			      &w->on);
	w->off = rvt_insn_jalr_off(w->on);
}

/*
 * What the words of the site at func say: on (1), off (0), or RVT_EFAULT
 * with *addr and *val the first word that is neither. Whole 32-bit words: a
 * debugger's c.ebreak replaces only the low halfword of the jalr, which is
 * the half that the stand-in does not share.
 */
static int site_words(unsigned long func, const struct site_insns *w,
		      unsigned long *addr, unsigned long *val)
{
	uint32_t word;

	*addr = func;
	*val = word = text_read(func);
	if (word != w->auipc)
		return RVT_EFAULT;
	*addr = func + 4;
	*val = word = text_read(func + 4);
	if (word == w->on)
		return 1;
	if (word == w->off)
		return 0;
	return RVT_EFAULT;
}

/*
 * The slot is data, not an instruction; it only has to be something the
 * trampoline can follow. rvtrace writes &rvt_stub_ops, &rvt_list_ops, a
 * hook or a hook's fast entry there; which one depends on hooks that may be
 * leaving the list, so only the shape is checked: a non-null pointer
 * aligned for struct rvt_ops, or a tagged fast entry. The NOPs of a build
 * or an instruction stored there fail it as a rule.
 */
static bool slot_sane(unsigned long val)
{
	unsigned long built = BUILT_WORD;

	if (sizeof(val) > sizeof(uint32_t))
		built |= built << 16 << 16;
	if (val & RVT_SLOT_FAST)
		return val != RVT_SLOT_FAST && val != built;
	return val && !(val % __alignof__(struct rvt_ops));
}

static int report_foreign(unsigned long func, unsigned long addr,
			  unsigned long val)
{
	if (addr != foreign_addr || val != foreign_val) {
		__atomic_store_n(&foreign_func, func, __ATOMIC_RELAXED);
		__atomic_store_n(&foreign_count, foreign_count + 1,
				 __ATOMIC_RELAXED);
		foreign_addr = addr;
		foreign_val = val;
	}
	return RVT_EFAULT;
}

/*
 * Before a write: the site must hold what rvtrace wrote there, in state want
 * (0 or 1) or in either (-1), and with check_slot a sane ops slot. Returns the
 * state found (0 off, 1 on). A site that does not is reported and RVT_EFAULT
 * returned; the caller writes nothing to it.
 */
static int site_check(int index, const struct site_insns *w, int want,
		      bool check_slot)
{
	unsigned long f = site_func(index), addr, val;
	int state = site_words(f, w, &addr, &val);

	/* Off where rvtrace left it on (or the reverse): *addr is f + 4. */
	if (state >= 0 && want >= 0 && state != want)
		state = RVT_EFAULT;
	if (state >= 0 && RVT_HAS_SLOT && check_slot) {
		addr = rvt_core.sites[index];
		val = slot_read(index);
		if (!slot_sane(val))
			state = RVT_EFAULT;
	}
	if (state < 0)
		return report_foreign(f, addr, val);
	/* As rvtrace wrote it: a foreign word here later is a new finding. */
	if (foreign_addr && foreign_addr >= f - RVT_SLOT_BYTES &&
	    foreign_addr < f + RVT_SITE_BYTES)
		foreign_addr = 0;
	return state;
}

/*
 * Bring site index to on (jalr) or off (its stand-in), with the ops slot (if any)
 * pointing to slot. A hart that sees the jalr must find the slot already set,
 * so the slot goes first when switching on and last when switching off.
 * Nothing is written to a site that holds a foreign word (RVT_EFAULT).
 * Inlined into the batch loop: this is the whole per-site cost of patching.
 */
static inline __attribute__((always_inline)) int
site_switch(text_writer_t write, int index, bool on, struct rvt_ops *slot)
{
	unsigned long f = site_func(index);
	struct site_insns w;
	int state, ret = 0;

	site_insns(f, &w);
	state = site_check(index, &w, -1, true);
	if (state < 0)
		return state;
	if (RVT_HAS_SLOT && on) {
		ret = write_slot(write, index, slot);
		rvt_wmb();
	}
	if (!ret && state != on)
		ret = text_store(write, f + 4, on ? w.on : w.off,
				 sizeof(uint32_t));
	if (RVT_HAS_SLOT && !on)
		rvt_wmb();
	if (!ret && RVT_HAS_SLOT && !on)
		ret = write_slot(write, index, slot);
	return ret;
}

int rvt_site_write(int index, bool on, struct rvt_ops *slot)
{
	return site_switch(rvt_core.plat->text_write, index, on, slot);
}

int rvt_sites_apply(int delta, struct rvt_ops *(*slot_of)(int index),
		    bool *text, int *err)
{
	text_writer_t write = rvt_core.plat->text_write;
	rvt_site_state_t *state = rvt_core.state;
	int i, n = rvt_core.nr_sites;
	bool changed = false;

	for (i = 0; i < n; i++) {
		rvt_site_state_t was = state[i];
		rvt_site_state_t now = (rvt_site_state_t)(was + delta);
		bool on = now & RVT_SITE_USERS;
		int ret;

		if (!(was & RVT_SITE_MARK))
			continue;
		state[i] = now;
		ret = site_switch(write, i, on, RVT_HAS_SLOT ? slot_of(i) : NULL);
		if (ret) {
			/* Refused before any write: nothing there to undo. */
			if (ret == RVT_EFAULT)
				state[i] = (rvt_site_state_t)
					(was & ~RVT_SITE_MARK);
			*text = changed;
			*err = ret;
			return i;
		}
		changed |= on != !!(was & RVT_SITE_USERS);
	}
	*text = changed;
	return -1;
}

/*
 * Store the switch word of a site once more, the same value, after every
 * hart has acknowledged the round. An implementation may keep an instruction
 * whose fetch began before the first store even past fence.i (QEMU's
 * multi-threaded TCG does: it translates concurrently with the store); no
 * fetch that began before the round can still be in progress now, so after
 * this store every hart fetches the new word. A failure changes nothing.
 * Only the word rvtrace wrote (on says which) is stored again; a foreign
 * word that arrived meanwhile stays, and is reported.
 */
static inline __attribute__((always_inline)) void
site_restore(text_writer_t write, int index, bool on)
{
	unsigned long f = site_func(index);
	struct site_insns w;
	uint32_t want;

	site_insns(f, &w);
	want = on ? w.on : w.off;
	/* The store repeats the word found: checking that word is enough. */
	if (text_read(f + 4) == want)
		text_store(write, f + 4, want, sizeof(want));
	else
		site_check(index, &w, on, false);
}

void rvt_sites_settle(int delta)
{
	const rvt_site_state_t flipped = RVT_SITE_MARK | (delta > 0 ? 1 : 0);
	text_writer_t write = rvt_core.plat->text_write;
	rvt_site_state_t *state = rvt_core.state;
	int i, n = rvt_core.nr_sites;

	for (i = 0; i < n; i++) {
		rvt_site_state_t st = state[i];

		if (!(st & RVT_SITE_MARK))
			continue;
		state[i] = (rvt_site_state_t)(st & ~RVT_SITE_MARK);
		if ((st & (RVT_SITE_MARK | RVT_SITE_USERS)) == flipped)
			site_restore(write, i, delta > 0);
	}
}

/* Back to the bytes the compiler emitted. */
static void site_unarm(unsigned long entry)
{
	uint32_t built = BUILT_WORD;
	unsigned long a;

	for (a = entry; a < entry_func(entry) + RVT_SITE_BYTES; a += 4)
		if (text_read(a) != built)
			text_write(a, built, sizeof(built));
}

static int site_arm(int index)
{
	unsigned long f = site_func(index);
	struct site_insns w;
	int ret = 0;

	site_insns(f, &w);
	if (RVT_HAS_SLOT)
		ret = write_slot(rvt_core.plat->text_write, index,
				 &rvt_stub_ops);
	if (!ret)
		ret = text_write(f + 4, w.off, sizeof(w.off));
	if (!ret)
		ret = text_write(f, w.auipc, sizeof(w.auipc));
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

	foreign_func = 0;
	foreign_count = 0;
	foreign_addr = 0;
	foreign_val = 0;
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
	unsigned long addr, val;
	struct site_insns w;

	if (index < 0)
		return index;
	/* Only a look: a refused write reports, this does not. */
	site_insns((unsigned long)func, &w);
	return site_words((unsigned long)func, &w, &addr, &val);
}

unsigned long rvt_site_foreign(void)
{
	if (!rvt_ready())
		return 0;
	return __atomic_load_n(&foreign_func, __ATOMIC_RELAXED);
}

unsigned long rvt_site_foreign_count(void)
{
	if (!rvt_ready())
		return 0;
	return __atomic_load_n(&foreign_count, __ATOMIC_RELAXED);
}
