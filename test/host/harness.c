// SPDX-License-Identifier: BSD-2-Clause
/*
 * The host harness of harness.h: fake text, platform, hooks, model and
 * snapshots around the real lib/ core.
 */
#include <string.h>

#include "harness.h"

/* --- The fake text segment ----------------------------------------------- */

uint32_t fake_text[TEXT_WORDS] __attribute__((aligned(64)));
uint32_t initial_text[TEXT_WORDS];
uint32_t armed_text[TEXT_WORDS];

__attribute__((used, aligned(8))) unsigned long rvt_test_table[NR_ENTRIES];
__attribute__((used)) rvt_site_state_t __rvt_site_state[NR_ENTRIES];
#define STR_(x)	#x
#define STR(x)	STR_(x)
__asm__(".globl __rvt_site_state_end\n\t"
	".set __rvt_site_state_end, __rvt_site_state + " STR(NR_ENTRIES) " * 2\n\t"
	".globl __rvt_sites_start\n\t"
	".set __rvt_sites_start, rvt_test_table\n\t"
	".globl __rvt_sites_end\n\t"
	".set __rvt_sites_end, rvt_test_table + " STR(NR_ENTRIES) " * 8\n\t"
	/* Writable, so rvt_init() sorts it (table_order); or read-only. */
	".globl __rvt_sites_ro_end\n\t"
#ifdef RVT_TEST_TABLE_RO
	".set __rvt_sites_ro_end, rvt_test_table + " STR(NR_ENTRIES) " * 8\n\t"
#else
	".set __rvt_sites_ro_end, rvt_test_table\n\t"
#endif
	/* No embedded names, no build-id note (the dumps' header). */
	".globl __rvt_names_start\n\t"
	".set __rvt_names_start, rvt_test_table\n\t"
	".globl __rvt_names_end\n\t"
	".set __rvt_names_end, rvt_test_table\n\t"
	".globl __rvt_build_id_start\n\t"
	".set __rvt_build_id_start, rvt_test_table\n\t"
	".globl __rvt_build_id_end\n\t"
	".set __rvt_build_id_end, rvt_test_table\n");

/* Only its address matters: it is where every jalr must lead. */
void rvt_caller(void)
{
}

/* The platform here has no RVT_PLAT_FAST_MHARTID: never the sites' call. */
void rvt_caller_mhartid(void)
{
}

/* Nor the walker's entry from it. */
void rvt_walk_straight(void)
{
}

/* Likewise the graph tracer's return trampoline. */
void rvt_graph_return(void)
{
}

/* The assembly recorders: the host platform never lets them run. */
void rvt_ftrace_record(void)
{
}

void rvt_ftrace_record_args(void)
{
}

void rvt_graph_record(void)
{
}

void rvt_graph_record_args(void)
{
}

void rvt_profile_record(void)
{
}

const int table_order[NR_ENTRIES] = {
	5, FN_BAD_WORD0, 2, 7, FN_MISALIGNED, 0, 1, FN_BAD_WORD1, 6, FN_ODD,
	3, 4,
};

unsigned long entry_of(int i)
{
	unsigned long e = F(i) - SLOT;

	if (i == FN_MISALIGNED)
		return e + 2;
	if (HAS_SLOT && i == FN_ODD)
		return e + 4;
	return e;
}

void ref_pair(unsigned long f, uint32_t *auipc, uint32_t *jalr)
{
	long off = (long)((unsigned long)rvt_caller - f);
	long hi = (off + 0x800) >> 12;
	long lo = off - hi * 4096;

	*auipc = ((uint32_t)hi << 12) | (RVT_REG_T0 << 7) | 0x17u;
	*jalr = ((uint32_t)lo << 20) | (RVT_REG_T0 << 15) | (RVT_REG_T0 << 7) |
		0x67u;
}

/*
 * The slot names the site's hook; a DIRECT hook without func is named by
 * its trampoline with bit 0 set, which the trampoline enters at once.
 */
static void put_slot(uint32_t *img, int i, const struct rvt_ops *ops)
{
	unsigned long v = (unsigned long)ops;

	if (!ops->func && (ops->flags & RVT_OPS_FL_DIRECT))
		v = ops->core.direct | 1;

	memcpy(&img[fn_word(i) - 2], &v, sizeof(v));
}

