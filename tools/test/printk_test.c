// SPDX-License-Identifier: BSD-2-Clause
/*
 * Host test of decode/printk.c: binary printk records formatted from the
 * fixture ELFs of data/printk/ (rv64 and rv32, the same source), every
 * output compared with the exact expected string; then copies of those ELFs
 * truncated and corrupted, which must open or fail but never crash.
 *
 *   printk_test DATA_DIR WORK_DIR
 *
 * Exits 1 after printing expected and got of every mismatch.
 */
#include <fcntl.h>
#include <gelf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "printk.h"

struct fixture {
	const char *name;
	unsigned int xlen;
	struct image *m;
	size_t nr;
	struct {
		char *name;
		uint64_t addr;
	} *sym;
};

static int failures;

/* The fixture's symbols, from its symbol table: the test's own reading. */
static void load_symbols(struct fixture *f, const char *path)
{
	Elf_Scn *scn = NULL;
	Elf *elf;
	int fd;

	elf_version(EV_CURRENT);
	fd = open(path, O_RDONLY);
	elf = fd >= 0 ? elf_begin(fd, ELF_C_READ, NULL) : NULL;
	if (!elf) {
		fprintf(stderr, "cannot read %s\n", path);
		exit(1);
	}
	while ((scn = elf_nextscn(elf, scn))) {
		Elf_Data *d = elf_getdata(scn, NULL);
		GElf_Shdr sh;
		size_t i, n;

		if (!gelf_getshdr(scn, &sh) || sh.sh_type != SHT_SYMTAB ||
		    !sh.sh_entsize || !d)
			continue;
		n = sh.sh_size / sh.sh_entsize;
		f->sym = calloc(n, sizeof(*f->sym));
		if (!f->sym)
			exit(1);
		for (i = 0; i < n; i++) {
			const char *name;
			GElf_Sym s;

			if (!gelf_getsym(d, (int)i, &s))
				continue;
			name = elf_strptr(elf, sh.sh_link, s.st_name);
			if (!name || !*name)
				continue;
			f->sym[f->nr].name = strdup(name);
			f->sym[f->nr].addr = s.st_value;
			f->nr++;
		}
	}
	elf_end(elf);
	close(fd);
}

static uint64_t addr_of(const struct fixture *f, const char *name)
{
	size_t i;

	for (i = 0; i < f->nr; i++)
		if (!strcmp(f->sym[i].name, name))
			return f->sym[i].addr;
	fprintf(stderr, "%s: no symbol %s\n", f->name, name);
	exit(1);
}

static void expect(const struct fixture *f, int line, const char *what,
		   const char *want, int want_rc, const char *got, int rc)
{
	if (!strcmp(want, got) && rc == want_rc)
		return;
	fprintf(stderr, "printk_test.c:%d: %s, %s:\n  expected \"%s\" (%d)\n  got      \"%s\" (%d)\n",
		line, f->name, what, want, want_rc, got, rc);
	failures++;
}

/* Formats at address fmt from image m with buffer size len. */
static void check_at(const struct fixture *f, int line,
		     const struct image *m, uint64_t fmt, size_t len,
		     const char *want, int want_rc, const uint64_t *args,
		     unsigned int nargs)
{
	char buf[256], what[64];
	int rc;

	rc = printk_format(m, fmt, args, nargs, f->xlen, buf, len);
	snprintf(what, sizeof(what), "format at 0x%llx",
		 (unsigned long long)fmt);
	expect(f, line, what, want, want_rc, buf, rc);
}

static void check(const struct fixture *f, int line, const char *fmt,
		  const char *want, const uint64_t *args, unsigned int nargs)
{
	check_at(f, line, f->m, addr_of(f, fmt), 256, want, 0, args, nargs);
}

/* One expected output, or one per xlen: X(rv64's, rv32's). */
#define X(w64, w32)	(f->xlen == 64 ? (w64) : (w32))
#define ARGS(...)	(const uint64_t[]){ __VA_ARGS__ }, \
			sizeof((const uint64_t[]){ __VA_ARGS__ }) / \
			sizeof(uint64_t)
