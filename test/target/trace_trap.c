// SPDX-License-Identifier: BSD-2-Clause
/*
 * A trap taken inside an assembly recorder. Masking interrupts does not
 * mask exceptions or resumable NMIs, and an M-mode trap vector saves its
 * frame on the interrupted sp (the board's does, as OpenSBI's does for
 * traps and RNMIs from M-mode). A debug trigger (Sdtrig mcontrol, execute)
 * on the recorder's read of mhartid, inside its masked run and after it
 * has put aside what it borrows, raises a breakpoint there; the handler
 * turns the trigger off and the instruction runs again. Each recorder must
 * come out of it with the traced function's arguments, its result and the
 * caller's mstatus intact, and its event or figures recorded.
 *
 * The function tracer's recorders (plain and with argument registers) and
 * the graph tracer's exit with return values are also trapped after they
 * have marked their slots busy, by a handler that calls the traced
 * function until the ring has lapped: the nested recorder finds the busy
 * slots, leaves its claim's other slots as placeholders of a lost event
 * (a group's) and claims again, and both calls' events end up whole.
 */
#include <rvtrace/rvtrace.h>

#include "check.h"
#include "csr.h"

#define CSR_TSELECT	0x7a0
#define CSR_TDATA1	0x7a1
#define CSR_TDATA2	0x7a2

#define XLEN		(8 * sizeof(unsigned long))
#define MCONTROL	(2UL << (XLEN - 4))	/* type 2: address match */
#define MC_M		(1UL << 6)
#define MC_EXECUTE	(1UL << 2)
#define CAUSE_BREAKPOINT	3

/* csrr rd, mhartid (csrrs rd, 0xf14, x0), whatever rd. */
#define CSRR_MHARTID		0xf1402073u
#define CSRR_RD_MASK		0x00000f80u
/*
 * amoswap.w.rl zero, rs2, (rs1), whatever rs1 and rs2: a publication. A
 * group's first comes once every slot of the group is marked busy.
 */
#define AMOSWAP_RL_ZERO		0x0a00202fu
#define AMO_REGS_MASK		0x01ff8000u
/* The first read of the clock in a stamp: rdtime, or rdtimeh on rv32. */
#if __riscv_xlen == 64
#define CSRR_TIME_FIRST		0xc0102073u
#else
#define CSRR_TIME_FIRST		0xc8102073u
#endif

#define BUF_BYTES	16384

/* The assembly recorders (arch/riscv/ftrace_entry.S and the others). */
void rvt_ftrace_record(void);
void rvt_graph_record(void);
void rvt_graph_return(void);
void rvt_profile_record(void);
void rvt_ftrace_record_args(void);
void rvt_graph_record_args(void);

static char buf[BUF_BYTES] __attribute__((aligned(16)));
static volatile unsigned long traps;
/* Calls of weigh() the trap handler makes, once. */
static volatile unsigned int lap_calls;
/* The function tracer's new run the trap handler starts, once. */
static const struct rvt_trace_config *volatile restart_with;

/* Every argument register has its own weight: a swapped one shows. */
TRACED long weigh(long a, long b, long c, long d, long e, long f, long g,
		  long h)
{
	return a + 2 * b + 3 * c + 4 * d + 5 * e + 6 * f + 7 * g + 8 * h;
}

/*
 * The nth (from 0) instruction want (bits outside ignore) in the code at
 * fn, read by halfwords.
 */
RVT_NOTRACE static unsigned long insn_in(void (*fn)(void), uint32_t want,
					 uint32_t ignore, unsigned int nth)
{
	const volatile uint16_t *p = (const volatile uint16_t *)(uintptr_t)fn;
	unsigned int i;

	for (i = 0; i < 512; i++) {
		uint32_t w = p[i] | (uint32_t)p[i + 1] << 16;

		if ((w & ~ignore) == want && !nth--)
			return (unsigned long)&p[i];
	}
	CHECK(!"no such instruction in the recorder");
	return 0;
}

/* The first csrr of mhartid in the code at fn. */
RVT_NOTRACE static unsigned long mhartid_read_in(void (*fn)(void))
{
	return insn_in(fn, CSRR_MHARTID, CSRR_RD_MASK, 0);
}

