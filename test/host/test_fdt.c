// SPDX-License-Identifier: BSD-2-Clause
/*
 * The device-tree readers on QEMU virt's own trees (dtb/README.md): the harts
 * (rvt_fdt_nr_harts()), the ACLINT devices of one socket, of two, and of two
 * with aclint=on (rvt_fdt_aclint()), and what rvt_platform_virt_m_fdt()
 * makes of them: the MSIP and MTIMECMP of every hart in its own socket's
 * device. Broken trees (cut short, harts out of order, a controller that is
 * no cpu's, more devices than the table holds) are refused with RVT_EINVAL,
 * the platform copy and the devices in use left as they were.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include <rvtrace/error.h>
#include <rvtrace/platform.h>

#include "aclint.h"
#include "fdt.h"

#include "virt_1s.h"
#include "virt_2s.h"
#include "virt_2s_aclint.h"

#define TREE_MAX	8192
#define FDT_END		9	/* the token after the root node */

/* A tree of the words bin2words.cmake made: its bytes, in file order. */
static uint8_t tree[TREE_MAX];

static const uint8_t *load(const uint32_t *words, size_t nr)
{
	size_t i;

	assert_true(nr * 4 <= sizeof(tree));
	for (i = 0; i < nr * 4; i++)
		tree[i] = (uint8_t)(words[i / 4] >> 8 * (i % 4));
	return tree;
}

#define LOAD(words)	load(words, sizeof(words) / sizeof(words[0]))

struct find {
	const char *node, *prop;
	unsigned int depth;	/* of the node once found */
	const uint8_t *value;
	uint32_t len;
};

static int find_token(void *ctx, int tok, const struct rvt_fdt_token *t)
{
	struct find *f = ctx;

	if (tok == RVT_FDT_BEGIN_NODE && !f->depth &&
	    !strncmp((const char *)t->name, f->node, strlen(f->node)))
		f->depth = t->depth;
	if (tok != RVT_FDT_PROP || f->depth != t->depth ||
	    !rvt_fdt_prop_is(t, f->prop))
		return 0;
	f->value = t->value;
	f->len = t->len;
	return 1;
}

/* The value of prop in the first node whose name starts with node. */
static uint8_t *find_prop(const char *node, const char *prop, uint32_t *len)
{
	struct find f = { node, prop, 0, NULL, 0 };

	if (rvt_fdt_walk(tree, find_token, &f) != 1)
		fail_msg("no %s in %s", prop, node);
	*len = f.len;
	return tree + (f.value - tree);
}

static void put_be32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

static void expect_dev(const struct rvt_aclint_dev *d, uintptr_t base,
		       uint32_t first, uint32_t nr)
{
	assert_int_equal(d->base, base);
	assert_int_equal(d->first, first);
	assert_int_equal(d->nr, nr);
}

/* The registers rvt_platform_virt_m drives for hart. */
static void expect_regs(unsigned int hart, uintptr_t msip, uintptr_t mtimecmp)
{
	assert_int_equal((uintptr_t)rvt_platform_virt_m_msip(hart), msip);
	assert_int_equal((uintptr_t)rvt_platform_virt_m_mtimecmp(hart),
			 mtimecmp);
}

/* The two sockets' devices in use (after virt_2s or virt_2s_aclint). */
static void expect_two_sockets(void)
{
	expect_regs(0, 0x2000000, 0x2004000);
	expect_regs(3, 0x200000c, 0x2004018);
	expect_regs(4, 0x2010000, 0x2014000);
	expect_regs(7, 0x201000c, 0x2014018);
	expect_regs(8, 0, 0);
}

/* No tree read yet: the one ACLINT of a single socket, for every hart. */
static void test_default(void **state)
{
	(void)state;
	expect_regs(0, 0x2000000, 0x2004000);
	expect_regs(7, 0x200001c, 0x2004038);
	expect_regs(4094, 0x2000000 + 4 * 4094, 0x2004000 + 8 * 4094);
	expect_regs(4095, 0, 0);
}