#define CHECK(fmt, want, ...) \
	check(f, __LINE__, fmt, want, ARGS(__VA_ARGS__))
/* A negative value as the target stores it: sign-extended. */
#define NEG(v)		((uint64_t)(int64_t)(v))

static void conversions(const struct fixture *f)
{
	uint64_t hello = addr_of(f, "str_hello");
	uint64_t bss = addr_of(f, "str_bss");
	uint64_t tail = addr_of(f, "str_unterminated");
	char want[64];

	CHECK("fmt_ints", "d=-5 i=42 u=7", NEG(-5), 42, 7);
	CHECK("fmt_ints", "d=5 i=-1 u=4294967295", 0x100000005, NEG(-1),
	      NEG(-1));
	CHECK("fmt_ints", "d=1 i=2 u=3", 1, 2, 3, 4, 5);	/* extra args */
	CHECK("fmt_hex", "x=beef X=BEEF o=10", 0xbeef, 0xbeef, 8);
	CHECK("fmt_hex", "x=ffffffff X=0 o=37777777777", NEG(-1),
	      0x100000000, NEG(-1));
	CHECK("fmt_char", "c=A|", 'A');
	CHECK("fmt_char", "c=A|", 0x141);
	CHECK("fmt_char", "c=|", 0);
	CHECK("fmt_str", "s=hello, world|", hello);
	CHECK("fmt_str", "s=world|", hello + 7);
	CHECK("fmt_str", "s=abc|", addr_of(f, "str_short"));
	CHECK("fmt_str", "s=|", addr_of(f, "str_empty"));
	CHECK("fmt_str", "s=(str@0x1234)|", 0x1234);
	CHECK("fmt_str", "s=(str@0x0)|", 0);
	snprintf(want, sizeof(want), "s=(str@0x%llx)|",
		 (unsigned long long)bss);
	CHECK("fmt_str", want, bss);
	snprintf(want, sizeof(want), "s=(str@0x%llx)|",
		 (unsigned long long)tail);
	CHECK("fmt_str", want, tail);
	CHECK("fmt_ptr", "p=0x80001234", 0x80001234);
	CHECK("fmt_ptr", "p=0x0", 0);
	CHECK("fmt_ptr", X("p=0xffffffffffffffff", "p=0xffffffff"), NEG(-1));
	CHECK("fmt_pct", "100% 7%", 7);
}

static void fields(const struct fixture *f)
{
	uint64_t hello = addr_of(f, "str_hello");
	uint64_t abc = addr_of(f, "str_short");

	CHECK("fmt_width", "[   42]", 42);
	CHECK("fmt_width", "[  -42]", NEG(-42));
	CHECK("fmt_width", "[1234567]", 1234567);
	CHECK("fmt_left", "42   |", 42);
	CHECK("fmt_left", "-12345|", NEG(-12345));
	CHECK("fmt_zero", "000ab", 0xab);
	CHECK("fmt_zero", "1234567", 0x1234567);
	CHECK("fmt_prec_s", "hel", hello);
	CHECK("fmt_prec_s", "", addr_of(f, "str_empty"));
	CHECK("fmt_alt", "0xff 0XFF 010 0 0", 0xff, 0xff, 8, 0, 0);
	CHECK("fmt_alt_prec", "0|||  010|0x0000ff|0xff    |", 0, 0, 0, 8,
	      0xff, 0xff);
	CHECK("fmt_sign", "+5 -5  5 -5 5", 5, NEG(-5), 5, NEG(-5), 5);
	CHECK("fmt_prec_d", "[0042|    -007|00a     ||     005|3    |-0003]",
	      42, NEG(-7), 0xa, 0, 5, 3, NEG(-3));
	CHECK("fmt_swidth", "[     abc|abc     |      he|    x|y  ]", abc, abc,
	      hello, 'x', 'y');
	CHECK("fmt_swidth", "[(str@0x10)|(str@0x10)|(str@0x10)|     |   ]",
	      0x10, 0x10, 0x10, 0, 0);
	CHECK("fmt_star", "[    42|7   |hello|009]", 6, 42, NEG(-4), 7, 5,
	      hello, 3, 9);
	/* An int: 0x1_0000_0003 is 3, 0xffffffff is -1; -1 precision: none. */
	CHECK("fmt_star", "[  1|2|he|9]", 0x100000003, 1, 0xffffffff, 2, 2,
	      hello, NEG(-1), 9);
	CHECK("fmt_pwidth", "[        0x80001234|0x80001234  |0x0000001234]",
	      0x80001234, 0x80001234, 0x1234);
}

