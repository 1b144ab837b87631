// SPDX-License-Identifier: BSD-2-Clause
/*
 * Shadow stacks: one per hart for the thread level and one for the first
 * interrupt level, or at thread level the running task's (rvt_task_switch).
 * Only the hart that owns a stack touches it, and an interrupt that pushes
 * frames pops them before it returns, so no locking is needed. A frame is
 * known by its caller's stack pointer: frames that a longjmp() skipped are
 * deeper, so lower, and are dropped when an outer frame returns.
 */
#include "asm_layout.h"
#include "ring.h"
#include "shadow.h"

#ifndef RVTRACE_GRAPH_DEPTH
#define RVTRACE_GRAPH_DEPTH	16
#endif
/* Thread level and one interrupt level; deeper levels are not watched. */
#define SHADOW_LEVELS		2

static struct rvt_shadow_frame
	hart_frames[RVT_MAX_HARTS][SHADOW_LEVELS][RVTRACE_GRAPH_DEPTH];
static struct rvt_task hart_stacks[RVT_MAX_HARTS][SHADOW_LEVELS];

void rvt_graph_return(void);
unsigned long rvt_graph_exit(unsigned long sp,
			    const struct rvt_ret_regs *ret);

_Static_assert(offsetof(struct rvt_task, frames) == RVT_TASK_FRAMES &&
	       offsetof(struct rvt_task, top) == RVT_TASK_TOP &&
	       offsetof(struct rvt_task, end) == RVT_TASK_END &&
	       offsetof(struct rvt_shadow_frame, ret) == RVT_FRAME_RET &&
	       offsetof(struct rvt_shadow_frame, sp) == RVT_FRAME_SP &&
	       offsetof(struct rvt_shadow_frame, func) == RVT_FRAME_FUNC &&
	       offsetof(struct rvt_shadow_frame, owner) == RVT_FRAME_OWNER &&
	       sizeof(struct rvt_shadow_frame) == RVT_FRAME_SIZE &&
	       RVT_SHADOW_GRAPH == RVT_SHADOW_OWNER_GRAPH,
	       "the assembly's layout (asm_layout.h)");

void rvt_shadow_reset(void)
{
	unsigned int h, l;

	rvt_zero(hart_stacks, sizeof(hart_stacks));
	for (h = 0; h < RVT_MAX_HARTS; h++)
		for (l = 0; l < SHADOW_LEVELS; l++)
			rvt_task_init(&hart_stacks[h][l], hart_frames[h][l],
				      RVTRACE_GRAPH_DEPTH);
}

/*
 * While a tracer runs with its assembly entry, its frames come back through
 * rvt_graph_return's assembly too; otherwise (its frames after the stop, or
 * on a platform without the assembly) through rvt_graph_exit(), which
 * handles every frame.
 */
void rvt_shadow_fast_exit(unsigned long bit, bool on)
{
	unsigned int mask = RVT_GRAPH_EXIT_BIT(bit);

	if (on)
		__atomic_fetch_or(&rvt_trace.graph_exit, mask,
				  __ATOMIC_RELEASE);
	else
		__atomic_fetch_and(&rvt_trace.graph_exit, ~mask,
				   __ATOMIC_RELEASE);
}

struct rvt_task *rvt_shadow_stack_at(const struct rvt_ctx *c)
{
	if (c->level >= SHADOW_LEVELS)
		return NULL;
	if (c->task)
		return c->task;
	return &hart_stacks[c->index][c->level];
}

static __attribute__((noinline)) struct rvt_task *this_stack_called(void)
{
	struct rvt_ctx c;

	return rvt_ctx_lookup(&c, rvt_core.hart_index) ?
		       rvt_shadow_stack_at(&c) : NULL;
}

/*
 * The calling context's stack. Where mhartid is the hart number (M-mode),
 * its hart's line names it: read masked, as the assembly does, it is the
 * caller's, and stays so (a task's stack moves with the task).
 */
static inline struct rvt_task *this_stack(void)
{
	unsigned long mie;
	struct rvt_task *s = NULL;
	unsigned int i;

	if (!(rvt_core.fast & RVT_PLAT_FAST_MHARTID))
		return this_stack_called();
	mie = rvt_m_irq_save();
	i = rvt_csr_mhartid();
	if (i < rvt_core.nr_harts)
		s = rvt_trace.rings[i].stack;
	rvt_m_irq_restore(mie);
	return s;
}

struct rvt_shadow_frame *rvt_shadow_push(struct rvt_regs *regs,
					 unsigned long ip,
					 unsigned long owner,
					 struct rvt_task **stack)
{
	struct rvt_task *s = this_stack();
	struct rvt_shadow_frame *f;

	if (!s || s->top >= s->end)
		return NULL;
	f = s->top;
	f->ret = regs->ra;
	/* The trampoline's frame is a struct rvt_regs just below the caller's. */
	f->sp = (unsigned long)(regs + 1);
	f->func = ip;
	f->owner = owner;
	s->top = f + 1;
	regs->ra = (unsigned long)rvt_graph_return;
	*stack = s;
	return f;
}

unsigned long rvt_shadow_caller(const struct rvt_task *s,
				const struct rvt_shadow_frame *f)
{
	/* A frame pushed for the same call by another tracer holds the caller. */
	while (f->ret == (unsigned long)rvt_graph_return && f > s->frames)
		f--;
	return f->ret;
}

/*
 * Called by rvt_graph_return with the caller's sp and the return registers;
 * returns where to go.
 */
unsigned long rvt_graph_exit(unsigned long sp,
			    const struct rvt_ret_regs *ret)
{
	struct rvt_task *s = this_stack();
	struct rvt_shadow_frame *f;

	/* Only a pushed frame sends a return here, so s and a frame exist. */
	f = s->top - 1;
	while (f > s->frames && f->sp < sp)
		f--;
	/* Popped after its owner's exit: a trap meanwhile pushes above it. */
	s->top = f + 1;
	if (RVT_SHADOW_OWNER(f->owner) == RVT_SHADOW_GRAPH)
		rvt_graph_frame_exit(s, f, ret);
	else
		rvt_profile_frame_exit(s, f);
	s->top = f;
	return f->ret;
}