static void test_one_socket(void **state)
{
	const uint8_t *fdt = LOAD(virt_1s);
	struct rvt_platform plat;
	struct rvt_aclint a;

	(void)state;
	assert_int_equal(rvt_fdt_nr_harts(fdt), 4);
	assert_int_equal(rvt_fdt_aclint(fdt, &a), 0);
	assert_int_equal(a.mswi.nr, 1);
	expect_dev(&a.mswi.dev[0], 0x2000000, 0, 4);
	assert_int_equal(a.mtimer.nr, 1);
	expect_dev(&a.mtimer.dev[0], 0x2004000, 0, 4);

	assert_int_equal(rvt_platform_virt_m_fdt(&plat, fdt), 4);
	assert_int_equal(plat.nr_harts, 4);
	assert_ptr_equal(plat.send_ipi, rvt_platform_virt_m.send_ipi);
	expect_regs(3, 0x200000c, 0x2004018);
	expect_regs(4, 0, 0);
	/* No register is written for a hart no device serves. */
	assert_int_equal(plat.send_ipi(4), RVT_EINVAL);
}

/* Both kinds of two-socket tree give the same devices. */
static void expect_two_socket_tree(const uint8_t *fdt)
{
	struct rvt_platform plat;
	struct rvt_aclint a;

	assert_int_equal(rvt_fdt_nr_harts(fdt), 8);
	assert_int_equal(rvt_fdt_aclint(fdt, &a), 0);
	assert_int_equal(a.mswi.nr, 2);
	expect_dev(&a.mswi.dev[0], 0x2000000, 0, 4);
	expect_dev(&a.mswi.dev[1], 0x2010000, 4, 4);
	assert_int_equal(a.mtimer.nr, 2);
	expect_dev(&a.mtimer.dev[0], 0x2004000, 0, 4);
	expect_dev(&a.mtimer.dev[1], 0x2014000, 4, 4);

	assert_int_equal(rvt_platform_virt_m_fdt(&plat, fdt), 8);
	expect_two_sockets();
	assert_int_equal(plat.send_ipi(8), RVT_EINVAL);
}

static void test_two_sockets(void **state)
{
	(void)state;
	expect_two_socket_tree(LOAD(virt_2s));
}

/* mtimecmp of the mtimers is their array, not mtime, which reg gives first. */
static void test_two_sockets_aclint(void **state)
{
	(void)state;
	expect_two_socket_tree(LOAD(virt_2s_aclint));
}

/*
 * fdt is refused by rvt_fdt_aclint() and rvt_platform_virt_m_fdt(); the
 * copy and the devices of the two-socket tree stay as they were.
 */
static void expect_refused(const uint8_t *fdt)
{
	static uint8_t bad[TREE_MAX];
	struct rvt_platform plat, before;
	struct rvt_aclint a;

	memcpy(bad, fdt, sizeof(bad));
	assert_int_equal(rvt_platform_virt_m_fdt(&plat, LOAD(virt_2s)), 8);
	memset(&plat, 0xa5, sizeof(plat));
	before = plat;
	assert_int_equal(rvt_fdt_aclint(bad, &a), RVT_EINVAL);
	assert_int_equal(rvt_platform_virt_m_fdt(&plat, bad), RVT_EINVAL);
	assert_memory_equal(&plat, &before, sizeof(plat));
	expect_two_sockets();
}

static void test_cut_short(void **state)
{
	uint32_t len, cut;

	(void)state;
	/* The structure block ends inside the second CLINT. */
	LOAD(virt_2s);
	cut = (uint32_t)(find_prop("clint@2010000", "reg", &len) - tree) -
	      rvt_fdt_be32(tree + 8);
	put_be32(tree + 36, cut);
	assert_int_equal(rvt_fdt_nr_harts(tree), RVT_EINVAL);
	expect_refused(tree);

	/* A total size smaller than the blocks it holds. */
	LOAD(virt_2s);
	put_be32(tree + 4, rvt_fdt_be32(tree + 4) / 2);
	expect_refused(tree);
}

