// SPDX-License-Identifier: BSD-2-Clause
/*
 * values.c against the fixture ELFs of data/values/ (README.md there): the
 * exact strings it makes of chosen registers for functions of known types,
 * under each ABI; then the same calls on copies whose DWARF is garbled,
 * which must not crash it.
 *
 * values_test DATA_DIR WORK_DIR
 */
#include <fcntl.h>
#include <gelf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "symbols.h"
#include "values.h"

struct fixture {
	const char *name;
	char path[4096];
	struct symtab *s;
	struct values *v;
};

static int failures;

/* The registers a0.. from a list of values: REGS(LIST(1, 2), NONE). */
#define LIST(...)	(sizeof((const uint64_t[]){ __VA_ARGS__ }) / \
			 sizeof(uint64_t)), (const uint64_t[]){ __VA_ARGS__ }
#define NONE		0, NULL

static struct call_regs regs(size_t nr_a, const uint64_t *a, size_t nr_fa,
			     const uint64_t *fa)
{
	struct call_regs r = { { 0 }, { 0 }, (unsigned int)nr_a,
			       (unsigned int)nr_fa };

	if (nr_a)
		memcpy(r.a, a, nr_a * sizeof(*a));
	if (nr_fa)
		memcpy(r.fa, fa, nr_fa * sizeof(*fa));
	return r;
}

static void check(const struct fixture *f, const char *func, const char *what,
		  const char *want, const char *got)
{
	if (!strcmp(want, got))
		return;
	fprintf(stderr, "%s: %s %s:\n  expected \"%s\"\n       got \"%s\"\n",
		f->name, func, what, want, got);
	failures++;
}

static uint64_t func_addr(const struct fixture *f, const char *func)
{
	uint64_t addr = sym_lookup(f->s, func);

	if (!addr) {
		fprintf(stderr, "%s: no function %s\n", f->name, func);
		failures++;
	}
	return addr;
}

static void args_with(const struct fixture *f, const struct symtab *s,
		      const char *func, struct call_regs r, const char *want)
{
	char got[512];

	values_args(f->v, s, func_addr(f, func), &r, got, sizeof(got));
	check(f, func, s ? "args" : "args without symbols", want, got);
}

static void args(const struct fixture *f, const char *func, struct call_regs r,
		 const char *want)
{
	args_with(f, f->s, func, r, want);
}

static void ret(const struct fixture *f, const char *func, struct call_regs r,
		const char *want)
{
	char got[512];

	values_ret(f->v, f->s, func_addr(f, func), &r, got, sizeof(got));
	check(f, func, "return", want, got);
}

/* The address of a data object: the symtab of symbols.h has functions only. */
static uint64_t object_addr(const char *path, const char *name)
{
	Elf_Scn *scn = NULL;
	uint64_t addr = 0;
	int fd = open(path, O_RDONLY);
	Elf *elf;

	elf_version(EV_CURRENT);
	elf = fd < 0 ? NULL : elf_begin(fd, ELF_C_READ, NULL);
	while (elf && !addr && (scn = elf_nextscn(elf, scn))) {
		Elf_Data *data = elf_getdata(scn, NULL);
		GElf_Shdr sh;
		GElf_Sym sym;
		size_t i;

		if (!gelf_getshdr(scn, &sh) || sh.sh_type != SHT_SYMTAB ||
		    !data || !sh.sh_entsize)
			continue;
		for (i = 0; i < sh.sh_size / sh.sh_entsize; i++) {
			const char *n;

			if (!gelf_getsym(data, (int)i, &sym))
				continue;
			n = elf_strptr(elf, sh.sh_link, sym.st_name);
			if (n && !strcmp(n, name))
				addr = sym.st_value;
		}
	}
	if (elf)
		elf_end(elf);
	if (fd >= 0)
		close(fd);
	if (!addr) {
		fprintf(stderr, "%s: no object %s\n", path, name);
		failures++;
	}
	return addr;
}

