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

#define BUF_BYTES	16384

/* The assembly recorders (arch/riscv/ftrace_entry.S and the others). */
void rvt_ftrace_record(void);
void rvt_graph_record(void);
void rvt_profile_record(void);

static char buf[BUF_BYTES] __attribute__((aligned(16)));
static volatile unsigned long traps;

/* Every argument register has its own weight: a swapped one shows. */
TRACED long weigh(long a, long b, long c, long d, long e, long f, long g,
		  long h)
{
	return a + 2 * b + 3 * c + 4 * d + 5 * e + 6 * f + 7 * g + 8 * h;
}

/* The first csrr of mhartid in the code at fn (read by halfwords). */
RVT_NOTRACE static unsigned long mhartid_read_in(void (*fn)(void))
{
	const volatile uint16_t *p = (const volatile uint16_t *)(uintptr_t)fn;
	unsigned int i;

	for (i = 0; i < 64; i++) {
		uint32_t w = p[i] | (uint32_t)p[i + 1] << 16;

		if ((w & ~CSRR_RD_MASK) == CSRR_MHARTID)
			return (unsigned long)&p[i];
	}
	CHECK(!"no csrr of mhartid in the recorder");
	return 0;
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

RVT_NOTRACE int main(void)
{
	/* No filter: the recorders are entered only by a hook of every site. */
	struct rvt_trace_config cfg = {
		.buffer = buf, .buffer_size = sizeof(buf),
	};
	struct rvt_profile_entry e = { 0 };
	struct rvt_trace_stats st;

	CHECK(rvt_init(board_platform()) > 0);
	/* Without the trigger's trap the test proves nothing. */
	trigger_on((unsigned long)weigh);
	CHECK_EQ(weigh(1, 2, 3, 4, 5, 6, 7, 8), 204);
	trigger_off();
	CHECK_EQ(traps, 1);

	CHECK_EQ(rvt_ftrace_start(&cfg), 0);
	call_trapped(rvt_ftrace_record);
	CHECK_EQ(rvt_ftrace_stop(), 0);
	CHECK_EQ(rvt_trace_stats(&st), 0);
	CHECK_EQ(st.recorded, 1);

	CHECK_EQ(rvt_graph_start(&cfg), 0);
	call_trapped(rvt_graph_record);
	CHECK_EQ(rvt_graph_stop(), 0);
	CHECK_EQ(rvt_trace_stats(&st), 0);
	CHECK_EQ(st.recorded, 2);

	CHECK(rvt_profile_bytes() <= sizeof(buf));
	CHECK_EQ(rvt_profile_start(&cfg), 0);
	call_trapped(rvt_profile_record);
	CHECK_EQ(rvt_profile_stop(), 0);
	CHECK_EQ(rvt_profile_next(&e), 0);
	CHECK_EQ(e.func, (const void *)weigh);
	CHECK_EQ(e.hits, 1);

	board_printf("trace_trap: %lu traps inside the recorders, all "
		     "survived\n", traps - 1);
	return 0;
}