static void lengths(const struct fixture *f)
{
	CHECK("fmt_long", X("-1 18446744073709551615 ffffffffffffffff 4294967301",
			    "-1 4294967295 ffffffff 5"),
	      NEG(-1), NEG(-1), NEG(-1), 0x100000005);
	CHECK("fmt_long", X("-2147483648 2147483648 80000000 -4294967296",
			    "-2147483648 2147483648 80000000 0"),
	      NEG(INT32_MIN), 0x80000000, 0x80000000, NEG(-4294967296LL));
	CHECK("fmt_llong", "-1 18446744073709551615 123456789abcdef0 10",
	      NEG(-1), NEG(-1), 0x123456789abcdef0, 8);
	CHECK("fmt_llong", "-9223372036854775808 9223372036854775808 0 1777777777777777777777",
	      0x8000000000000000, 0x8000000000000000, 0, NEG(-1));
	CHECK("fmt_short", "-1 255 -32768 65535 34 EEF5", 0xff, 0x1ff, 0x8000,
	      NEG(-1), 0x1234, 0xbeef5);
	CHECK("fmt_short", "127 0 32767 0 0 0", 0x17f, 0x100, 0x7fff, 0x10000,
	      0, 0);
	CHECK("fmt_size", X("18446744073709551615 -1 2147483648 -1 18446744073709551615 1ffffffff",
			    "4294967295 -1 -2147483648 -1 18446744073709551615 ffffffff"),
	      NEG(-1), NEG(-1), 0x80000000, NEG(-1), NEG(-1), 0x1ffffffff);
}

/* Conversions not formatted here, formats that end inside one, missing args. */
static void malformed(const struct fixture *f)
{
	uint64_t abc = addr_of(f, "str_short");

	CHECK("fmt_bad", "%f %n %lf %q %ls %lc %lp %5.2f %-% 42", 42);
	check(f, __LINE__, "fmt_end", "tail %", NULL, 0);
	CHECK("fmt_end_spec", "tail %-08.*", 1, 2);
	CHECK("fmt_end_len", "tail %5ll", 1);
	check(f, __LINE__, "fmt_many", "<?> <?> <?>|<?>|<?>", NULL, 0);
	CHECK("fmt_many", "1 abc <?>|<?>|<?>", 1, abc);
	CHECK("fmt_many", "1 abc 2|<?>|<?>", 1, abc, 2, 5);
	CHECK("fmt_many", "1 abc 2|    3|<?>", 1, abc, 2, 5, 3, 2);
	CHECK("fmt_many", "1 abc 2|    3|ab", 1, abc, 2, 5, 3, 2, abc);
}

/* No image, or no format string at the address: the record in hex. */
static void fallbacks(const struct fixture *f)
{
	const uint64_t args[] = { 5, NEG(-1) };
	uint64_t ints = addr_of(f, "fmt_ints");
	uint64_t bss = addr_of(f, "str_bss");
	uint64_t tail = addr_of(f, "str_unterminated");
	char want[64];

	check_at(f, __LINE__, NULL, 0x80001234, 256,
		 "printk 0x80001234 (0x5, 0xffffffffffffffff)", 1, args, 2);
	snprintf(want, sizeof(want), "printk 0x%llx ()",
		 (unsigned long long)ints);
	check_at(f, __LINE__, NULL, ints, 256, want, 1, args, 0);
	check_at(f, __LINE__, f->m, 0x90000000, 256,
		 "printk 0x90000000 (0x5, 0xffffffffffffffff)", 1, args, 2);
	check_at(f, __LINE__, f->m, 0x90000000, 256, "printk 0x90000000 ()", 1,
		 NULL, 0);
	snprintf(want, sizeof(want), "printk 0x%llx (0x5)",
		 (unsigned long long)bss);
	check_at(f, __LINE__, f->m, bss, 256, want, 1, args, 1);
	snprintf(want, sizeof(want), "printk 0x%llx (0x5)",
		 (unsigned long long)tail);
	check_at(f, __LINE__, f->m, tail, 256, want, 1, args, 1);
}