static int open_fixture(struct fixture *f, const char *dir, const char *name)
{
	struct err e;

	f->name = name;
	snprintf(f->path, sizeof(f->path), "%s/%s", dir, name);
	f->s = symtab_open(f->path, 0, &e);
	if (f->s)
		f->v = values_open(f->path, &e);
	if (!f->s || !f->v) {
		fprintf(stderr, "%s\n", e.msg);
		symtab_close(f->s);
		failures++;
		return -1;
	}
	return 0;
}

static void close_fixture(struct fixture *f)
{
	values_close(f->v);
	symtab_close(f->s);
}

/* What every ABI agrees on: integers, characters, enumerations. */
static void common(const struct fixture *f)
{
	const char *ellipsis = "p1=1, p2=2, p3=3, p4=4, p5=5, p6=6, p7=7, p8=8, ...";

	if (!values_known(f->v, func_addr(f, "ints")))
		check(f, "ints", "known", "1", "0");
	args(f, "ints", regs(LIST(0xffffffffffffff80, 0xffff), NONE),
	     "a=-128, b=65535");
	args(f, "ints", regs(LIST(0x7f, 0x12345), NONE), "a=127, b=9029");
	ret(f, "ints", regs(LIST(0xfffffffffffffffe), NONE), "-2");
	/* Fewer registers than parameters: the rest unseen. */
	args(f, "ints", regs(LIST(0x5), NONE), "a=5, ...");
	args(f, "ints", regs(NONE, NONE), "...");
	ret(f, "ints", regs(NONE, NONE), "?");

	args(f, "chars", regs(LIST(1, 0x41, 0xffffffffffffffff, 0x27,
				   0xdeadbeef), NONE),
	     "on=true, c='A', sc='\\xff', uc='\\'', r=3735928559");
	args(f, "chars", regs(LIST(0, 0x5c, 0x7e, 0x0a, 0), NONE),
	     "on=false, c='\\\\', sc='~', uc='\\x0a', r=0");
	ret(f, "chars", regs(LIST(1), NONE), "true");

	args(f, "modes", regs(LIST(0xffffffffffffffff, 200), NONE),
	     "m=MODE_ERR, l=LEVEL_HIGH");
	args(f, "modes", regs(LIST(5, 1), NONE), "m=MODE_AUTO, l=LEVEL_LOW");
	/* No enumerator: the number, as the enumeration is signed. */
	args(f, "modes", regs(LIST(0xfffffffe, 0x80000000), NONE),
	     "m=-2, l=2147483648");
	ret(f, "modes", regs(LIST(1), NONE), "MODE_ON");
	ret(f, "modes", regs(LIST(7), NONE), "7");

	args(f, "many", regs(LIST(1, 2, 3, 4, 5, 6, 7, 8), NONE), ellipsis);
	args(f, "unnamed", regs(LIST(4, 5), NONE), "4, k=5");
	args(f, "varargs", regs(LIST(3, 1, 2), NONE), "n=3, ...");
	/* The copy kept out of line: names through DW_AT_abstract_origin. */
	args(f, "twice", regs(LIST(0xffffff9c), NONE), "v=-100");
	ret(f, "twice", regs(LIST(0xffffffffffffff38), NONE), "-200");

	args(f, "nothing", regs(LIST(1, 2), NONE), "");
	ret(f, "nothing", regs(LIST(1, 2), NONE), "");
	ret(f, "callee", regs(NONE, NONE), "");
}

/*
 * Pointers: named when into a data object or into code; not past the code,
 * where an unsized symbol (code_end, or _edata from GNU ld) would reach.
 */
