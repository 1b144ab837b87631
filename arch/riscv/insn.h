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
uint32_t rvt_insn_jalr_off(uint32_t jalr);

/* The pair auipc t0 / jalr t0 that calls from pc to target. */
int rvt_insn_call_t0(unsigned long pc, unsigned long target,
		     uint32_t *auipc, uint32_t *jalr);

#endif