/* Output cut to the buffer, always ended by a NUL. */
static void truncation(const struct fixture *f)
{
	const uint64_t args[] = { NEG(-5), 42, 7 };
	uint64_t ints = addr_of(f, "fmt_ints");
	uint64_t star = addr_of(f, "fmt_star");
	/* A width of 2^31 - 1 (an int's most) costs no more than the buffer. */
	const uint64_t wide[] = { 0x7fffffff, 1, 1, 1, 1, 0, 0x7fffffff, 1 };
	char buf[4] = "xyz";
	int rc;

	check_at(f, __LINE__, f->m, ints, 8, "d=-5 i=", 0, args, 3);
	check_at(f, __LINE__, f->m, ints, 1, "", 0, args, 3);
	check_at(f, __LINE__, NULL, ints, 10, "printk 0x", 1, args, 3);
	check_at(f, __LINE__, f->m, star, 6, "[    ", 0, wide, 8);
	rc = printk_format(f->m, ints, args, 3, f->xlen, buf, 0);
	expect(f, __LINE__, "buffer of size 0", "xyz", 0, buf, rc);
}

static void strings(const struct fixture *f)
{
	uint64_t hello = addr_of(f, "str_hello");
	const char *s;

	s = image_string(f->m, hello);
	expect(f, __LINE__, "image_string(str_hello)", "hello, world", 0,
	       s ? s : "(NULL)", 0);
	s = image_string(f->m, hello + 12);
	expect(f, __LINE__, "image_string(str_hello + 12)", "", 0,
	       s ? s : "(NULL)", 0);
	s = image_string(f->m, addr_of(f, "str_unterminated"));
	expect(f, __LINE__, "image_string(str_unterminated)", "(NULL)", 0,
	       s ? s : "(NULL)", 0);
	s = image_string(f->m, addr_of(f, "str_bss"));
	expect(f, __LINE__, "image_string(str_bss)", "(NULL)", 0,
	       s ? s : "(NULL)", 0);
	s = image_string(NULL, hello);
	expect(f, __LINE__, "image_string(NULL image)", "(NULL)", 0,
	       s ? s : "(NULL)", 0);
}

static uint8_t *read_all(const char *path, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	uint8_t *p = NULL;
	long n;

	if (fp && !fseek(fp, 0, SEEK_END) && (n = ftell(fp)) > 0 &&
	    !fseek(fp, 0, SEEK_SET) && (p = malloc((size_t)n)) &&
	    fread(p, 1, (size_t)n, fp) == (size_t)n) {
		*len = (size_t)n;
		fclose(fp);
		return p;
	}
	fprintf(stderr, "cannot read %s\n", path);
	exit(1);
}

static void write_all(const char *path, const uint8_t *p, size_t len)
{
	FILE *fp = fopen(path, "wb");

	if (!fp || fwrite(p, 1, len, fp) != len || fclose(fp)) {
		fprintf(stderr, "cannot write %s\n", path);
		exit(1);
	}
}

/* The fixture's n-byte little-endian field at p. */
static size_t le(const uint8_t *p, unsigned int n)
{
	size_t v = 0;

	while (n--)
		v = v << 8 | p[n];
	return v;
}