static void pointers(const struct fixture *f, uint64_t mask)
{
	uint64_t buf = object_addr(f->path, "buf");
	uint64_t head = object_addr(f->path, "head");
	uint64_t callee = func_addr(f, "callee");
	uint64_t code_end = func_addr(f, "code_end");
	char want[512], plain[512];

	snprintf(want, sizeof(want),
		 "p=0x%llx <buf+0x10>, n=0x%llx <head>, fn=0x%llx <callee>, s=0x7ffffff0",
		 (unsigned long long)(buf + 16), (unsigned long long)head,
		 (unsigned long long)callee);
	snprintf(plain, sizeof(plain),
		 "p=0x%llx, n=0x%llx, fn=0x%llx, s=0x7ffffff0",
		 (unsigned long long)(buf + 16), (unsigned long long)head,
		 (unsigned long long)callee);
	/* Bits above XLEN in a recorded register are not the pointer's. */
	args(f, "ptrs", regs(LIST(buf + 16, head | ~mask, callee, 0x7ffffff0),
			     NONE), want);
	args_with(f, NULL, "ptrs",
		  regs(LIST(buf + 16, head, callee, 0x7ffffff0), NONE), plain);
	args(f, "ptrs", regs(LIST(0, 0, 0, 0), NONE),
	     "p=NULL, n=NULL, fn=NULL, s=NULL");
	snprintf(want, sizeof(want), "0x%llx <buf>", (unsigned long long)buf);
	ret(f, "ptrs", regs(LIST(buf), NONE), want);
	snprintf(want, sizeof(want), "0x%llx <code_end>",
		 (unsigned long long)code_end);
	ret(f, "ptrs", regs(LIST(code_end), NONE), want);
	ret(f, "ptrs", regs(LIST(0x7ffffff0), NONE), "0x7ffffff0");
}

static void rv64imac(const char *dir)
{
	struct fixture f;

	if (open_fixture(&f, dir, "values-rv64imac.elf"))
		return;
	common(&f);
	pointers(&f, UINT64_MAX);
	args(&f, "widths",
	     regs(LIST(0xffffffffffffffff, 0xff, 0xffffffffffff8000, 0xffff,
		       0xffffffff80000000, 0xffffffff, 0x8000000000000000,
		       0xffffffffffffffff), NONE),
	     "a=-1, b=255, c=-32768, d=65535, e=-2147483648, f=4294967295, g=-9223372036854775808, h=18446744073709551615");
	args(&f, "widths", regs(LIST(1, 2, 3, 4, 5, 6), NONE),
	     "a=1, b=2, c=3, d=4, e=5, f=6, ...");
	/* point: 4 bytes of a0; pair: a1 and a2; big: its address in a3. */
	args(&f, "by_value",
	     regs(LIST(0xdead00050003, 1, 0xfffffffffffffffe, 0x7ff0), NONE),
	     "p={0x50003}, q={0x1, 0xfffffffffffffffe}, b=0x7ff0");
	ret(&f, "mkpoint", regs(LIST(0x12345678ffff0001), NONE),
	    "{0xffff0001}");
	ret(&f, "mkpair", regs(LIST(5, 0xfffffffffffffffb), NONE),
	    "{0x5, 0xfffffffffffffffb}");
	args(&f, "wide", regs(LIST(0xfffffffffffffffb, 3), NONE), "x=-5, y=3");
	ret(&f, "neg5", regs(LIST(0xfffffffffffffffb), NONE), "-5");
	/* __int128: two registers, low first, not aligned to an even one. */
	args(&f, "wide128", regs(LIST(0xfffffffffffffffe, 0xffffffffffffffff, 1),
				 NONE), "x=-2, y=1");
	args(&f, "wide128", regs(LIST(0, 1, 0xffffffff), NONE),
	     "x=18446744073709551616, y=-1");
	ret(&f, "wide128", regs(LIST(0xfffffffffffffffd, 0xffffffffffffffff),
				NONE), "-3");
	ret(&f, "wide128", regs(LIST(0xfffffffffffffffd), NONE), "?");
	/* Soft-float: floats and doubles in a-registers. */
	args(&f, "fsum", regs(LIST(0x3fc00000, 0x4004000000000000, 7), NONE),
	     "x=1.5, y=2.5, n=7");
	ret(&f, "fsum", regs(LIST(0xffffffffbfc00000), NONE), "-1.5");
	ret(&f, "fdouble", regs(LIST(0xc00c000000000000), NONE), "-3.5");
	args(&f, "fpoint_x", regs(LIST(0x400000003f800000, 3), NONE),
	     "p={0x400000003f800000}, k=3");
	/* GCC's clones, their parameters changed: in hex. */
	if (values_known(f.v, func_addr(&f, "field_b.isra.0")) ||
	    values_known(f.v, func_addr(&f, "times_c.constprop.0")))
		check(&f, "field_b.isra.0, times_c.constprop.0", "known", "0",
		      "1");
	args(&f, "field_b.isra.0", regs(LIST(6, 2), NONE), "a0=0x6, a1=0x2");
	args(&f, "times_c.constprop.0", regs(LIST(5), NONE), "a0=0x5");
	ret(&f, "times_c.constprop.0", regs(LIST(35), NONE), "0x23");
	args(&f, "floats", regs(LIST(0x3f800000, 0x40000000, 0x40400000,
				     0x40800000, 0x40a00000, 0x40c00000,
				     0x40e00000, 0x41000000), NONE),
	     "f1=1, f2=2, f3=3, f4=4, f5=5, f6=6, f7=7, f8=8, ...");
	close_fixture(&f);
}

