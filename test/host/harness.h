/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Host harness for the real lib/ core: a fake text segment with the linker
 * script's symbols, a platform that simulates harts, IPIs and failing text
 * writes, hooks that record their calls, a model of what must be registered,
 * and a snapshot of the whole core state to compare before and after a call
 * that must change nothing. Shared by test_sites.c and test_policy.c.
 */
#ifndef RVT_TEST_HARNESS_H
#define RVT_TEST_HARNESS_H

#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "internal.h"
#include "insn.h"

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

_Static_assert(sizeof(unsigned long) == 8, "the host tests assume LP64");

/* --- The fake text segment ----------------------------------------------- */

/*
 * Fake function i occupies FN_WORDS words: two words before f (the ops slot
 * with RVT_CALL_OPS, otherwise the end of the previous function), the 8-byte
 * site at f, then a body. Everything that is neither site nor slot holds a
 * canary, so any stray write shows in a whole-array comparison.
 */
#define NR_GOOD		8
#define FN_BAD_WORD0	8	/* f+0 is not a NOP */
#define FN_BAD_WORD1	9	/* f+4 is not a NOP */
#define FN_MISALIGNED	10	/* the entry is 2 bytes off */
#define FN_ODD		11	/* see prepare() */
#define NR_FN		12
#define NR_BAD		(NR_FN - NR_GOOD)
#define NR_ENTRIES	NR_FN
#define FN_WORDS	8
#define SITE_WORD	2	/* word of f within a function */
#define TEXT_WORDS	(NR_FN * FN_WORDS + FN_WORDS)

#define SLOT		RVT_SLOT_BYTES
#define HAS_SLOT	(RVT_SLOT_BYTES != 0)
#define NOP		RVT_INSN_NOP
/* f+4 of a site that is off: addi x0, t0, lo12, the jalr's upper half. */
#define OFF(jalr)	(((jalr) & 0xffff8000u) | NOP)
/* What a build with the C extension leaves: 2 x c.nop. */
#define C_NOP2		RVT_INSN_C_NOP2
#define RET		0x00008067u	/* jalr x0, 0(ra) */

extern uint32_t fake_text[TEXT_WORDS];
extern uint32_t initial_text[TEXT_WORDS];	/* as "linked" */
extern uint32_t armed_text[TEXT_WORDS];		/* as rvt_init must leave it */

/* The linker script's symbols: the site table and two bytes per entry. */
extern unsigned long rvt_test_table[NR_ENTRIES];
extern rvt_site_state_t __rvt_site_state[NR_ENTRIES];
/* Link order is not address order: the library must sort. */
extern const int table_order[NR_ENTRIES];

static inline size_t fn_word(int i)
{
	return (size_t)i * FN_WORDS + SITE_WORD;
}

static inline unsigned long F(int i)
{
	return (unsigned long)&fake_text[fn_word(i)];
}

static inline const void *FP(int i)
{
	return (const void *)F(i);
}

/* What the table records for function i: f, or its slot. */
unsigned long entry_of(int i);
/* The pair expected at f, encoded independently of arch/riscv/insn.c. */
void ref_pair(unsigned long f, uint32_t *auipc, uint32_t *jalr);
/* Fills the text as linked, the armed image and the site table. */
void prepare(void);
bool text_armed(void);
void expect_text(const uint32_t *want);

/* --- The platform -------------------------------------------------------- */

#define NR_HARTS	3
#define HART_SLOTS	8	/* fence.i counters, also for invalid indexes */

extern unsigned int cur_hart;
extern unsigned long fence_i[HART_SLOTS];
extern unsigned long ipis[NR_HARTS], ipis_handled[NR_HARTS];
extern bool ipi_fails[NR_HARTS];
/* IPIs a hart takes no notice of (sent, never handled); ~0ul: all. */
extern unsigned long ipi_deaf[NR_HARTS];
/* Runs as the patcher sends hart its interrupt, before the hart takes it. */
extern void (*before_ipi)(unsigned int hart);
extern unsigned long write_calls;	/* every text_write call */
extern unsigned long fail_at;		/* the call that fails; 0: none */
extern unsigned long bad_writes;	/* outside a valid site: not done */
extern const struct rvt_platform plat;