/* A broken copy of the fixture: opened or refused, then used if opened. */
static void try_broken(const struct fixture *f, const char *path,
		       const uint8_t *p, size_t len)
{
	uint64_t args[] = { 1, 2, 3, 4, 5, 6, 7, 8 };
	struct image *m;
	struct err e;
	char buf[128];
	size_t i;

	write_all(path, p, len);
	e.msg[0] = 0;
	m = image_open(path, &e);
	if (!m) {
		if (!e.msg[0]) {
			fprintf(stderr, "%s: image_open of a broken copy failed without a message\n",
				f->name);
			failures++;
		}
		return;
	}
	for (i = 0; i < f->nr; i++) {
		args[1] = f->sym[i].addr;
		printk_format(m, f->sym[i].addr, args, 8, f->xlen, buf,
			      sizeof(buf));
	}
	image_close(m);
}

/*
 * Every length of the file cut at 64-byte steps; every byte of the ELF
 * header and the section headers set to 0x00, 0xff and 0x80 in turn.
 */
static void broken(const struct fixture *f, const char *elf, const char *work)
{
	static const uint8_t bytes[] = { 0x00, 0xff, 0x80 };
	size_t len, i, k, shoff, shsize;
	char path[4096];
	uint8_t *p, old;
	struct image *m;
	struct err e;

	snprintf(path, sizeof(path), "%s/printk-%s-broken.elf", work, f->name);
	p = read_all(elf, &len);
	for (i = 0; i < len; i += 64)
		try_broken(f, path, p, i);
	/* e_shoff, e_shentsize and e_shnum of the ELF64 or ELF32 header. */
	if (f->xlen == 64) {
		shoff = le(p + 0x28, 8);
		shsize = le(p + 0x3a, 2) * le(p + 0x3c, 2);
	} else {
		shoff = le(p + 0x20, 4);
		shsize = le(p + 0x2e, 2) * le(p + 0x30, 2);
	}
	if (shoff > len || shsize > len - shoff) {
		fprintf(stderr, "%s: section headers outside the file\n", elf);
		exit(1);
	}
	for (i = 0; i < len; i++) {
		if (i >= 64 && (i < shoff || i >= shoff + shsize))
			continue;
		old = p[i];
		for (k = 0; k < sizeof(bytes); k++) {
			p[i] = bytes[k];
			try_broken(f, path, p, len);
		}
		p[i] = old;
	}
	free(p);
	/* Not an ELF at all, and no file. */
	snprintf(path, sizeof(path), "%s/fmts.c", work);
	write_all(path, (const uint8_t *)"int x;\n", 7);
	m = image_open(path, &e);
	expect(f, __LINE__, "image_open of a C file", "(NULL)", 0,
	       m ? "an image" : "(NULL)", 0);
	image_close(m);
	snprintf(path, sizeof(path), "%s/no-such-file.elf", work);
	m = image_open(path, &e);
	expect(f, __LINE__, "image_open of no file", "(NULL)", 0,
	       m ? "an image" : "(NULL)", 0);
	image_close(m);
}

int main(int argc, char **argv)
{
	struct fixture fx[] = {
		{ .name = "rv64", .xlen = 64 },
		{ .name = "rv32", .xlen = 32 },
	};
	char elf[4096];
	struct err e;
	size_t i;

	if (argc != 3) {
		fprintf(stderr, "usage: %s DATA_DIR WORK_DIR\n", argv[0]);
		return 2;
	}
	for (i = 0; i < sizeof(fx) / sizeof(fx[0]); i++) {
		struct fixture *f = &fx[i];

		snprintf(elf, sizeof(elf), "%s/printk/fmts-%s.elf", argv[1],
			 f->name);
		f->m = image_open(elf, &e);
		if (!f->m) {
			fprintf(stderr, "%s\n", e.msg);
			return 1;
		}
		load_symbols(f, elf);
		conversions(f);
		fields(f);
		lengths(f);
		malformed(f);
		fallbacks(f);
		truncation(f);
		strings(f);
		broken(f, elf, argv[2]);
		image_close(f->m);
		while (f->nr)
			free(f->sym[--f->nr].name);
		free(f->sym);
	}
	if (failures) {
		fprintf(stderr, "printk_test: %d mismatches\n", failures);
		return 1;
	}
	printf("printk_test: all outputs as expected\n");
	return 0;
}