static void rv32imac(const char *dir)
{
	struct fixture f;

	if (open_fixture(&f, dir, "values-rv32imac.elf"))
		return;
	common(&f);
	pointers(&f, UINT32_MAX);
	/* Only the low 32 bits of each register are RV32's. */
	args(&f, "ints", regs(LIST(0xdeadbeef00000080, 0x5ffff), NONE),
	     "a=-128, b=65535");
	/* g takes a6 and a7; h is on the stack. */
	args(&f, "widths",
	     regs(LIST(0xffffffff, 0xff, 0xffff8000, 0xffff, 0x80000000,
		       0xffffffff, 0xfffffffe, 0xffffffff), NONE),
	     "a=-1, b=255, c=-32768, d=65535, e=-2147483648, f=4294967295, g=-2, ...");
	args(&f, "widths", regs(LIST(1, 2, 3, 4, 5, 6, 7), NONE),
	     "a=1, b=2, c=3, d=4, e=5, f=6, ...");
	/*
	 * point: a0; pair (2 x XLEN): a1 and a2; big: its address in a3. No
	 * word has more than 32 bits.
	 */
	args(&f, "by_value", regs(LIST(0x50003, 0xabcd000000000001, 0xfffffffe,
				       0xdead00007ff0), NONE),
	     "p={0x50003}, q={0x1, 0xfffffffe}, b=0x7ff0");
	ret(&f, "mkpair", regs(LIST(5, 0xfffffffb), NONE), "{0x5, 0xfffffffb}");
	ret(&f, "mkpair", regs(LIST(5), NONE), "?");
	/* long long: a0 (low) and a1. */
	args(&f, "wide", regs(LIST(0xfffffffb, 0xffffffff, 3), NONE),
	     "x=-5, y=3");
	args(&f, "wide", regs(LIST(0, 1, 3), NONE), "x=4294967296, y=3");
	ret(&f, "neg5", regs(LIST(0xfffffffb, 0xffffffff), NONE), "-5");
	ret(&f, "wide", regs(LIST(0xfffffffb), NONE), "?");
	/* A pair from an odd register: named arguments are not aligned. */
	args(&f, "odd_pair", regs(LIST(1, 0xfffffffe, 0xffffffff, 3), NONE),
	     "a=1, b=-2, c=3");
	/* Soft-float: a double takes two a-registers. */
	args(&f, "fsum", regs(LIST(0x3fc00000, 0, 0x40040000, 7), NONE),
	     "x=1.5, y=2.5, n=7");
	ret(&f, "fdouble", regs(LIST(0, 0xc00c0000), NONE), "-3.5");
	close_fixture(&f);
}

