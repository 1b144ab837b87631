// SPDX-License-Identifier: BSD-2-Clause
/*
 * rvt_fdt_nr_harts(): how many hart numbers a flattened device tree (the one
 * a RISC-V boot loader, QEMU or an SBI hands over in a1) gives a platform
 * whose hart_index() is the hart ID. Only as much of the format as that
 * takes, and nothing read outside the sizes its header gives.
 */
#include <rvtrace/error.h>
#include <rvtrace/platform.h>

#define FDT_MAGIC	0xd00dfeedu
#define FDT_BEGIN_NODE	1
#define FDT_END_NODE	2
#define FDT_PROP	3
#define FDT_NOP		4
#define FDT_END		9
#define FDT_HEADER	40	/* bytes of a version 17 header */

/* Big-endian, byte by byte: the tree need not be aligned for this hart. */
static uint32_t be32(const uint8_t *p)
{
	return ((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) |
	       ((uint32_t)p[2] << 8) | p[3];
}

/* The NUL-terminated string at s equals want, within [s, end). */
static int str_is(const uint8_t *s, const uint8_t *end, const char *want)
{
	while (s < end && *want && *s == (uint8_t)*want) {
		s++;
		want++;
	}
	return s < end && !*want && !*s;
}

/* A node name: "cpus", or "cpus@..." (a unit address nobody should use). */
static int is_cpus(const uint8_t *s, const uint8_t *end)
{
	static const char cpus[] = "cpus";
	unsigned int i;

	for (i = 0; i < sizeof(cpus) - 1; i++)
		if (s + i >= end || s[i] != (uint8_t)cpus[i])
			return 0;
	return s + i < end && (!s[i] || s[i] == '@');
}

/* A property value that is one of the strings that mean "in use". */
static int status_okay(const uint8_t *v, uint32_t len)
{
	return str_is(v, v + len, "okay") || str_is(v, v + len, "ok");
}

/* Up to the next token (4-byte aligned), but never past end. */
static uint32_t next_token(uint32_t off, uint32_t end)
{
	off += -off & 3u;
	return off < end ? off : end;
}

/*
 * 1 + the highest hart ID (the cell of reg) among the children of /cpus with
 * device_type "cpu" whose status is "okay" or absent. Disabled harts (an
 * SBI marks those outside the payload's domain so) would never come online
 * and keep the fast entries closed; one below the highest still has a
 * number, as the rings are indexed by it.
 */
int rvt_fdt_nr_harts(const void *fdt)
{
	const uint8_t *base = fdt, *strings;
	uint32_t total, pos, end, str_off, str_size, len, name;
	uint32_t cells = 2, id = 0, harts = 0;
	unsigned int depth = 0;
	int in_cpus = 0, is_cpu = 0, has_reg = 0, okay = 1;

	if (!base || be32(base) != FDT_MAGIC)
		return RVT_EINVAL;
	total = be32(base + 4);
	if (total < FDT_HEADER || be32(base + 20) < 17)
		return RVT_EINVAL;
	pos = be32(base + 8);
	end = be32(base + 36);
	str_off = be32(base + 12);
	str_size = be32(base + 32);
	if (pos > total || end > total - pos || pos % 4 ||
	    str_off > total || str_size > total - str_off)
		return RVT_EINVAL;
	end += pos;
	strings = base + str_off;

	while (end - pos >= 4) {
		uint32_t tok = be32(base + pos);
		const uint8_t *v;

		pos += 4;
		switch (tok) {
		case FDT_BEGIN_NODE:
			depth++;
			if (depth == 2) {
				in_cpus = is_cpus(base + pos, base + end);
				cells = 2;	/* the default without #address-cells */
			} else if (depth == 3 && in_cpus) {
				is_cpu = 0;
				has_reg = 0;
				okay = 1;
			}
			while (pos < end && base[pos])
				pos++;
			if (pos == end)
				return RVT_EINVAL;
			pos = next_token(pos + 1, end);
			break;
		case FDT_END_NODE:
			if (!depth)
				return RVT_EINVAL;
			if (depth == 3 && in_cpus && is_cpu && has_reg && okay &&
			    id < INT32_MAX && id + 1 > harts)
				harts = id + 1;
			if (depth == 2)
				in_cpus = 0;
			depth--;
			break;
		case FDT_PROP:
			if (end - pos < 8)
				return RVT_EINVAL;
			len = be32(base + pos);
			name = be32(base + pos + 4);
			pos += 8;
			if (len > end - pos || name >= str_size)
				return RVT_EINVAL;
			v = base + pos;
			pos = next_token(pos + len, end);
			if (!in_cpus || depth > 3)
				break;
			/* Properties come before subnodes: cells is known. */
			if (depth == 2) {
				if (str_is(strings + name, strings + str_size,
					   "#address-cells") && len == 4)
					cells = be32(v);
			} else if (str_is(strings + name, strings + str_size,
					  "device_type")) {
				is_cpu = str_is(v, v + len, "cpu");
			} else if (str_is(strings + name, strings + str_size,
					  "status")) {
				okay = status_okay(v, len);
			} else if (str_is(strings + name, strings + str_size,
					  "reg") &&
				   (cells == 1 || cells == 2) && len >= 4 * cells) {
				/* The hart ID: the last cell of the first address. */
				id = be32(v + 4 * (cells - 1));
				has_reg = cells == 1 || !be32(v);
			}
			break;
		case FDT_NOP:
			break;
		case FDT_END:
			return harts ? (int)harts : RVT_EINVAL;
		default:
			return RVT_EINVAL;
		}
	}
	return RVT_EINVAL;
}