void prepare(void)
{
	size_t w;
	int i;

	for (w = 0; w < TEXT_WORDS; w++)
		initial_text[w] = 0xc0de0000u | (uint32_t)w;
	for (i = 0; i < NR_FN; i++) {
		if (HAS_SLOT) {
			initial_text[fn_word(i) - 2] = NOP;
			initial_text[fn_word(i) - 1] = NOP;
		}
		initial_text[fn_word(i)] = NOP;
		initial_text[fn_word(i) + 1] = NOP;
	}
	initial_text[fn_word(FN_BAD_WORD0)] = C_NOP2;
	initial_text[fn_word(FN_BAD_WORD1) + 1] = C_NOP2;
	/*
	 * Read from the misaligned entry, 2 bytes in, these words are all
	 * NOPs (13 00 00 00 ...): only the alignment check can refuse it.
	 */
	for (w = fn_word(FN_MISALIGNED) - SLOT / 4;
	     w < fn_word(FN_MISALIGNED) + 2; w++)
		initial_text[w] = NOP << 16;
	initial_text[w] = 0;
	if (HAS_SLOT)
		/* 4-byte aligned but not 8: all NOPs, refused for alignment. */
		initial_text[fn_word(FN_ODD) + 2] = NOP;
	else
		/* One NOP and then code: a =1 build. */
		initial_text[fn_word(FN_ODD) + 1] = RET;
	memcpy(fake_text, initial_text, sizeof(fake_text));

	memcpy(armed_text, initial_text, sizeof(armed_text));
	for (i = 0; i < NR_GOOD; i++) {
		uint32_t auipc, jalr;

		ref_pair(F(i), &auipc, &jalr);
		armed_text[fn_word(i)] = auipc;
		armed_text[fn_word(i) + 1] = OFF(jalr);
		if (HAS_SLOT)
			put_slot(armed_text, i, &rvt_stub_ops);
	}

	for (i = 0; i < NR_ENTRIES; i++)
		rvt_test_table[i] = entry_of(table_order[i]);
}

bool text_armed(void)
{
	return !memcmp(fake_text, armed_text, sizeof(fake_text));
}

void expect_text(const uint32_t *want)
{
	size_t w;

	for (w = 0; w < TEXT_WORDS; w++)
		if (fake_text[w] != want[w])
			fail_msg("text word %zu (function %zu, word %d): %#010x, "
				 "expected %#010x", w, w / FN_WORDS,
				 (int)(w % FN_WORDS) - SITE_WORD,
				 (unsigned int)fake_text[w],
				 (unsigned int)want[w]);
}

/* --- The platform -------------------------------------------------------- */

unsigned int cur_hart;
unsigned long fence_i[HART_SLOTS];
unsigned long ipis[NR_HARTS], ipis_handled[NR_HARTS];
bool ipi_fails[NR_HARTS];
unsigned long ipi_deaf[NR_HARTS];
uint64_t test_ticks;
unsigned long write_calls;
unsigned long fail_at;
unsigned long bad_writes;

void rvt_test_fence_i(void)
{
	fence_i[cur_hart < HART_SLOTS ? cur_hart : HART_SLOTS - 1]++;
}

static unsigned int test_hart_index(void)
{
	return cur_hart;
}

void (*before_ipi)(unsigned int hart);

/* The interrupt is taken at once by the target "hart". */
static int test_send_ipi(unsigned int hart)
{
	unsigned int self = cur_hart;

	if (hart >= NR_HARTS)
		return -1;
	ipis[hart]++;
	if (ipi_fails[hart])
		return -1;
	if (before_ipi)
		before_ipi(hart);
	if (ipi_deaf[hart]) {
		if (ipi_deaf[hart] != ~0ul)
			ipi_deaf[hart]--;
		return 0;
	}
	cur_hart = hart;
	if (rvt_handle_ipi())
		ipis_handled[hart]++;
	cur_hart = self;
	return 0;
}

uint64_t test_clock(void)
{
	return ++test_ticks;
}

/* Only the words of a valid site (and its slot) may ever be written. */
static bool write_allowed(unsigned long a, size_t len)
{
	int i;

	if (!(len == 4 || (HAS_SLOT && len == sizeof(unsigned long))) || a % len)
		return false;
	for (i = 0; i < NR_GOOD; i++)
		if (a >= F(i) - SLOT && a + len <= F(i) + 8)
			return true;
	return false;
}

static int test_text_write(void *dst, const void *src, size_t len)
{
	if (++write_calls == fail_at)
		return -1;
	if (!write_allowed((unsigned long)dst, len)) {
		bad_writes++;
		return 0;
	}
	memcpy(dst, src, len);
	return 0;
}

/* One thread runs every hart: there is nothing to mask. */
static unsigned long test_irq_save(void)
{
	return 0;
}