static void rv64imafdc(const char *dir)
{
	struct fixture f;

	if (open_fixture(&f, dir, "values-rv64imafdc.elf"))
		return;
	common(&f);
	pointers(&f, UINT64_MAX);
	/* Floats NaN-boxed in fa-registers, the int in a0. */
	args(&f, "fsum", regs(LIST(7), LIST(0xffffffff3fc00000,
					    0x4004000000000000)),
	     "x=1.5, y=2.5, n=7");
	args(&f, "fsum", regs(LIST(7), NONE), "...");
	ret(&f, "fsum", regs(LIST(0x1234), LIST(0xffffffff3fc00000)), "1.5");
	ret(&f, "fsum", regs(LIST(0x1234), NONE), "?");
	ret(&f, "fdouble", regs(NONE, LIST(0xc00c000000000000)), "-3.5");
	/* Past fa7 a float goes to the a-registers. */
	args(&f, "floats", regs(LIST(0x41100000, 10),
				LIST(0xffffffff3f800000, 0xffffffff40000000,
				     0xffffffff40400000, 0xffffffff40800000,
				     0xffffffff40a00000, 0xffffffff40c00000,
				     0xffffffff40e00000, 0xffffffff41000000)),
	     "f1=1, f2=2, f3=3, f4=4, f5=5, f6=6, f7=7, f8=8, f9=9, k=10");
	args(&f, "floats", regs(LIST(0x41100000, 10),
				LIST(0x3f800000, 0x40000000, 0x40400000)),
	     "f1=1, f2=2, f3=3, ...");
	/* A struct of floats may be flattened into fa-registers: not followed. */
	args(&f, "fpoint_x", regs(LIST(3), LIST(0x3f800000, 0x40000000)),
	     "p=?, ...");
	close_fixture(&f);
}

static void rv32imafc_clang(const char *dir)
{
	struct fixture f;

	if (open_fixture(&f, dir, "values-rv32imafc-clang.elf"))
		return;
	common(&f);
	pointers(&f, UINT32_MAX);
	/* ilp32f: the float in fa0, the double in a0 and a1, n in a2. */
	args(&f, "fsum", regs(LIST(0, 0x40040000, 7), LIST(0x3fc00000)),
	     "x=1.5, y=2.5, n=7");
	ret(&f, "fsum", regs(NONE, LIST(0x3fc00000)), "1.5");
	ret(&f, "fdouble", regs(LIST(0, 0xc00c0000), LIST(0x3fc00000)), "-3.5");
	args(&f, "wide", regs(LIST(0xfffffffb, 0xffffffff, 3), NONE),
	     "x=-5, y=3");
	args(&f, "odd_pair", regs(LIST(1, 0xfffffffe, 0xffffffff, 3), NONE),
	     "a=1, b=-2, c=3");
	/* c is always 7: clang leaves it out of a1 and says so in DWARF. */
	args(&f, "times_c", regs(LIST(5, 0xdead), NONE), "k=5, c=7");
	close_fixture(&f);
}

/* Without DWARF, and without a struct values: the registers in hex. */
static void hex(const char *dir)
{
	struct call_regs r = regs(LIST(5, 0x41), LIST(0x3ff0000000000000));
	struct fixture f;
	char got[256];
	struct err e;

	if (open_fixture(&f, dir, "values-rv64imac-nodebug.elf"))
		return;
	if (values_known(f.v, func_addr(&f, "ints")))
		check(&f, "ints", "known", "0", "1");
	args(&f, "ints", r, "a0=0x5, a1=0x41, fa0=0x3ff0000000000000");
	ret(&f, "ints", r, "0x5");
	ret(&f, "nothing", regs(NONE, NONE), "?");
	values_args(NULL, f.s, 0x1000, &r, got, sizeof(got));
	check(&f, "(no values)", "args",
	      "a0=0x5, a1=0x41, fa0=0x3ff0000000000000", got);
	values_ret(NULL, NULL, 0x1000, &r, got, sizeof(got));
	check(&f, "(no values)", "return", "0x5", got);
	/* A buffer too small: cut, still a string. */
	values_args(f.v, f.s, 0x1000, &r, got, 6);
	check(&f, "(small buffer)", "args", "a0=0x", got);
	close_fixture(&f);

	snprintf(f.path, sizeof(f.path), "%s/README.md", dir);
	f.v = values_open(f.path, &e);
	if (f.v || !strstr(e.msg, "not an ELF")) {
		fprintf(stderr, "README.md opened as an ELF (%s)\n",
			f.v ? "no error" : e.msg);
		failures++;
		values_close(f.v);
	}
}

static uint32_t rnd_state = 12345;

