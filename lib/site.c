// SPDX-License-Identifier: BSD-2-Clause
/*
 * The site table: validation and arming at start-up, look-ups, and the one
 * write that switches a site afterwards, made only to a site that still
 * holds what rvtrace wrote there.
 */
#include "internal.h"
#include "insn.h"

/*
 * Defined by linker/rvtrace.ld, or by rvtrace_rodata.ld and rvtrace_bss.ld:
 * [__rvt_sites_start, __rvt_sites_ro_end) is the part of the table that
 * rvt_init() must not write (all of it, or none).
 */
extern unsigned long __rvt_sites_start[];
extern unsigned long __rvt_sites_end[];
extern const unsigned long __rvt_sites_ro_end[];
extern rvt_site_state_t __rvt_site_state[];
extern rvt_site_state_t __rvt_site_state_end[];

/*
 * How wide an entry of the table is, as an absolute symbol: rvtrace_bss.ld
 * sizes the state from it, wherever the firmware put the table.
 */
#define ENTRY_SIZE_STR(n)	#n
#define ENTRY_SIZE(n)		ENTRY_SIZE_STR(n)
__asm__(".globl __rvt_site_entry_size\n"
	".equ __rvt_site_entry_size, " ENTRY_SIZE(__SIZEOF_POINTER__) "\n");

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
	return rvt_insn_pair_reaches((long)(rvt_core.caller -
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

/* After a partition, usable entries nearly always stay in address order. */
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

/*
 * Whether the table already is as rvt_sites_arm() leaves it, the usable
 * entries first and in address order (*usable: how many): link order
 * nearly always is (the compiler links each entry to its function's
 * section), so the table is written only when it is not, and may then stay
 * in read-only memory. Stops at the first entry out of order.
 */
static bool table_in_order(const unsigned long *tab, int n, int *usable)
{
	int i, u = 0;

	for (i = 0; i < n; i++) {
		if (!entry_usable(tab[i]))
			continue;
		if (u != i || (u && tab[u - 1] > tab[i]))
			return false;
		u++;
	}
	*usable = u;
	return true;
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

/*
 * What the words of the site at func say: on (1), off (0), or RVT_EFAULT
 * with *addr and *val the first word that is not rvtrace's; else *addr
 * and *val are the switch word. Every bit of both words is checked (auipc
 * t0, then jalr t0, lo12(t0) or its stand-in, going to the trampoline:
 * rvt_insn_site_is()) without encoding them: a switch only flips
 * RVT_INSN_SWITCH_FLIP. A debugger's ebreak, or its c.ebreak at f, f + 2,
 * f + 4 or f + 6, fails it.
 */
static int site_words(unsigned long func, unsigned long *addr,
		      unsigned long *val)
{
	unsigned long to = rvt_core.caller;
	uint32_t auipc = text_read(func), word = text_read(func + 4);
	uint32_t built_auipc, built_jalr;

	*addr = func + 4;
	*val = word;
	if (rvt_insn_site_is(func, to, auipc, word, RVT_INSN_JALR_T0))
		return 1;
	if (rvt_insn_site_is(func, to, auipc, word, RVT_INSN_STANDIN_T0))
		return 0;
	/* Which word it is: only here are the words encoded again. */
	rvt_insn_call_t0_near(func, to, &built_auipc, &built_jalr);
	if (auipc != built_auipc) {
		*addr = func;
		*val = auipc;
	}
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

/* The site at f holds rvtrace's words: a foreign word there later is new. */
static void forget_finding(unsigned long f)
{
	if (foreign_addr && foreign_addr >= f - RVT_SLOT_BYTES &&
	    foreign_addr < f + RVT_SITE_BYTES)
		foreign_addr = 0;
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
 * state found (0 off, 1 on), with *word the switch word. A site that does
 * not is reported and RVT_EFAULT returned; the caller writes nothing to it.
 */
static int site_check(int index, int want, bool check_slot, uint32_t *word)
{
	unsigned long f = site_func(index), addr, val;
	int state = site_words(f, &addr, &val);

	*word = (uint32_t)val;

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
	forget_finding(f);
	return state;
}

/*
 * The batch's switch of a site without a slot, from the state it is in to
 * on: both words checked (fixed bits, target) and the switch word flipped,
 * nothing re-encoded. Anything unexpected goes to site_check(), which
 * reports a foreign word, or finds the site switched already.
 */
static inline __attribute__((always_inline)) int
site_flip(text_writer_t write, int index, unsigned long f, bool on,
	  bool finding)
{
	uint32_t auipc = text_read(f), word = text_read(f + 4);
	int state;

	if (!rvt_insn_site_is(f, rvt_core.caller, auipc, word,
			      on ? RVT_INSN_STANDIN_T0 : RVT_INSN_JALR_T0)) {
		uint32_t found;

		state = site_check(index, -1, false, &found);
		return state < 0 ? state : 0;
	}
	if (finding)
		forget_finding(f);
	return text_store(write, f + 4, word ^ RVT_INSN_SWITCH_FLIP,
			  sizeof(word));
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
	uint32_t word;
	int state, ret = 0;

	state = site_check(index, -1, true, &word);
	if (state < 0)
		return state;
	if (RVT_HAS_SLOT && on) {
		ret = write_slot(write, index, slot);
		rvt_wmb();
	}
	if (!ret && state != on)
		ret = text_store(write, f + 4, word ^ RVT_INSN_SWITCH_FLIP,
				 sizeof(word));
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

/*
 * One site of the batch's common case (below): 1 if its switch word
 * flipped, 0 if it needed no write, -1 if it is not as rvtrace wrote it
 * (nothing written). A selected site is expected to flip: a batch switches
 * sites that had no hooks or keep none.
 */
static inline __attribute__((always_inline)) int
site_flip_plain(const int delta, rvt_site_state_t sel, rvt_site_state_t *s,
		const unsigned long *entry, unsigned long to, uint32_t from_top)
{
	/* A selected site whose count crosses 0: the one that flips. */
	const unsigned int flips = sel | (delta > 0 ? 0 : 1);
	unsigned int was = *s;
	int flipped = 0;

	if (__builtin_expect((was & (RVT_SITE_MARK | RVT_SITE_USERS)) == flips,
			     1)) {
		unsigned long f = *entry;
		/* Plain loads (under the lock, nothing else writes text). */
		uint32_t auipc = *(const uint32_t *)f;
		uint32_t word = *(const uint32_t *)(f + 4);

		if (!rvt_insn_site_is_top(f, to, auipc, word, from_top))
			return -1;
		*(volatile uint32_t *)(f + 4) = word ^ RVT_INSN_SWITCH_FLIP;
		flipped = 1;
	} else if ((was & RVT_SITE_MARK) != sel) {
		return 0;
	}
	*s = (rvt_site_state_t)(was + (unsigned int)delta);
	return flipped;
}

/*
 * The batch's common case, from site 0: no slot, no platform writer (plain
 * stores) and no foreign word standing. It calls nothing, so the loop
 * keeps everything in registers, walking the state and the table with
 * pointers; the loop after the first flip need not note the next ones.
 * Returns where it stopped: n, or a site that is not as rvtrace wrote it,
 * which the general loop then reports.
 */
static inline __attribute__((always_inline)) int
sites_flip_plain(const int delta, rvt_site_state_t sel, bool *changed)
{
	rvt_site_state_t *const state = rvt_core.state;
	rvt_site_state_t *s = state, *const end = state + rvt_core.nr_sites;
	const unsigned long *entry = rvt_core.sites;
	const unsigned long to = rvt_core.caller;
	uint32_t from_top = RVT_INSN_SWITCH_TOP(delta > 0 ? RVT_INSN_STANDIN_T0 :
							    RVT_INSN_JALR_T0);
	int ret = 0;

	/* Opaque, so that GCC keeps it in a register, not built per site. */
	__asm__("" : "+r"(from_top));
	for (; s != end && !ret; s++, entry++) {
		ret = site_flip_plain(delta, sel, s, entry, to, from_top);
		if (ret < 0)
			return (int)(s - state);
	}
	*changed |= ret > 0;
	for (; s != end; s++, entry++)
		if (site_flip_plain(delta, sel, s, entry, to, from_top) < 0)
			break;
	return (int)(s - state);
}

/* rvt_sites_apply() for one delta, a constant once inlined. */
static inline __attribute__((always_inline)) int
sites_apply(const int delta, rvt_site_state_t sel,
	    struct rvt_ops *(*slot_of)(int index), bool *text, int *last)
{
	text_writer_t write = rvt_core.plat->text_write;
	rvt_site_state_t *state = rvt_core.state;
	const unsigned long *entry = rvt_core.sites;	/* without a slot: f */
	int i = 0, n = rvt_core.nr_sites;
	bool changed = false, finding = foreign_addr != 0;

	if (!RVT_HAS_SLOT && !write && !finding)
		i = sites_flip_plain(delta, sel, &changed);
	for (; i < n; i++) {
		unsigned int was = state[i];
		/* Counts move by one: a site switches from 0 hooks or to 0. */
		bool flips = (was & RVT_SITE_USERS) == (delta > 0 ? 0 : 1);
		bool on = delta > 0 || !flips;
		int ret;

		if ((was & RVT_SITE_MARK) != sel)
			continue;
		state[i] = (rvt_site_state_t)(was + (unsigned int)delta);
		/* Without a slot, a site that stays as it is is not touched. */
		if (!RVT_HAS_SLOT && !flips)
			continue;
		if (RVT_HAS_SLOT)
			ret = site_switch(write, i, on, slot_of(i));
		else
			ret = site_flip(write, i, entry[i], on, finding);
		if (ret) {
			/* Refused before any write: nothing there to undo. */
			if (ret == RVT_EFAULT)
				state[i] = was;
			*last = ret == RVT_EFAULT ? i - 1 : i;
			*text = changed;
			return ret;
		}
		changed |= flips;
	}
	*text = changed;
	return 0;
}

int rvt_sites_apply(int delta, rvt_site_state_t sel,
		    struct rvt_ops *(*slot_of)(int index), bool *text,
		    int *last)
{
	if (delta > 0)
		return sites_apply(1, sel, slot_of, text, last);
	return sites_apply(-1, sel, slot_of, text, last);
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
site_restore(text_writer_t write, int index, unsigned long f, bool on)
{
	uint32_t word = text_read(f + 4);

	/* The store repeats the word found, if it is the one rvtrace wrote. */
	if (rvt_insn_site_is(f, rvt_core.caller, text_read(f), word,
			     on ? RVT_INSN_JALR_T0 : RVT_INSN_STANDIN_T0))
		text_store(write, f + 4, word, sizeof(word));
	else
		site_check(index, on, false, &word);
}

void rvt_sites_settle(int delta, rvt_site_state_t sel)
{
	const rvt_site_state_t flipped = sel | (delta > 0 ? 1 : 0);
	text_writer_t write = rvt_core.plat->text_write;
	const rvt_site_state_t *state = rvt_core.state;
	const unsigned long *entry = rvt_core.sites;
	int i, n = rvt_core.nr_sites;

	if (!(rvt_core.plat->quirks & RVT_PLAT_QUIRK_REFETCH))
		return;
	for (i = 0; i < n; i++)
		if ((state[i] & (RVT_SITE_MARK | RVT_SITE_USERS)) == flipped)
			site_restore(write, i, entry[i] + RVT_SLOT_BYTES,
				     delta > 0);
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
	uint32_t auipc, jalr;
	int ret = 0;

	rvt_insn_call_t0_near(f, rvt_core.caller, &auipc, &jalr);
	if (RVT_HAS_SLOT)
		ret = write_slot(rvt_core.plat->text_write, index,
				 &rvt_stub_ops);
	if (!ret)
		ret = text_write(f + 4, rvt_insn_jalr_off(jalr), sizeof(jalr));
	if (!ret)
		ret = text_write(f, auipc, sizeof(auipc));
	return ret;
}

/*
 * Sort usable entries to the front in address order and refused ones behind
 * them, unless they are already (a read-only table must be: RVT_EROFS, with
 * nothing written), then arm the usable ones (auipc t0 + the jalr's
 * stand-in). Only the boot hart runs instrumented code now, so the 8 bytes
 * of a site may be written in two stores.
 */
int rvt_sites_arm(void)
{
	unsigned long *tab = __rvt_sites_start;
	int n = (int)(__rvt_sites_end - __rvt_sites_start);
	bool readonly = __rvt_sites_ro_end - __rvt_sites_start != 0;
	int usable, i, ret;

	foreign_func = 0;
	foreign_count = 0;
	foreign_addr = 0;
	foreign_val = 0;
	/* A linker script that reserved too little would let us overwrite RAM. */
	if (__rvt_site_state_end - __rvt_site_state < n)
		return RVT_ENOSPC;
	if (!table_in_order(tab, n, &usable)) {
		if (readonly)
			return RVT_EROFS;
		for (usable = 0, i = 0; i < n; i++)
			if (entry_usable(tab[i]))
				swap(&tab[usable++], &tab[i]);
		sort_entries(tab, (size_t)usable);
	}

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

	if (index < 0)
		return index;
	/* Only a look: a refused write reports, this does not. */
	return site_words((unsigned long)func, &addr, &val);
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