RVT_NOTRACE static void trigger_on(unsigned long pc)
{
	__asm__ __volatile__("csrw %0, zero" :: "i"(CSR_TSELECT));
	__asm__ __volatile__("csrw %0, %1" :: "i"(CSR_TDATA2), "r"(pc));
	__asm__ __volatile__("csrw %0, %1" :: "i"(CSR_TDATA1),
			     "r"(MCONTROL | MC_M | MC_EXECUTE));
}

/* Still an address match, matching nothing (QEMU keeps the type). */
RVT_NOTRACE static void trigger_off(void)
{
	__asm__ __volatile__("csrw %0, zero" :: "i"(CSR_TSELECT));
	__asm__ __volatile__("csrw %0, %1" :: "i"(CSR_TDATA1), "r"(MCONTROL));
}

/* The trigger's breakpoint: off, and the instruction runs again. */
RVT_NOTRACE bool board_trap_other(unsigned long cause, unsigned long epc,
		      unsigned long tval)
{
	(void)epc;
	(void)tval;
	if (cause != CAUSE_BREAKPOINT)
		return false;
	trigger_off();
	traps++;
	if (restart_with) {
		CHECK_EQ(rvt_ftrace_stop(), 0);
		CHECK_EQ(rvt_ftrace_start(restart_with), 0);
		restart_with = NULL;
	}
	while (lap_calls) {
		lap_calls--;
		CHECK_EQ(weigh(11, 12, 13, 14, 15, 16, 17, 18), 564);
	}
	return true;
}

/*
 * One call of weigh() with interrupts masked and the trigger in recorder:
 * trapped once, the right result, interrupts still masked.
 */
RVT_NOTRACE static void call_trapped(void (*recorder)(void))
{
	unsigned long before = traps, mstatus;
	long r;

	board_irq_disable();
	trigger_on(mhartid_read_in(recorder));
	r = weigh(1, 2, 3, 4, 5, 6, 7, 8);
	mstatus = RVT_CSR_READ(mstatus);
	trigger_off();
	board_irq_enable();
	CHECK_EQ(traps, before + 1);
	CHECK_EQ(r, 204);
	CHECK(!(mstatus & RVT_MSTATUS_MIE));
}

/*
 * One call of weigh() trapped at pc, inside a recorder, where the handler
 * calls weigh() laps times.
 */
RVT_NOTRACE static void call_lapped(unsigned long pc, unsigned int laps)
{
	lap_calls = laps;
	trigger_on(pc);
	CHECK_EQ(weigh(1, 2, 3, 4, 5, 6, 7, 8), 204);
	trigger_off();
	CHECK_EQ(lap_calls, 0);
}

/*
 * The function tracer's plain recorder in a ring of 3, trapped when its
 * slot (claim 0) is busy: at its stamp, after the swap that marked it.
 * The handler's three calls claim 1 and 2, then 3, whose slot is the busy
 * one: left as it is, and 4 claimed and written in slot 1.
 */
RVT_NOTRACE static void busy_single(struct rvt_event *ring)
{
	const struct rvt_trace_config cfg = {
		.buffer = ring, .buffer_size = 3 * sizeof(*ring),
	};
	unsigned int i;

	CHECK_EQ(rvt_ftrace_start(&cfg), 0);
	call_lapped(insn_in(rvt_ftrace_record, CSRR_TIME_FIRST, CSRR_RD_MASK,
			    0), 3);
	CHECK_EQ(rvt_ftrace_stop(), 0);

	CHECK_EQ(ring[0].seq, 1);
	CHECK_EQ(ring[1].seq, 5);
	CHECK_EQ(ring[2].seq, 3);
	for (i = 0; i < 3; i++) {
		CHECK_EQ(RVT_EVENT_KIND(ring[i].info), RVT_EVENT_ENTRY);
		CHECK_EQ(ring[i].func, (uintptr_t)weigh);
	}
	/* The outer call's slot kept its own event, stamped after the trap. */
	CHECK(ring[2].ts <= ring[1].ts && ring[1].ts <= ring[0].ts);
}

