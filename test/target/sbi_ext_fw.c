// SPDX-License-Identifier: BSD-2-Clause
/*
 * The rvtrace SBI extension (rvtrace/sbi_ext.h) served by an M-mode
 * firmware of the test's own to S-mode payloads on every hart
 * (sbi_ext_payload.c, which checks every function and refusal): the
 * firmware's ecall dispatcher and the functions an SBI call runs are
 * instrumented, the payload is not.
 */
#include <rvtrace/sbi_ext.h>

#include "check.h"
#include "csr.h"
#include "sbi_ext_fw.h"

#define MCAUSE_ECALL_S	9
#define TRAP_STACK	8192
#define S_STACK		8192

struct fw_hart {
	unsigned long saved[15];	/* sbi_fw.S: ra, sp, s0-s11, mtvec */
	unsigned long leave;		/* exit code + 1 once asked */
};

unsigned long fw_enter_s(void (*entry)(unsigned long), unsigned long arg,
			 void *s_sp, struct fw_hart *area);
__attribute__((noreturn)) void fw_leave_s(struct fw_hart *area,
					  unsigned long code);

/* Each hart's trap stack with its save area at the top. */
static struct {
	unsigned char stack[TRAP_STACK];
	struct fw_hart area;
} __attribute__((aligned(16))) fw_harts[BOARD_MAX_HARTS];

static unsigned char s_stacks[BOARD_MAX_HARTS][S_STACK]
	__attribute__((aligned(16)));

unsigned long fw_maps, fw_unmaps;

/* The caller may use s_mem and nothing else (OpenSBI asks its domain). */
static void *map(unsigned long lo, unsigned long hi, unsigned long size,
		 bool write)
{
	unsigned long base = (uintptr_t)s_mem;

	(void)write;
	if (hi || lo < base || size > S_MEM_BYTES ||
	    lo - base > S_MEM_BYTES - size)
		return NULL;
	__atomic_fetch_add(&fw_maps, 1, __ATOMIC_RELAXED);
	return (void *)lo;
}

static void unmap(void *p, unsigned long size)
{
	(void)p;
	(void)size;
	__atomic_fetch_add(&fw_unmaps, 1, __ATOMIC_RELAXED);
}

static const struct rvt_sbi_mem_ops mem_ops = { map, unmap };
static struct rvt_sbi_ext ext = { .mem = &mem_ops };

TRACED unsigned long fw_leaf(unsigned long x)
{
	return x * 3 + 1;
}

TRACED unsigned long fw_echo(unsigned long x)
{
	return fw_leaf(x) - 1;
}

/* The dispatcher of an SBI: a0-a7 in f[10..17], error and value back. */
TRACED void fw_ecall(unsigned long *f, struct fw_hart *me)
{
	unsigned long value = 0;
	long err = RVT_SBI_SUCCESS;

	if (f[17] == RVT_SBI_EXT_ID) {
		err = rvt_sbi_ext_call(&ext, f[16], &f[10], &value);
	} else if (f[17] == FW_TEST_EID && f[16] == FW_ECHO) {
		value = fw_echo(f[10]);
	} else if (f[17] == FW_TEST_EID && f[16] == FW_EXIT) {
		me->leave = f[10] + 1;
	} else {
		err = RVT_SBI_ERR_NOT_SUPPORTED;
	}
	f[10] = (unsigned long)err;
	f[11] = value;
}

void fw_trap(unsigned long *f);
void fw_trap(unsigned long *f)
{
	struct fw_hart *me = &fw_harts[board_hart_index()].area;
	unsigned long cause = RVT_CSR_READ(mcause);

	if (cause != MCAUSE_ECALL_S) {
		board_trap(cause, f[0], RVT_CSR_READ(mtval));
		return;
	}
	f[0] += 4;
	fw_ecall(f, me);
	if (me->leave)
		fw_leave_s(me, me->leave - 1);
}

/* Run entry(arg) in S-mode on this hart until it calls FW_EXIT. */
static unsigned long run_s(void (*entry)(unsigned long), unsigned long arg)
{
	unsigned int h = board_hart_index();

	fw_harts[h].area.leave = 0;
	/* S-mode may reach all memory: the extension checks what it names. */
	__asm__ __volatile__("csrw pmpaddr0, %0" : : "r"(-1UL));
	__asm__ __volatile__("csrw pmpcfg0, %0" : : "r"(0x1fUL));
	return fw_enter_s(entry, arg, s_stacks[h] + S_STACK,
			  &fw_harts[h].area);
}

static void worker(unsigned int hart, void *arg)
{
	(void)arg;
	CHECK_EQ(run_s(payload_worker, hart), 0);
}

/* What the firmware itself may get wrong: refused, nothing written. */
static void check_firmware_refusals(void)
{
	static const struct rvt_sbi_mem_ops no_unmap = { map, NULL };
	struct rvt_sbi_ext bare = { .mem = &no_unmap };
	unsigned long args[6] = { RVT_SBI_GRAPH, 0, 0, 0, 0, 0 };
	unsigned long value = 7;

	CHECK_EQ(rvt_sbi_ext_call(&ext, RVT_SBI_VERSION, args, &value),
		 RVT_SBI_ERR_DENIED);	/* before rvt_init() */
	CHECK_EQ(value, 0);
	CHECK(rvt_init(board_platform()) > 0);
	value = 7;
	CHECK_EQ(rvt_sbi_ext_call(NULL, RVT_SBI_START, args, &value),
		 RVT_SBI_ERR_FAILED);
	CHECK_EQ(value, 0);
	CHECK_EQ(rvt_sbi_ext_call(&bare, RVT_SBI_START, args, &value),
		 RVT_SBI_ERR_FAILED);
	CHECK_EQ(rvt_sbi_ext_call(&ext, RVT_SBI_START, args, NULL),
		 RVT_SBI_ERR_INVALID_PARAM);
	CHECK_EQ(rvt_trace_running(), RVT_DUMP_TRACER_NONE);
	CHECK_EQ(fw_maps, 0);
}

int main(void)
{
	unsigned long code;

	check_firmware_refusals();
	board_run_others(worker, NULL);
	code = run_s(payload_main, board_nr_harts());
	board_wait_others();
	CHECK_EQ(code, 0);
	/* Every range the extension mapped, it gave back. */
	CHECK(fw_maps > 0);
	CHECK_EQ(fw_maps, fw_unmaps);
	board_printf("sbi_ext: passed\n");
	return 0;
}