static void test_irq_restore(unsigned long flags)
{
	(void)flags;
}

const struct rvt_platform plat = {
	.name = "host",
	.nr_harts = NR_HARTS,
	.hart_index = test_hart_index,
	.send_ipi = test_send_ipi,
	.irq_save = test_irq_save,
	.irq_restore = test_irq_restore,
	.text_write = test_text_write,
};

/* The platform runs every hart's calls on this thread: switch for one. */
static void as_hart(unsigned int hart, void (*fn)(void))
{
	unsigned int self = cur_hart;

	cur_hart = hart;
	fn();
	cur_hart = self;
}

void hart_online(unsigned int hart)
{
	as_hart(hart, rvt_hart_online);
}

void hart_offline(unsigned int hart)
{
	unsigned int self = cur_hart;

	cur_hart = hart;
	rvt_hart_offline();
	cur_hart = self;
}

/* --- Hooks and the model ------------------------------------------------- */

struct hook hk[NR_HOOKS];
struct call calls[64];
int nr_calls;
struct rvt_ops *model[NR_HOOKS];
int nr_model;

void hook_func(unsigned long ip, unsigned long parent_ip, struct rvt_ops *ops,
	       struct rvt_regs *regs)
{
	struct hook *h = (struct hook *)ops;

	if (nr_calls < (int)ARRAY_SIZE(calls))
		calls[nr_calls] = (struct call){ ip, parent_ip, ops, regs };
	nr_calls++;
	if (h->action) {
		h->depth++;
		h->action(h, ip, regs);
		h->depth--;
	}
}

/* An IPMODIFY hook's action: continue at h->new_ip. */
void move_ip(struct hook *h, unsigned long ip, struct rvt_regs *regs)
{
	(void)ip;
	rvt_regs_set_ip(regs, h->new_ip);
}

/* Copies the numbered functions into set; returns how many. */
static size_t fill_set(const void **set, const int *fns)
{
	size_t n;

	for (n = 0; fns && fns[n] != END; n++)
		set[n] = FP(fns[n]);
	return n;
}

struct rvt_ops *hook_setup(struct hook *h, unsigned long flags,
			   const int *filter, const int *notrace)
{
	memset(h, 0, sizeof(*h));
	h->ops.func = hook_func;
	h->ops.flags = flags;
	if (filter) {
		h->ops.filter = h->filter;
		h->ops.filter_len = fill_set(h->filter, filter);
	}
	if (notrace) {
		h->ops.notrace = h->notrace;
		h->ops.notrace_len = fill_set(h->notrace, notrace);
	}
	return &h->ops;
}

static bool listed(const void *const *set, size_t len, unsigned long f)
{
	size_t i;

	for (i = 0; set && i < len; i++)
		if ((unsigned long)set[i] == f)
			return true;
	return false;
}

bool model_applies(const struct rvt_ops *ops, unsigned long f)
{
	if (ops->filter && ops->filter_len &&
	    !listed(ops->filter, ops->filter_len, f))
		return false;
	return !listed(ops->notrace, ops->notrace_len, f);
}

static int model_add(int ret, struct rvt_ops *ops)
{
	if (!ret) {
		assert_true(nr_model < (int)ARRAY_SIZE(model));
		model[nr_model++] = ops;
	}
	return ret;
}

static int model_del(int ret, struct rvt_ops *ops)
{
	int i, j;

	for (i = 0; !ret && i < nr_model; i++)
		if (model[i] == ops) {
			for (j = i; j < nr_model - 1; j++)
				model[j] = model[j + 1];
			nr_model--;
			break;
		}
	return ret;
}

int reg(struct rvt_ops *ops)
{
	return model_add(rvt_register(ops), ops);
}

int unreg(struct rvt_ops *ops)
{
	return model_del(rvt_unregister(ops), ops);
}

int reg_direct(struct rvt_ops *ops, unsigned long tramp)
{
	return model_add(rvt_register_direct(ops, tramp), ops);
}

int unreg_direct(struct rvt_ops *ops)
{
	return model_del(rvt_unregister_direct(ops), ops);
}

/* The text the registered hooks (in the model) call for. */
static void expected_text(uint32_t *img)
{
	int i, k;

	memcpy(img, armed_text, sizeof(armed_text));
	for (i = 0; i < NR_GOOD; i++) {
		struct rvt_ops *one = NULL;
		uint32_t auipc, jalr;
		int users = 0;

		for (k = 0; k < nr_model; k++)
			if (model_applies(model[k], F(i))) {
				one = one ? one : model[k];
				users++;
			}
		ref_pair(F(i), &auipc, &jalr);
		if (users)
			img[fn_word(i) + 1] = jalr;
		if (HAS_SLOT)
			put_slot(img, i, users > 1 ? &rvt_list_ops :
					 users ? one : &rvt_stub_ops);
	}
}

