// SPDX-License-Identifier: BSD-2-Clause
#include <rvtrace/error.h>

#include "insn.h"

#define OPC_AUIPC	0x17u
#define OPC_JALR	0x67u

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
	if (!rvt_insn_pair_reaches(off))
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

int rvt_insn_call_t0(unsigned long pc, unsigned long target,
		     uint32_t *auipc, uint32_t *jalr)
{
	if (!auipc || !jalr)
		return RVT_EINVAL;
	if (!rvt_insn_pair_reaches((long)(target - pc)))
		return RVT_ERANGE;
	rvt_insn_call_t0_near(pc, target, auipc, jalr);
	return 0;
}