/* Swap the phandles of entries i and j of node's interrupts-extended. */
static void swap_entries(const char *node, uint32_t entries, unsigned int i,
			 unsigned int j)
{
	uint8_t *irqs, swap[4];
	uint32_t len;

	irqs = find_prop(node, "interrupts-extended", &len);
	assert_int_equal(len, 8 * entries);
	memcpy(swap, irqs + 8 * i, 4);
	memcpy(irqs + 8 * i, irqs + 8 * j, 4);
	memcpy(irqs + 8 * j, swap, 4);
}

static void test_harts_out_of_order(void **state)
{
	uint8_t *irqs, hart0[4];
	uint32_t len;

	(void)state;
	/* Harts 5 and 6 of clint@2010000 swapped: 4, 6, 5, 7. */
	LOAD(virt_2s);
	swap_entries("clint@2010000", 8, 2, 4);
	expect_refused(tree);

	/* The same for the timer only, in an mtimer of aclint=on. */
	LOAD(virt_2s_aclint);
	swap_entries("mtimer@2014000", 4, 1, 2);
	expect_refused(tree);

	/* Hart 0's entry in the second socket's MSWI too: 0, 4, 5, 6 there. */
	LOAD(virt_2s_aclint);
	irqs = find_prop("mswi@2000000", "interrupts-extended", &len);
	memcpy(hart0, irqs, 4);
	irqs = find_prop("mswi@2010000", "interrupts-extended", &len);
	memmove(irqs + 8, irqs, 24);
	memcpy(irqs, hart0, 4);
	expect_refused(tree);
}

static void test_not_a_cpu(void **state)
{
	uint8_t *irqs;
	uint32_t len;

	(void)state;
	/* An entry whose phandle is no cpu's interrupt controller. */
	LOAD(virt_2s);
	irqs = find_prop("clint@2000000", "interrupts-extended", &len);
	put_be32(irqs + 16, 0x7777);
	expect_refused(tree);

	/* A cpu's own phandle, not its controller's. */
	LOAD(virt_2s);
	irqs = find_prop("clint@2000000", "interrupts-extended", &len);
	put_be32(irqs + 16, rvt_fdt_be32(find_prop("cpu@1", "phandle", &len)));
	expect_refused(tree);
}

/*
 * A tree of harts, one a socket (/cpus/cpu@i and its controller, phandle
 * i + 1), and of devs CLINTs at 0x2000000 + 0x10000 * i, each for hart i.
 */
struct builder {
	uint8_t *p, *strings;
	uint32_t nstrings;
};

static void emit32(struct builder *b, uint32_t v)
{
	put_be32(b->p, v);
	b->p += 4;
}

static void begin_node(struct builder *b, const char *name)
{
	size_t len = strlen(name) + 1;

	emit32(b, RVT_FDT_BEGIN_NODE);
	memset(b->p, 0, (len + 3) & ~(size_t)3);
	memcpy(b->p, name, len);
	b->p += (len + 3) & ~(size_t)3;
}

/* A property of n cells; strings of cells go as words of their bytes. */
static void cells(struct builder *b, const char *name, const uint32_t *v,
		  uint32_t n)
{
	uint32_t i;

	emit32(b, RVT_FDT_PROP);
	emit32(b, 4 * n);
	emit32(b, b->nstrings);
	strcpy((char *)b->strings + b->nstrings, name);
	b->nstrings += (uint32_t)strlen(name) + 1;
	for (i = 0; i < n; i++)
		emit32(b, v[i]);
}

