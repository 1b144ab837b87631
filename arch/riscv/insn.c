// SPDX-License-Identifier: BSD-2-Clause
#include <rvtrace/error.h>

#include "insn.h"

#define OPC_AUIPC	0x17u
#define OPC_JALR	0x67u
#define OPC_OP_IMM	0x13u
/* imm[11:0] and rs1: the bits a jalr and its stand-in share. */
#define JALR_SHARED	0xffff8000u

/* Reach of auipc + a sign-extended 12-bit offset. */
#define PAIR_MIN	(-(INT64_C(1) << 31) - 0x800)
#define PAIR_MAX	((INT64_C(1) << 31) - 1 - 0x800)

/* With 32-bit addresses the sum wraps, so every offset is reachable. */
static int pair_reaches(long off)
{
#if __SIZEOF_LONG__ > 4
	return off >= PAIR_MIN && off <= PAIR_MAX;
#else
	(void)off;
	return 1;
#endif
}

static int reg_ok(unsigned int r)
{
	return r < 32;
}

/* hi20 of off such that (hi20 << 12) + sext(lo12) == off. */
static long hi_part(long off)
{
	return (long)(((int64_t)off + 0x800) >> 12);
}

int rvt_insn_auipc(unsigned int rd, long off, uint32_t *insn)
{
	if (!reg_ok(rd) || !insn)
		return RVT_EINVAL;
	if (!pair_reaches(off))
		return RVT_ERANGE;
	*insn = ((uint32_t)hi_part(off) << 12) | (rd << 7) | OPC_AUIPC;
	return 0;
}

int rvt_insn_jalr(unsigned int rd, unsigned int rs1, long off, uint32_t *insn)
{
	if (!reg_ok(rd) || !reg_ok(rs1) || !insn)
		return RVT_EINVAL;
	if (off < -0x800 || off > 0x7ff)
		return RVT_ERANGE;
	*insn = ((uint32_t)(off & 0xfff) << 20) | (rs1 << 15) | (rd << 7) |
		OPC_JALR;
	return 0;
}

uint32_t rvt_insn_jalr_off(uint32_t jalr)
{
	return (jalr & JALR_SHARED) | OPC_OP_IMM;
}

int rvt_insn_call_t0(unsigned long pc, unsigned long target,
		     uint32_t *auipc, uint32_t *jalr)
{
	long off = (long)(target - pc);
	long lo;
	int ret;

	ret = rvt_insn_auipc(RVT_REG_T0, off, auipc);
	if (ret)
		return ret;
	lo = off - hi_part(off) * 4096;
	return rvt_insn_jalr(RVT_REG_T0, RVT_REG_T0, lo, jalr);
}