/*
 * The function tracer with four argument registers (a group of g slots) in
 * a ring of 3g + 1, trapped when its group (claims 0 to g - 1) is busy:
 * at the publication of its first data event.
 * The handler's three calls claim g to 2g - 1, 2g to 3g - 1, then 3g to
 * 4g - 1, whose slots but the first are the busy ones: a placeholder,
 * then 4g to 5g - 1, whose first slot is busy: g - 1 placeholders, then
 * 5g to 6g - 1, written.
 */
RVT_NOTRACE static void busy_group(struct rvt_event *ring)
{
#ifdef RVT_REGS_FP
	const unsigned int g = 1 + 2 * 2;
#else
	const unsigned int g = 1 + 2;
#endif
	const unsigned int cap = 3 * g + 1;
	const struct rvt_trace_config cfg = {
		.buffer = ring, .buffer_size = cap * sizeof(*ring),
		.nr_args = 4,
	};
	const struct rvt_event *nested = &ring[2 * g - 1];
	unsigned int i, lost = 0;

	CHECK_EQ(rvt_ftrace_start(&cfg), 0);
	call_lapped(insn_in(rvt_ftrace_record_args, AMOSWAP_RL_ZERO,
			    AMO_REGS_MASK, 0), 3);
	CHECK_EQ(rvt_ftrace_stop(), 0);

	CHECK_EQ(ring[0].seq, 1);
	CHECK_EQ(ring[0].func, (uintptr_t)weigh);
	CHECK_EQ(RVT_EVENT_KIND(ring[0].info), RVT_EVENT_ENTRY);
	CHECK_EQ(ring[1].seq, 2);
	CHECK(ring[1].ts == 1 && ring[1].func == 2 && ring[1].caller == 3);
	CHECK(ring[2].ts == 4 && RVT_DATA_COUNT(ring[2].info) == 1);
	CHECK_EQ(nested->seq, 5 * g + 1);
	CHECK_EQ(nested->func, (uintptr_t)weigh);
	CHECK_EQ(RVT_EVENT_KIND(nested->info), RVT_EVENT_ENTRY);
	CHECK(nested[1].ts == 11 && nested[1].seq == 5 * g + 2);
	CHECK_EQ(ring[3 * g].seq, 3 * g + 1);
	CHECK_EQ(ring[3 * g].info, 0);
	for (i = g; i < 2 * g - 1; i++) {
		CHECK_EQ(ring[i].seq, 4 * g + 2 + (i - g));
		CHECK_EQ(ring[i].info, 0);
	}
	for (i = 0; i < cap; i++)
		lost += ring[i].seq && !ring[i].info;
	CHECK_EQ(lost, g);
}

/*
 * The graph tracer with return values: an exit's event and data event
 * (claims 1 and 2, after the entry's 0) in a ring of 7, trapped when the
 * two are busy (at its second publication, the data event's: the plain
 * exit's is the first). The handler's two calls claim 3, then 4 and 5,
 * then 6, then 7 and 8, whose second slot is busy (a placeholder in slot
 * 0), then 9 and 10, whose first is (one in slot 3), then 11 and 12,
 * written.
 */
RVT_NOTRACE static void busy_exit(struct rvt_event *ring)
{
	const struct rvt_trace_config cfg = {
		.buffer = ring, .buffer_size = 7 * sizeof(*ring),
		.flags = RVT_TRACE_RETVAL,
	};

	CHECK_EQ(rvt_graph_start(&cfg), 0);
	call_lapped(insn_in(rvt_graph_return, AMOSWAP_RL_ZERO, AMO_REGS_MASK,
			    1), 2);
	CHECK_EQ(rvt_graph_stop(), 0);

	CHECK(ring[0].seq == 8 && ring[0].info == 0);
	CHECK(ring[3].seq == 11 && ring[3].info == 0);
	CHECK_EQ(ring[1].seq, 2);
	CHECK_EQ(RVT_EVENT_KIND(ring[1].info), RVT_EVENT_EXIT);
	CHECK_EQ(ring[1].func, (uintptr_t)weigh);
	CHECK(ring[2].seq == 3 && ring[2].ts == 204);
	CHECK_EQ(RVT_EVENT_KIND(ring[2].info), RVT_EVENT_DATA);
	CHECK_EQ(ring[4].seq, 12);
	CHECK_EQ(RVT_EVENT_KIND(ring[4].info), RVT_EVENT_EXIT);
	CHECK(ring[5].seq == 13 && ring[5].ts == 564);
	CHECK_EQ(ring[6].seq, 7);
	CHECK_EQ(RVT_EVENT_KIND(ring[6].info), RVT_EVENT_ENTRY);
}