static const uint8_t *build(unsigned int harts, unsigned int devs)
{
	static const char compat[] = "riscv,clint0";
	uint8_t *struct_start = tree + 40 + 16;
	static uint8_t strings[4096];
	struct builder b = { struct_start, strings, 0 };
	uint32_t v[4], compat_words[4] = { 0 };
	char name[32];
	unsigned int i;

	memset(tree, 0, sizeof(tree));
	for (i = 0; i < sizeof(compat) - 1; i++)
		compat_words[i / 4] |= (uint32_t)compat[i] << (24 - 8 * (i % 4));
	begin_node(&b, "");
	begin_node(&b, "cpus");
	v[0] = 1;
	cells(&b, "#address-cells", v, 1);
	for (i = 0; i < harts; i++) {
		snprintf(name, sizeof(name), "cpu@%u", i);
		begin_node(&b, name);
		cells(&b, "device_type", (const uint32_t[]){ 0x63707500 }, 1);
		v[0] = i;
		cells(&b, "reg", v, 1);
		begin_node(&b, "interrupt-controller");
		v[0] = i + 1;
		cells(&b, "phandle", v, 1);
		emit32(&b, RVT_FDT_END_NODE);
		emit32(&b, RVT_FDT_END_NODE);
	}
	emit32(&b, RVT_FDT_END_NODE);
	for (i = 0; i < devs; i++) {
		snprintf(name, sizeof(name), "clint@%x", 0x2000000 + 0x10000 * i);
		begin_node(&b, name);
		cells(&b, "compatible", compat_words, 4);
		v[0] = 0;
		v[1] = 0x2000000 + 0x10000 * i;
		v[2] = 0;
		v[3] = 0x10000;
		cells(&b, "reg", v, 4);
		v[0] = i + 1;
		v[1] = 3;
		v[2] = i + 1;
		v[3] = 7;
		cells(&b, "interrupts-extended", v, 4);
		emit32(&b, RVT_FDT_END_NODE);
	}
	emit32(&b, RVT_FDT_END_NODE);
	emit32(&b, FDT_END);
	assert_true(b.p + b.nstrings <= tree + sizeof(tree));
	memcpy(b.p, strings, b.nstrings);
	put_be32(tree, 0xd00dfeed);
	put_be32(tree + 4, (uint32_t)(b.p - tree) + b.nstrings);
	put_be32(tree + 8, (uint32_t)(struct_start - tree));
	put_be32(tree + 12, (uint32_t)(b.p - tree));
	put_be32(tree + 16, 40);
	put_be32(tree + 20, 17);
	put_be32(tree + 24, 16);
	put_be32(tree + 32, b.nstrings);
	put_be32(tree + 36, (uint32_t)(b.p - struct_start));
	return tree;
}

static void test_device_count(void **state)
{
	struct rvt_platform plat;
	struct rvt_aclint a;

	(void)state;
	/* As many as QEMU's sockets: the table holds them. */
	assert_int_equal(rvt_fdt_aclint(build(8, 8), &a), 0);
	assert_int_equal(a.mswi.nr, 8);
	expect_dev(&a.mswi.dev[7], 0x2070000, 7, 1);
	assert_int_equal(a.mtimer.nr, 8);
	expect_dev(&a.mtimer.dev[7], 0x2074000, 7, 1);
	assert_int_equal(rvt_platform_virt_m_fdt(&plat, tree), 8);
	expect_regs(7, 0x2070000, 0x2074000);

	/* One more than that. */
	expect_refused(build(9, 9));

	/* A tree that lists none: the single socket's device again. */
	assert_int_equal(rvt_fdt_aclint(build(8, 0), &a), 0);
	assert_int_equal(a.mswi.nr + a.mtimer.nr, 0);
	assert_int_equal(rvt_platform_virt_m_fdt(&plat, tree), 8);
	expect_regs(7, 0x200001c, 0x2004038);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		/* First: nothing read yet. */
		cmocka_unit_test(test_default),
		cmocka_unit_test(test_one_socket),
		cmocka_unit_test(test_two_sockets),
		cmocka_unit_test(test_two_sockets_aclint),
		cmocka_unit_test(test_cut_short),
		cmocka_unit_test(test_harts_out_of_order),
		cmocka_unit_test(test_not_a_cpu),
		cmocka_unit_test(test_device_count),
	};

	return cmocka_run_group_tests_name("fdt", tests, NULL, NULL);
}