/*
 * The text, rvt_site_enabled(), the per-site counts and kinds, the hook list
 * in registration order, the destination, and the ENABLED flags.
 */
void check_model(void)
{
	uint32_t want[TEXT_WORDS];
	struct rvt_ops *o;
	int i, k;

	assert_int_equal(bad_writes, 0);
	expected_text(want);
	expect_text(want);
	for (i = 0; i < NR_GOOD; i++) {
		unsigned int users = 0;
		bool ipmodify = false, direct = false;
		rvt_site_state_t st;

		assert_int_equal(rvt_site_index(FP(i)), i);
		st = rvt_core.state[i];

		for (k = 0; k < nr_model; k++)
			if (model_applies(model[k], F(i))) {
				users++;
				ipmodify |= !!(model[k]->flags &
					       RVT_OPS_FL_IPMODIFY);
				direct |= !!(model[k]->flags &
					     RVT_OPS_FL_DIRECT);
			}
		assert_int_equal(rvt_site_enabled(FP(i)), users > 0);
		assert_int_equal(st & RVT_SITE_USERS, users);
		assert_int_equal(!!(st & RVT_SITE_IPMODIFY), ipmodify);
		assert_int_equal(!!(st & RVT_SITE_DIRECT), direct);
		assert_int_equal(st & RVT_SITE_MARK, 0);
	}
	for (i = NR_GOOD; i < NR_FN; i++)
		assert_int_equal(rvt_site_enabled(FP(i)), RVT_ENOENT);
	for (k = 0, o = rvt_core.ops_list; o; o = o->core.next, k++) {
		assert_true(k < nr_model);
		assert_ptr_equal(o, model[k]);
		assert_true(o->flags & RVT_OPS_FL_ENABLED);
	}
	assert_int_equal(k, nr_model);
	assert_ptr_equal(rvt_core.dest, nr_model > 1 ? &rvt_list_ops :
			 nr_model ? model[0] : &rvt_stub_ops);
}

/* --- Snapshots ----------------------------------------------------------- */

/* The counters of IPI rounds: they move in a batch that is rolled back. */
static void drop_round_counters(struct rvt_core *c)
{
	unsigned int h;

	c->sync_seq = 0;
	c->sync_failures = 0;
	for (h = 0; h < RVT_MAX_HARTS; h++) {
		c->harts[h].ipi_req = 0;
		c->harts[h].ipi_ack = 0;
		c->harts[h].ipi_missed = 0;
	}
}

void snap_ops(struct snapshot *s, struct rvt_ops *const *involved)
{
	struct rvt_ops *o;

	memset(s, 0, sizeof(*s));
	memcpy(s->text, fake_text, sizeof(s->text));
	memcpy(s->table, rvt_test_table, sizeof(s->table));
	memcpy(s->state, __rvt_site_state, sizeof(s->state));
	memcpy(&s->core, &rvt_core, sizeof(s->core));
	drop_round_counters(&s->core);
	s->stub = rvt_stub_ops;
	s->walker = rvt_list_ops;
	for (o = rvt_core.ops_list; o; o = o->core.next, s->nr++)
		if (s->nr < SNAP_OPS) {
			s->list[s->nr] = o;
			s->list_copy[s->nr] = *o;
		}
	for (; involved && *involved; involved++) {
		assert_true(s->nr_involved < SNAP_OPS);
		s->involved[s->nr_involved] = *involved;
		s->involved_copy[s->nr_involved++] = **involved;
	}
}

void snap(struct snapshot *s)
{
	snap_ops(s, NULL);
}

/*
 * Compared member by member where a difference needs a readable message,
 * then in full. Of an involved hook only the caller's part counts: the core
 * may scribble on its private part of a hook that is not registered.
 */