/*
 * A writer late into the recorder with arguments (trapped at its first
 * instruction, before it masks interrupts) while the tracer restarts
 * without them: it writes what the new run asks for, its event alone in
 * the one slot it claims, and nothing beyond.
 */
RVT_NOTRACE static void late_writer(struct rvt_event *ring)
{
	const struct rvt_trace_config with = {
		.buffer = ring, .buffer_size = 16 * sizeof(*ring),
		.nr_args = 4,
	}, without = {
		.buffer = ring, .buffer_size = 16 * sizeof(*ring),
	};
	struct rvt_trace_stats st;

	CHECK_EQ(rvt_ftrace_start(&with), 0);
	restart_with = &without;
	trigger_on((unsigned long)rvt_ftrace_record_args);
	CHECK_EQ(weigh(1, 2, 3, 4, 5, 6, 7, 8), 204);
	trigger_off();
	CHECK(!restart_with);
	CHECK_EQ(rvt_ftrace_stop(), 0);
	CHECK_EQ(rvt_trace_stats(&st), 0);
	CHECK_EQ(st.recorded, 1);
	CHECK_EQ(ring[0].seq, 1);
	CHECK_EQ(RVT_EVENT_KIND(ring[0].info), RVT_EVENT_ENTRY);
	CHECK_EQ(ring[0].func, (uintptr_t)weigh);
	CHECK_EQ(ring[1].seq, 0);
}

/* Data events of eight argument registers: a0-a7 (and fa0-fa7). */
#ifdef RVT_REGS_FP
#define ARG_SLOTS	6
#else
#define ARG_SLOTS	3
#endif

/*
 * A group that straddles busy slots: the graph tracer with eight arguments
 * (entries a group of g slots) and return values (exits a group of 2), in
 * a ring of 2g + 7, the call's exit trapped with its two slots (g and
 * g + 1) busy, as in busy_exit(). The handler's first two calls fill the
 * slots after them and wrap to g - 2; the third call's entry claims
 * 3g + 6 to 4g + 5, slots g - 1 to 2g - 2: it marks slot g - 1, finds
 * slot g busy, leaves g and g + 1 to their writer, and makes a placeholder
 * of the slot it marked and of every slot after the busy ones; its next
 * claim, 4g + 6, is written in slot 2g - 1.
 */
RVT_NOTRACE static void busy_straddle(struct rvt_event *ring)
{
	const unsigned int g = 1 + ARG_SLOTS, cap = 2 * g + 7;
	const struct rvt_trace_config cfg = {
		.buffer = ring, .buffer_size = cap * sizeof(*ring),
		.nr_args = 8, .flags = RVT_TRACE_RETVAL,
	};
	unsigned int i;

	CHECK_EQ(rvt_graph_start(&cfg), 0);
	call_lapped(insn_in(rvt_graph_return, AMOSWAP_RL_ZERO, AMO_REGS_MASK,
			    1), 3);
	CHECK_EQ(rvt_graph_stop(), 0);

	for (i = g - 1; i <= 2 * g - 2; i++) {
		if (i == g || i == g + 1)
			continue;
		/* Claim 3g + 6 + (i - (g - 1)): a lost event's placeholder. */
		CHECK_EQ(ring[i].seq, 3 * g + 7 + (i - (g - 1)));
		CHECK_EQ(ring[i].info, 0);
	}
	CHECK_EQ(ring[g].seq, g + 1);
	CHECK_EQ(RVT_EVENT_KIND(ring[g].info), RVT_EVENT_EXIT);
	CHECK_EQ(ring[g].func, (uintptr_t)weigh);
	CHECK(ring[g + 1].seq == g + 2 && ring[g + 1].ts == 204);
	CHECK_EQ(RVT_EVENT_KIND(ring[g + 1].info), RVT_EVENT_DATA);
	CHECK_EQ(ring[2 * g - 1].seq, 4 * g + 7);
	CHECK_EQ(RVT_EVENT_KIND(ring[2 * g - 1].info), RVT_EVENT_ENTRY);
	CHECK_EQ(ring[2 * g - 1].func, (uintptr_t)weigh);
}

