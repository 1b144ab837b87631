/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Encoders for the few instructions rvtrace writes. Plain C, so the host unit
 * tests can check them against the assembler.
 */
#ifndef RVT_ARCH_INSN_H
#define RVT_ARCH_INSN_H

#include <stdint.h>

#define RVT_INSN_NOP		0x00000013u	/* addi x0, x0, 0 */
#define RVT_INSN_C_NOP		0x0001u		/* c.nop */
#define RVT_INSN_C_NOP2		0x00010001u	/* two c.nop as one word */
#define RVT_REG_T0		5

/*
 * auipc rd, hi and jalr rd, lo(rd) reaching pc + off, with hi/lo split so that
 * the sign of lo is compensated. RVT_ERANGE if off is outside the signed
 * 32-bit reach of the pair.
 */
int rvt_insn_auipc(unsigned int rd, long off, uint32_t *insn);
int rvt_insn_jalr(unsigned int rd, unsigned int rs1, long off, uint32_t *insn);

/*
 * The no-op that stands for a jalr while its site is off: addi x0, rs1, imm
 * (a HINT) with the jalr's upper halfword, so switching changes only the low
 * 16 bits and a fetch in 16-bit parcels sees the old or the new word, never
 * a mix of the two.
 */
static inline uint32_t rvt_insn_jalr_off(uint32_t jalr)
{
	/* imm[11:0] and rs1 kept; rd = x0, funct3 = 0, opcode OP-IMM. */
	return (jalr & 0xffff8000u) | 0x13u;
}

/*
 * Whether auipc + a sign-extended 12-bit offset reach off:
 * [-2^31 - 0x800, 2^31 - 1 - 0x800]. With 32-bit addresses the sum wraps,
 * so every offset is reachable.
 */
static inline int rvt_insn_pair_reaches(long off)
{
#if __SIZEOF_LONG__ > 4
	return off >= -(INT64_C(1) << 31) - 0x800 &&
	       off <= (INT64_C(1) << 31) - 1 - 0x800;
#else
	(void)off;
	return 1;
#endif
}

/* The pair auipc t0 / jalr t0 that calls from pc to target. */
int rvt_insn_call_t0(unsigned long pc, unsigned long target,
		     uint32_t *auipc, uint32_t *jalr);

#define RVT_INSN_AUIPC_T0	0x00000297u	/* auipc t0, 0 */
#define RVT_INSN_JALR_T0	0x000282e7u	/* jalr t0, 0(t0) */
#define RVT_INSN_STANDIN_T0	0x00028013u	/* addi x0, t0, 0 */

/*
 * What switching leaves alone: the immediates, which arming wrote for the
 * site's distance to the trampoline (rvt_insn_site_is() reads them
 * back). The rest of each word (opcode and registers) is fixed: the low
 * RVT_INSN_AUIPC_FIXED bits of the auipc, the low RVT_INSN_SWITCH_FIXED
 * bits of the jalr and of its stand-in. A switch flips
 * RVT_INSN_SWITCH_FLIP, whatever the site: nothing is re-encoded.
 */
#define RVT_INSN_AUIPC_FIXED	12
#define RVT_INSN_SWITCH_FIXED	20
#define RVT_INSN_SWITCH_FLIP	(RVT_INSN_JALR_T0 ^ RVT_INSN_STANDIN_T0)

/*
 * rvt_insn_site_is() with its fixed bits given as fixed_top, shifted to the
 * top of the word: a loop keeps that in a register.
 */
static inline int rvt_insn_site_is_top(unsigned long pc, unsigned long target,
				       uint32_t auipc, uint32_t word,
				       uint32_t fixed_top)
{
	uint32_t hi = auipc ^ RVT_INSN_AUIPC_T0;

	return !(uint32_t)(hi << (32 - RVT_INSN_AUIPC_FIXED)) &&
	       (uint32_t)(word << (32 - RVT_INSN_SWITCH_FIXED)) == fixed_top &&
	       (unsigned long)(long)(int32_t)hi +
	       (unsigned long)(long)((int32_t)word >> 20) == target - pc;
}

/* The top of fixed's low RVT_INSN_SWITCH_FIXED bits, for the above. */
#define RVT_INSN_SWITCH_TOP(fixed) \
	((uint32_t)((fixed) << (32 - RVT_INSN_SWITCH_FIXED)))

/*
 * Whether auipc and word at pc are auipc t0 and the instruction whose
 * fixed bits are fixed (RVT_INSN_JALR_T0 or RVT_INSN_STANDIN_T0), going
 * to target: every bit of both words, none encoded. (auipc with its fixed
 * bits XORed away is its upper immediate, already in place.)
 */
static inline int rvt_insn_site_is(unsigned long pc, unsigned long target,
				   uint32_t auipc, uint32_t word,
				   uint32_t fixed)
{
	return rvt_insn_site_is_top(pc, target, auipc, word,
				    RVT_INSN_SWITCH_TOP(fixed));
}

/*
 * rvt_insn_call_t0() for a pair known to reach (rvt_init() checked every
 * site): inline and without checks, for the patching loops.
 */
static inline void rvt_insn_call_t0_near(unsigned long pc,
					 unsigned long target,
					 uint32_t *auipc, uint32_t *jalr)
{
	unsigned long off = target - pc;

	/* hi20 rounds up where lo12, sign-extended, is negative. */
	*auipc = (uint32_t)((off + 0x800) & ~0xfffUL) | RVT_INSN_AUIPC_T0;
	*jalr = ((uint32_t)off << 20) | RVT_INSN_JALR_T0;
}

#endif