/* A clock that advances one tick (1 us at TEST_CLOCK_HZ) per reading. */
#define TEST_CLOCK_HZ	1000000u
extern uint64_t test_ticks;
uint64_t test_clock(void);

void hart_online(unsigned int hart);
void hart_offline(unsigned int hart);

/* --- Hooks and the model of what must be registered ---------------------- */

struct hook {
	struct rvt_ops ops;		/* first: the core hands back &ops */
	const void *filter[NR_FN + 2];
	const void *notrace[NR_FN + 2];
	void (*action)(struct hook *h, unsigned long ip, struct rvt_regs *regs);
	unsigned long new_ip;
	int depth;
};

struct call {
	unsigned long ip, parent_ip;
	struct rvt_ops *ops;
	struct rvt_regs *regs;
};

#define NR_HOOKS	8
extern struct hook hk[NR_HOOKS];
extern struct call calls[64];
extern int nr_calls;

void hook_func(unsigned long ip, unsigned long parent_ip, struct rvt_ops *ops,
	       struct rvt_regs *regs);
/* An IPMODIFY hook's action: continue at h->new_ip. */
void move_ip(struct hook *h, unsigned long ip, struct rvt_regs *regs);

#define END	(-1)
#define LIST(...)	((const int[]){ __VA_ARGS__, END })

/* filter/notrace: fake function numbers ending with END, or NULL. */
struct rvt_ops *hook_setup(struct hook *h, unsigned long flags,
			   const int *filter, const int *notrace);

/* The registered hooks in registration order, as the tests expect them. */
extern struct rvt_ops *model[NR_HOOKS];
extern int nr_model;

bool model_applies(const struct rvt_ops *ops, unsigned long f);
/* The core calls, keeping the model in step when they succeed. */
int reg(struct rvt_ops *ops);
int unreg(struct rvt_ops *ops);
int reg_direct(struct rvt_ops *ops, unsigned long tramp);
int unreg_direct(struct rvt_ops *ops);
/* Everything observable must follow from the hooks in the model. */
void check_model(void);

/*
 * Everything a refused or failed call must leave as it was: the text, the
 * site table and per-site state, the core (less the counters of IPI rounds,
 * which a rolled-back batch moves), the stub and walker ops, every hook of
 * the list as a whole, and the caller's part of each hook named as involved.
 */
#define SNAP_OPS	8
struct snapshot {
	uint32_t text[TEXT_WORDS];
	unsigned long table[NR_ENTRIES];
	rvt_site_state_t state[NR_ENTRIES];
	struct rvt_core core;
	struct rvt_ops stub, walker;
	struct rvt_ops *list[SNAP_OPS];		/* the first hooks listed */
	struct rvt_ops list_copy[SNAP_OPS];
	int nr;					/* all of them */
	struct rvt_ops *involved[SNAP_OPS + 1];	/* NULL-terminated */
	struct rvt_ops involved_copy[SNAP_OPS];
	int nr_involved;
};

void snap(struct snapshot *s);
/* involved: NULL-terminated, also hooks that are not (or no more) listed. */
void snap_ops(struct snapshot *s, struct rvt_ops *const *involved);
void expect_snap(const struct snapshot *s);

/* A call of f as the trampoline makes it: regs->ip = f + 8. */
void dispatch_at(unsigned long f, unsigned long ra, struct rvt_regs *regs);
void expect_call(int n, const struct rvt_ops *ops, unsigned long ip);

/*
 * For k = 1, 2, ...: the k-th text write of op(ops) fails; the call must
 * return RVT_EPERM and leave no trace, until it succeeds. after_fault, if
 * set, checks more after each failed call.
 */
typedef int (*batch_fn)(struct rvt_ops *ops);
void fault_each_write(batch_fn op, struct rvt_ops *ops);
void fault_each_write_then(batch_fn op, struct rvt_ops *ops,
			   void (*after_fault)(unsigned long k));

/* Group setup: rvt_init on the fake text, which must arm every good site. */
int init_group(void **state);
/* Teardowns: a failed test must not leave hooks behind for the next one. */
int cleanup(void **state);
int harts_cleanup(void **state);

#endif
