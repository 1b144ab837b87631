// SPDX-License-Identifier: BSD-2-Clause
/*
 * rvt_ring_layout: what a host tool needs to read the event rings out of
 * the target's memory by itself, while the harts run and with no code of
 * the firmware on the path (tools/capture/: QEMU's monitor, a debug probe):
 * where rvt_trace is, the offsets and sizes of the fields it reads, and
 * what a dump header needs besides (the anchor, the clock, the build-id,
 * the embedded names).
 * Every offset and size is the compiler's, so the descriptor cannot go
 * stale when the structures change, and the host needs no debug
 * information. A change the host must follow (a field read differently,
 * another publication protocol) bumps LAYOUT_VERSION.
 *
 * The host finds the descriptor by its ELF symbol or, without the ELF, by
 * scanning RAM for the magic. A copy counts only at the address its self
 * member names, so a stale copy of the image (a loader's, or a PIE's before
 * it has relocated itself) is never taken for it.
 *
 * Its layout is the same for rv32 and rv64 (addresses are 64 bits wide),
 * so a host reads it before it knows the XLEN.
 *
 * Nothing in the library refers to it: rvtrace_instrument() links the
 * firmware with --undefined=rvt_ring_layout, which brings it in from the
 * archive and keeps it from --gc-sections.
 */
#include "ring.h"

#define LAYOUT_MAGIC	"RVTRACE-LAYOUT"	/* 16 bytes with the NULs */
/*
 * 3: events carry a task tag, so a dump of them is version 3. 4: on rv32 a
 * reader takes only the lower words of func and caller but in a data event.
 */
#define LAYOUT_VERSION	4

/* An address as 64 bits, the upper half 0 on rv32 (little-endian). */
struct layout_addr {
	const volatile void *at;
#if __riscv_xlen == 32
	uint32_t upper;
#endif
} __attribute__((aligned(8)));

#if __riscv_xlen == 32
#define ADDR(p)		{ (p), 0 }
#else
#define ADDR(p)		{ (p) }
#endif

/* Where a member is in its structure, and its size in bytes. */
struct layout_field {
	uint16_t offset;
	uint16_t size;
};

#define FIELD(type, member) \
	{ offsetof(type, member), sizeof(((type *)0)->member) }

struct rvt_ring_layout {
	char magic[16];
	uint16_t version;
	uint16_t size;			/* sizeof(struct rvt_ring_layout) */
	uint8_t xlen;
	uint8_t reserved[3];
	uint32_t max_harts;		/* entries of rvt_trace.rings[] */
	uint32_t ring_size;		/* the stride of rvt_trace.rings[] */
	struct layout_addr self;	/* this descriptor */
	struct layout_addr trace;	/* rvt_trace */
	struct layout_addr anchor;	/* rvt_init: a dump header's anchor */
	struct layout_addr platform;	/* rvt_core.plat, a pointer */
	struct layout_addr build_id;	/* the image's GNU build-id note... */
	struct layout_addr build_id_end;	/* ...ends here (empty: none) */
	struct layout_addr names;	/* the embedded names table... */
	struct layout_addr names_end;	/* ...ends here (empty: none) */
	/* struct rvt_trace */
	struct layout_field nr_harts, cap, flags, limit, kind;
	uint16_t rings;			/* offset of rings[] */
	uint16_t reserved2;
	/* struct rvt_ring */
	struct layout_field head, ev;
	/*
	 * struct rvt_event, which a dump copies as it is (on rv32 but for the
	 * upper words of func and caller: rvt_ring_read())
	 */
	uint32_t event_size;
	struct layout_field ev_ts, ev_func, ev_caller, ev_info, ev_seq;
	/* struct rvt_platform */
	struct layout_field clock_hz;
	/* struct rvt_trace again: odd while a start sets the rings up */
	struct layout_field generation;
} __attribute__((aligned(8)));

_Static_assert(sizeof(struct rvt_ring_layout) == 160 &&
	       offsetof(struct rvt_ring_layout, self) == 32 &&
	       offsetof(struct rvt_ring_layout, nr_harts) == 96 &&
	       offsetof(struct rvt_ring_layout, event_size) == 128 &&
	       offsetof(struct rvt_ring_layout, generation) == 156,
	       "the ring layout descriptor differs between rv32 and rv64");

/* The image's build-id note and names table (linker/rvtrace.ld). */
extern const uint8_t __rvt_build_id_start[];
extern const uint8_t __rvt_build_id_end[];
extern const char __rvt_names_start[];
extern const char __rvt_names_end[];

extern const struct rvt_ring_layout rvt_ring_layout;
const struct rvt_ring_layout rvt_ring_layout = {
	.magic = LAYOUT_MAGIC,
	.version = LAYOUT_VERSION,
	.size = sizeof(struct rvt_ring_layout),
	.xlen = __riscv_xlen,
	.max_harts = RVT_MAX_HARTS,
	.ring_size = sizeof(struct rvt_ring),
	.self = ADDR(&rvt_ring_layout),
	.trace = ADDR(&rvt_trace),
	.anchor = ADDR((const volatile void *)rvt_init),
	.platform = ADDR(&rvt_core.plat),
	.build_id = ADDR(__rvt_build_id_start),
	.build_id_end = ADDR(__rvt_build_id_end),
	.names = ADDR(__rvt_names_start),
	.names_end = ADDR(__rvt_names_end),
	.nr_harts = FIELD(struct rvt_trace, nr_harts),
	.cap = FIELD(struct rvt_trace, cap),
	.flags = FIELD(struct rvt_trace, flags),
	.limit = FIELD(struct rvt_trace, limit),
	.kind = FIELD(struct rvt_trace, kind),
	.rings = offsetof(struct rvt_trace, rings),
	.head = FIELD(struct rvt_ring, head),
	.ev = FIELD(struct rvt_ring, ev),
	.event_size = sizeof(struct rvt_event),
	.ev_ts = FIELD(struct rvt_event, ts),
	.ev_func = FIELD(struct rvt_event, func),
	.ev_caller = FIELD(struct rvt_event, caller),
	.ev_info = FIELD(struct rvt_event, info),
	.ev_seq = FIELD(struct rvt_event, seq),
	.clock_hz = FIELD(struct rvt_platform, clock_hz),
	.generation = FIELD(struct rvt_trace, generation),
};