static uint32_t rnd(void)
{
	rnd_state = rnd_state * 1103515245 + 12345;
	return rnd_state >> 8;
}

/*
 * from copied to to, with bytes of one DWARF section overwritten at random:
 * .debug_info (types, unit headers) or .debug_abbrev (the forms of all).
 */
static int copy_garbled(const char *from, const char *to, const char *section)
{
	size_t size = 0, off = 0, len = 0, i, k, shstrndx;
	unsigned char *p = NULL;
	Elf_Scn *scn = NULL;
	FILE *fp;
	Elf *elf;
	int ok;

	fp = fopen(from, "rb");
	if (fp && !fseek(fp, 0, SEEK_END) && ftell(fp) > 0) {
		size = (size_t)ftell(fp);
		rewind(fp);
		p = malloc(size);
	}
	ok = p && fread(p, 1, size, fp) == size;
	if (fp)
		fclose(fp);
	elf = ok ? elf_memory((char *)p, size) : NULL;
	while (elf && !elf_getshdrstrndx(elf, &shstrndx) &&
	       (scn = elf_nextscn(elf, scn))) {
		const char *name;
		GElf_Shdr sh;

		if (!gelf_getshdr(scn, &sh))
			continue;
		name = elf_strptr(elf, shstrndx, sh.sh_name);
		if (name && !strcmp(name, section)) {
			off = sh.sh_offset;
			len = sh.sh_size;
		}
	}
	if (elf)
		elf_end(elf);
	ok = ok && len && off + len <= size;
	/* A few bytes: most of the DWARF still reads, some of it wrongly. */
	for (i = 0, k = 1 + rnd() % 4; ok && i < k; i++)
		p[off + rnd() % len] = (unsigned char)rnd();
	fp = ok ? fopen(to, "wb") : NULL;
	ok = fp && fwrite(p, 1, size, fp) == size;
	if (fp && fclose(fp))
		ok = 0;
	free(p);
	return ok ? 0 : -1;
}

/* Garbled DWARF: anything but a crash, every function asked for. */
static void garbled(const char *dir, const char *work)
{
	static const char *const elfs[] = {
		"values-rv64imac.elf", "values-rv32imac.elf",
		"values-rv64imafdc.elf", "values-rv32imafc-clang.elf",
	};
	struct call_regs r = regs(LIST(1, 2, 3, 4, 5, 6, 7, 8),
				  LIST(1, 2, 3, 4, 5, 6, 7, 8));
	char from[4096], to[4096], got[512];
	int n;
	size_t k;

	snprintf(to, sizeof(to), "%s/garbled.elf", work);
	for (n = 0; n < 64; n++) {
		struct fixture f;
		struct err e;
		const char *name;
		uint64_t addr;

		snprintf(from, sizeof(from), "%s/%s", dir,
			 elfs[n % (sizeof(elfs) / sizeof(elfs[0]))]);
		if (copy_garbled(from, to, n % 8 < 4 ? ".debug_info" :
				 ".debug_abbrev")) {
			fprintf(stderr, "cannot garble %s into %s\n", from, to);
			failures++;
			return;
		}
		f.s = symtab_open(from, 0, &e);
		f.v = values_open(to, &e);
		for (k = 0; f.s && sym_nth(f.s, k, &addr, &name); k++) {
			values_known(f.v, addr);
			values_args(f.v, f.s, addr, &r, got, sizeof(got));
			values_ret(f.v, f.s, addr, &r, got, sizeof(got));
		}
		values_close(f.v);
		symtab_close(f.s);
	}
}

int main(int argc, char **argv)
{
	if (argc != 3) {
		fprintf(stderr, "usage: values_test DATA_DIR WORK_DIR\n");
		return 2;
	}
	rv64imac(argv[1]);
	rv32imac(argv[1]);
	rv64imafdc(argv[1]);
	rv32imafc_clang(argv[1]);
	hex(argv[1]);
	garbled(argv[1], argv[2]);
	if (failures) {
		fprintf(stderr, "%d failures\n", failures);
		return 1;
	}
	printf("values: all passed\n");
	return 0;
}
