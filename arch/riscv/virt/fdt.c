// SPDX-License-Identifier: BSD-2-Clause
/* Just enough of a flattened device tree walk to count the harts. */
#include <stdint.h>

#include "board.h"

#define FDT_MAGIC	0xd00dfeedu
#define FDT_BEGIN_NODE	1
#define FDT_END_NODE	2
#define FDT_PROP	3
#define FDT_NOP		4
#define FDT_END		9

static uint32_t be32(const void *p)
{
	const uint8_t *b = p;

	return ((uint32_t)b[0] << 24) | ((uint32_t)b[1] << 16) |
	       ((uint32_t)b[2] << 8) | b[3];
}

static int prefix(const char *s, const char *p)
{
	while (*p)
		if (*s++ != *p++)
			return 0;
	return 1;
}

/* Nodes /cpus/cpu@N; 1 if there is no usable tree. */
unsigned int board_fdt_count_cpus(const void *fdt)
{
	const uint8_t *base = fdt;
	const uint8_t *p;
	unsigned int depth = 0, cpus = 0;
	int in_cpus = 0;

	if (!fdt || be32(base) != FDT_MAGIC)
		return 1;
	p = base + be32(base + 8);
	for (;;) {
		uint32_t tok = be32(p);
		const char *name;
		uint32_t len;

		p += 4;
		switch (tok) {
		case FDT_BEGIN_NODE:
			name = (const char *)p;
			depth++;
			if (depth == 2 && prefix(name, "cpus") &&
			    (name[4] == 0 || name[4] == '@'))
				in_cpus = 1;
			else if (depth == 3 && in_cpus && prefix(name, "cpu@"))
				cpus++;
			while (*p)
				p++;
			p = (const uint8_t *)(((uintptr_t)p + 4) & ~(uintptr_t)3);
			break;
		case FDT_END_NODE:
			if (depth == 2)
				in_cpus = 0;
			depth--;
			break;
		case FDT_PROP:
			len = be32(p);
			p += 8 + ((len + 3) & ~3u);
			break;
		case FDT_NOP:
			break;
		default:
			return cpus ? cpus : 1;
		}
	}
}