void expect_snap(const struct snapshot *s)
{
	struct snapshot now;
	int i;

	snap_ops(&now, s->involved);
	assert_int_equal(bad_writes, 0);
	expect_text(s->text);
	assert_memory_equal(now.table, s->table, sizeof(s->table));
	assert_memory_equal(now.state, s->state, sizeof(s->state));
	assert_int_equal(now.nr, s->nr);
	assert_memory_equal(now.list, s->list, sizeof(s->list));
	for (i = 0; i < SNAP_OPS; i++)
		assert_int_equal(now.list_copy[i].flags, s->list_copy[i].flags);
	assert_memory_equal(now.list_copy, s->list_copy, sizeof(s->list_copy));
	assert_ptr_equal(now.core.dest, s->core.dest);
	assert_ptr_equal(now.core.ops_list, s->core.ops_list);
	/* An undo waits for callers of what it unlinked: the epoch moves. */
	now.core.qepoch = s->core.qepoch;
	for (i = 0; i < NR_HARTS; i++)
		now.core.harts[i].epoch = s->core.harts[i].epoch;
	now.core.grace_periods = s->core.grace_periods;
	assert_memory_equal(&now.core, &s->core, sizeof(s->core));
	assert_memory_equal(&now.stub, &s->stub, sizeof(s->stub));
	assert_memory_equal(&now.walker, &s->walker, sizeof(s->walker));
	for (i = 0; i < s->nr_involved; i++) {
		assert_int_equal(now.involved_copy[i].flags,
				 s->involved_copy[i].flags);
		assert_memory_equal(&now.involved_copy[i], &s->involved_copy[i],
				    offsetof(struct rvt_ops, core));
	}
}

/* --- Calls --------------------------------------------------------------- */

void dispatch_at(unsigned long f, unsigned long ra, struct rvt_regs *regs)
{
	memset(regs, 0, sizeof(*regs));
	regs->ip = f + RVT_SITE_BYTES;
	regs->ra = ra;
	regs->a[0] = 0xa0;
	regs->a[7] = 0xa7;
	rvt_dispatch(regs);
}

void expect_call(int n, const struct rvt_ops *ops, unsigned long ip)
{
	assert_true(n < nr_calls);
	assert_ptr_equal(calls[n].ops, ops);
	assert_int_equal(calls[n].ip, ip);
}

/*
 * The k-th failure is checked until the call succeeds: the batch needs fewer
 * than k writes, or the k-th is one of the same-value stores made after the
 * round, whose failure changes nothing (the model check below would see a
 * real write that failed unreported).
 */
void fault_each_write_then(batch_fn op, struct rvt_ops *ops,
			   void (*after_fault)(unsigned long k))
{
	struct rvt_ops *involved[] = { ops, NULL };
	struct snapshot s;
	unsigned long k;
	int ret;

	for (k = 1;; k++) {
		snap_ops(&s, involved);
		write_calls = 0;
		fail_at = k;
		ret = op(ops);
		fail_at = 0;
		if (!ret)
			break;
		if (ret != RVT_EPERM)
			fail_msg("write %lu failing: returned %d", k, ret);
		expect_snap(&s);
		check_model();
		if (after_fault)
			after_fault(k);
	}
	assert_int_equal(ret, 0);
	/* The batch wrote something, so the failing cases were run. */
	assert_true(k > 1);
	check_model();
}

void fault_each_write(batch_fn op, struct rvt_ops *ops)
{
	fault_each_write_then(op, ops, NULL);
}

/* --- Group setup and teardowns ------------------------------------------ */

int init_group(void **state)
{
	(void)state;
	return rvt_init(&plat) == NR_GOOD ? 0 : -1;
}

int cleanup(void **state)
{
	struct rvt_ops *o;
	int i;

	(void)state;
	/* An assert in a hook unwinds past rvt_dispatch()'s exit path. */
	for (i = 0; i < NR_HARTS; i++) {
		rvt_zero(&rvt_core.harts[i].guard,
			 sizeof(rvt_core.harts[i].guard));
		rvt_core.harts[i].irq_level = 0;
	}
	rvt_core.owed[0] = rvt_core.owed[1] = rvt_core.shared_inside = 0;
	/* So does a crash or an assert in an ops_func, past rvt_unlock(). */
	rvt_core.lock = 0;
	rvt_core.lock_owner = 0;
	rvt_core.lock_hart = 0;
	cur_hart = 0;
	fail_at = 0;
	memset(ipi_fails, 0, sizeof(ipi_fails));
	before_ipi = NULL;
	memset(ipi_deaf, 0, sizeof(ipi_deaf));
	while ((o = rvt_core.ops_list))
		if (o->flags & RVT_OPS_FL_DIRECT ? rvt_unregister_direct(o) :
						   rvt_unregister(o))
			return -1;
	nr_model = 0;
	nr_calls = 0;
	bad_writes = 0;
	return text_armed() ? 0 : -1;
}

int harts_cleanup(void **state)
{
	hart_offline(1);
	hart_offline(2);
	return cleanup(state);
}