/*
 * The ring tracer that start starts with cfg, one call of weigh() trapped
 * in recorder, then stopped: the slots it recorded.
 */
RVT_NOTRACE static uint64_t trapped_slots(
	int (*start)(const struct rvt_trace_config *), int (*stop)(void),
	const struct rvt_trace_config *cfg, void (*recorder)(void))
{
	struct rvt_trace_stats st;

	CHECK_EQ(start(cfg), 0);
	call_trapped(recorder);
	CHECK_EQ(stop(), 0);
	CHECK_EQ(rvt_trace_stats(&st), 0);
	return st.recorded;
}

RVT_NOTRACE int main(void)
{
	/* No filter: the recorders are entered only by a hook of every site. */
	struct rvt_trace_config cfg = {
		.buffer = buf, .buffer_size = sizeof(buf),
	};
	struct rvt_trace_config args = cfg;
	struct rvt_profile_entry e = { 0 };
	static struct rvt_platform plat;

	/* One ring for this hart only: busy_group() reads its slots. */
	plat = *board_platform();
	plat.nr_harts = board_nr_harts();
	CHECK_EQ(plat.nr_harts, 1);
	CHECK(rvt_init(&plat) > 0);
	/* Without the trigger's trap the test proves nothing. */
	trigger_on((unsigned long)weigh);
	CHECK_EQ(weigh(1, 2, 3, 4, 5, 6, 7, 8), 204);
	trigger_off();
	CHECK_EQ(traps, 1);

	CHECK_EQ(trapped_slots(rvt_ftrace_start, rvt_ftrace_stop, &cfg,
			       rvt_ftrace_record), 1);
	busy_single((struct rvt_event *)buf);
	CHECK_EQ(trapped_slots(rvt_graph_start, rvt_graph_stop, &cfg,
			       rvt_graph_record), 2);

	CHECK(rvt_profile_bytes() <= sizeof(buf));
	CHECK_EQ(rvt_profile_start(&cfg), 0);
	call_trapped(rvt_profile_record);
	CHECK_EQ(rvt_profile_stop(), 0);
	CHECK_EQ(rvt_profile_next(&e), 0);
	CHECK_EQ(e.func, (const void *)weigh);
	CHECK_EQ(e.hits, 1);

	/* a0-a7 in three data events (and fa0-fa7 in three more). */
	args.nr_args = 8;
	CHECK_EQ(trapped_slots(rvt_ftrace_start, rvt_ftrace_stop, &args,
			       rvt_ftrace_record_args), 1 + ARG_SLOTS);
	busy_group((struct rvt_event *)buf);

	/* The graph's entry with its arguments. */
	CHECK_EQ(trapped_slots(rvt_graph_start, rvt_graph_stop, &args,
			       rvt_graph_record_args), 1 + ARG_SLOTS + 1);

	/* The graph's exit with return values, trapped before its claim. */
	args.nr_args = 0;
	args.flags = RVT_TRACE_RETVAL;
	CHECK_EQ(trapped_slots(rvt_graph_start, rvt_graph_stop, &args,
			       rvt_graph_return), 1 + 2);
	busy_exit((struct rvt_event *)buf);
	busy_straddle((struct rvt_event *)buf);
	late_writer((struct rvt_event *)buf);

	board_printf("trace_trap: %lu traps inside the recorders, all "
		     "survived\n", traps - 1);
	return 0;
}
