// SPDX-License-Identifier: BSD-2-Clause
/*
 * Typed arguments and return values of traced calls. At open, every
 * function that the DWARF gives an entry address goes into an index by that
 * address. A call's registers are then handed to the function's parameters
 * in order, as the psABI's integer and hard-float conventions do, and each
 * value is printed as its type says. Whatever cannot be typed (no DWARF, a
 * type this does not know, DWARF that does not read) falls back to the
 * registers in hex.
 */
#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <dwarf.h>
#include <elfutils/libdw.h>

#include "values.h"

#define NR_ARG_REGS	8	/* a0..a7, fa0..fa7 */
#define NR_ARG_REGS_E	6	/* a0..a5 under the RV32E and RV64E ABIs */
/* Links followed at most through types and nested structs: DWARF may loop. */
#define MAX_HOPS	32

struct func {
	uint64_t addr;
	size_t seq;		/* DWARF order: the first at an address wins */
	Dwarf_Die die;
};

struct object {
	uint64_t addr, size;
	const char *name;
};

struct range {
	uint64_t lo, hi;
};

struct values {
	int fd;
	Elf *elf;
	Dwarf *dw;		/* NULL: no debug info, all in hex */
	unsigned int xlen;
	unsigned int flen;	/* the float ABI's FP register width; 0: soft */
	unsigned int nr_args;	/* a-registers that carry arguments */
	struct func *f;		/* by address */
	size_t nr_f;
	struct object *obj;	/* the symbol table's data objects, sorted */
	size_t nr_obj;
	struct range *text;	/* executable sections */
	size_t nr_text;
	unsigned int patch_area;	/* see find() */
};

/* What a value's type asks of the registers and of its printing. */
enum kind { K_INT, K_CHAR, K_BOOL, K_ENUM, K_PTR, K_FLOAT, K_RAW, K_AGG };

struct vtype {
	enum kind kind;
	uint64_t size;		/* bytes */
	int is_signed;
	int has_float;		/* K_AGG: the hard-float ABIs may flatten it */
	Dwarf_Die die;		/* K_ENUM: the enumeration, for its names */
};

/* Where a value is: in registers of one file, or a pointer to it in one. */
struct loc {
	int fp;
	int by_ref;
	unsigned int reg, n;
};

/* The next free argument register of each file. */
struct next {
	unsigned int a, fa;
};

enum place {
	PLACED,
	UNSEEN,			/* not recorded, or on the stack */
	CANNOT,			/* placed by a rule this does not follow: "?" */
};

/* A string being built in a caller's buffer, cut at its end. */
struct out {
	char *buf;
	size_t len, at;
};

static void out_start(struct out *o, char *buf, size_t len)
{
	o->buf = buf;
	o->len = len;
	o->at = 0;
	if (len)
		buf[0] = 0;
}

__attribute__((format(printf, 2, 3)))
static void put(struct out *o, const char *fmt, ...)
{
	size_t room;
	va_list ap;
	int n;

	if (o->at + 1 >= o->len)
		return;
	room = o->len - o->at;
	va_start(ap, fmt);
	n = vsnprintf(o->buf + o->at, room, fmt, ap);
	va_end(ap);
	if (n > 0)
		o->at += (size_t)n < room ? (size_t)n : room - 1;
}

static uint64_t xmask(const struct values *v)
{
	return v->xlen == 32 ? UINT32_MAX : UINT64_MAX;
}

/* --- The index of functions by address, and what names pointers --- */

static int func_cmp(const void *a, const void *b)
{
	const struct func *x = a, *y = b;

	if (x->addr != y->addr)
		return x->addr < y->addr ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static int obj_cmp(const void *a, const void *b)
{
	const struct object *x = a, *y = b;

	return x->addr < y->addr ? -1 : x->addr > y->addr;
}

/* d to its first formal parameter child, or its next one: 0, or 1 if none. */
static int param(Dwarf_Die *d, int first)
{
	int rc = first ? dwarf_child(d, d) : dwarf_siblingof(d, d);

	while (!rc && dwarf_tag(d) != DW_TAG_formal_parameter)
		rc = dwarf_siblingof(d, d);
	return rc ? 1 : 0;
}

/* Whether p holds the caller's value of a parameter it was not passed. */
static int not_passed(Dwarf_Die *p)
{
	Dwarf_Attribute at;
	Dwarf_Op *ops;
	size_t nr;

	if (dwarf_attr(p, DW_AT_const_value, &at))
		return 1;
	return dwarf_attr(p, DW_AT_location, &at) &&
	       !dwarf_getlocation(&at, &ops, &nr) && nr &&
	       ops[0].atom == DW_OP_GNU_parameter_ref;
}

/*
 * Whether the registers of a call of fn hold the parameters its type lists.
 * Not in GCC's clones (.isra, .constprop), which refer to their original by
 * DW_AT_abstract_origin: what is passed comes first, in an order of its
 * own; a parameter left out has a constant or the caller's value
 * (DW_OP_GNU_parameter_ref). Neither in a function marked DW_CC_nocall.
 */
static int intact(Dwarf_Die *fn)
{
	Dwarf_Die origin, c, o, co;
	Dwarf_Attribute at;
	Dwarf_Word cc;
	int rc, ro;

	if (!dwarf_formudata(dwarf_attr_integrate(fn, DW_AT_calling_convention,
						  &at), &cc) &&
	    cc == DW_CC_nocall)
		return 0;
	if (!dwarf_attr(fn, DW_AT_abstract_origin, &at))
		return 1;
	if (!dwarf_formref_die(&at, &origin))
		return 0;
	c = *fn;
	o = origin;
	for (rc = param(&c, 1), ro = param(&o, 1); !rc && !ro;
	     rc = param(&c, 0), ro = param(&o, 0)) {
		if (!dwarf_attr(&c, DW_AT_abstract_origin, &at) ||
		    !dwarf_formref_die(&at, &co) ||
		    dwarf_dieoffset(&co) != dwarf_dieoffset(&o) ||
		    not_passed(&c))
			return 0;
	}
	return rc == ro;
}

/* A function with an entry address, and its parameters where they belong. */
static int add_func(struct values *v, Dwarf_Die *die, size_t *cap)
{
	Dwarf_Addr pc;

	if (dwarf_entrypc(die, &pc) || !intact(die))
		return 0;
	if (v->nr_f == *cap) {
		size_t n = *cap ? *cap * 2 : 64;
		struct func *f = realloc(v->f, n * sizeof(*f));

		if (!f)
			return -1;
		v->f = f;
		*cap = n;
	}
	v->f[v->nr_f].addr = pc;
	v->f[v->nr_f].seq = v->nr_f;
	v->f[v->nr_f].die = *die;
	v->nr_f++;
	return 0;
}

/* Functions are children of their unit, or of its namespaces (C++). */
static int scan(struct values *v, Dwarf_Die *parent, size_t *cap, int depth)
{
	Dwarf_Die c;

	if (depth > MAX_HOPS || dwarf_child(parent, &c))
		return 0;
	do {
		switch (dwarf_tag(&c)) {
		case DW_TAG_subprogram:
			if (add_func(v, &c, cap))
				return -1;
			break;
		case DW_TAG_namespace:
			if (scan(v, &c, cap, depth + 1))
				return -1;
			break;
		}
	} while (!dwarf_siblingof(&c, &c));
	return 0;
}

/*
 * The functions of every compile unit (type units have none); -1 only when
 * out of memory: what does not read is left out.
 */
static int load_funcs(struct values *v)
{
	Dwarf_CU *cu = NULL;
	uint8_t unit_type;
	Dwarf_Die die;
	size_t cap = 0;

	while (!dwarf_get_units(v->dw, cu, &cu, NULL, &unit_type, &die, NULL))
		if ((unit_type == DW_UT_compile || unit_type == DW_UT_partial) &&
		    scan(v, &die, &cap, 0))
			return -1;
	if (v->nr_f)
		qsort(v->f, v->nr_f, sizeof(*v->f), func_cmp);
	return 0;
}

/*
 * rvtrace's sites: a traced function's address, which events name, is its
 * symbol's, before its patchable entry (-fpatchable-function-entry: the
 * site's two instructions, 8 bytes), and GCC's DWARF puts its low_pc after
 * them. A function with a site is longer than that, so the DWARF of
 * another function never starts in its first 8 bytes.
 */
#define PATCH_AREA	8

/*
 * The data objects, and whether the image has sites: every one of
 * rvtrace's linker fragments brackets the table with two symbols, wherever
 * it put it (an output section of its own, or the firmware's read-only
 * data).
 */
static int load_objects(struct values *v, Elf_Scn *scn, const GElf_Shdr *sh)
{
	Elf_Data *data = elf_getdata(scn, NULL);
	size_t i, n = data ? sh->sh_size / sh->sh_entsize : 0;
	uint64_t sites_start = 0, sites_end = 0;

	v->obj = calloc(n ? n : 1, sizeof(*v->obj));
	if (!v->obj)
		return -1;
	for (i = 0; i < n; i++) {
		const char *name;
		GElf_Sym sym;

		if (!gelf_getsym(data, (int)i, &sym))
			continue;
		name = elf_strptr(v->elf, sh->sh_link, sym.st_name);
		if (!name || !*name)
			continue;
		if (!strcmp(name, "__rvt_sites_start"))
			sites_start = sym.st_value;
		else if (!strcmp(name, "__rvt_sites_end"))
			sites_end = sym.st_value;
		if (GELF_ST_TYPE(sym.st_info) != STT_OBJECT || !sym.st_size ||
		    sym.st_shndx == SHN_UNDEF || sym.st_shndx >= SHN_LORESERVE)
			continue;
		v->obj[v->nr_obj].addr = sym.st_value;
		v->obj[v->nr_obj].size = sym.st_size;
		v->obj[v->nr_obj].name = name;
		v->nr_obj++;
	}
	qsort(v->obj, v->nr_obj, sizeof(*v->obj), obj_cmp);
	if (sites_end > sites_start)
		v->patch_area = PATCH_AREA;
	return 0;
}

/*
 * What names pointers: the data objects, and where code is (only there may
 * sym_func() name an address; its unsized symbols reach to the next).
 */
static int load_sections(struct values *v)
{
	Elf_Scn *scn = NULL;
	size_t nr;

	if (elf_getshdrnum(v->elf, &nr))
		return 0;
	v->text = calloc(nr ? nr : 1, sizeof(*v->text));
	if (!v->text)
		return -1;
	while ((scn = elf_nextscn(v->elf, scn))) {
		GElf_Shdr sh;

		if (!gelf_getshdr(scn, &sh))
			continue;
		if ((sh.sh_flags & (SHF_ALLOC | SHF_EXECINSTR)) ==
		    (SHF_ALLOC | SHF_EXECINSTR) && v->nr_text < nr) {
			v->text[v->nr_text].lo = sh.sh_addr;
			v->text[v->nr_text].hi = sh.sh_addr + sh.sh_size;
			v->nr_text++;
		}
		if (sh.sh_type == SHT_SYMTAB && sh.sh_entsize && !v->obj &&
		    load_objects(v, scn, &sh))
			return -1;
	}
	return 0;
}

static unsigned int float_abi(unsigned int e_flags)
{
	switch (e_flags & EF_RISCV_FLOAT_ABI) {
	case EF_RISCV_FLOAT_ABI_SINGLE:
		return 32;
	case EF_RISCV_FLOAT_ABI_DOUBLE:
		return 64;
	case EF_RISCV_FLOAT_ABI_QUAD:
		return 128;
	default:
		return 0;
	}
}

struct values *values_open(const char *path, struct err *e)
{
	struct values *v = calloc(1, sizeof(*v));
	GElf_Ehdr eh;

	if (!v) {
		err_set(e, "out of memory");
		return NULL;
	}
	elf_version(EV_CURRENT);
	v->fd = open(path, O_RDONLY);
	if (v->fd < 0) {
		err_set(e, "cannot open %s: %s", path, strerror(errno));
		free(v);
		return NULL;
	}
	v->elf = elf_begin(v->fd, ELF_C_READ, NULL);
	if (!v->elf || elf_kind(v->elf) != ELF_K_ELF ||
	    !gelf_getehdr(v->elf, &eh)) {
		err_set(e, "%s is not an ELF file", path);
		values_close(v);
		return NULL;
	}
	v->xlen = eh.e_ident[EI_CLASS] == ELFCLASS32 ? 32 : 64;
	v->flen = float_abi(eh.e_flags);
	v->nr_args = eh.e_flags & EF_RISCV_RVE ? NR_ARG_REGS_E : NR_ARG_REGS;
	/* The conventions here are RISC-V's: another machine's stay in hex. */
	if (eh.e_machine != EM_RISCV)
		return v;
	v->dw = dwarf_begin_elf(v->elf, DWARF_C_READ, NULL);
	if (!v->dw)
		return v;
	if (load_funcs(v) || load_sections(v)) {
		err_set(e, "out of memory");
		values_close(v);
		return NULL;
	}
	return v;
}

void values_close(struct values *v)
{
	if (!v)
		return;
	if (v->dw)
		dwarf_end(v->dw);
	if (v->elf)
		elf_end(v->elf);
	if (v->fd >= 0)
		close(v->fd);
	free(v->f);
	free(v->obj);
	free(v->text);
	free(v);
}

/* The function at addr, or (with sites) whose DWARF starts after its site. */
static const struct func *find(const struct values *v, uint64_t addr)
{
	size_t lo = 0, hi;

	if (!v)
		return NULL;
	hi = v->nr_f;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (v->f[mid].addr < addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < v->nr_f && v->f[lo].addr - addr <= v->patch_area ?
		       &v->f[lo] : NULL;
}

int values_known(const struct values *v, uint64_t func)
{
	return find(v, func) != NULL;
}

/* --- Types --- */

/* The type die refers to, past typedefs and qualifiers; 0 or -1. */
static int peeled_type(Dwarf_Die *die, Dwarf_Die *type)
{
	Dwarf_Attribute at;

	if (!dwarf_attr_integrate(die, DW_AT_type, &at) ||
	    !dwarf_formref_die(&at, type))
		return -1;
	return dwarf_peel_type(type, type) ? -1 : 0;
}

/*
 * Whether the hard-float conventions may pass d in FP registers: a struct
 * with a floating-point member, also in nested structs and arrays; never a
 * union.
 */
static int has_float(Dwarf_Die *d, int depth)
{
	Dwarf_Attribute at;
	Dwarf_Die c, type;
	Dwarf_Word enc;

	if (depth > MAX_HOPS)
		return 1;
	switch (dwarf_tag(d)) {
	case DW_TAG_base_type:
		return !dwarf_formudata(dwarf_attr(d, DW_AT_encoding, &at),
					&enc) &&
		       (enc == DW_ATE_float || enc == DW_ATE_complex_float);
	case DW_TAG_array_type:
		return !peeled_type(d, &type) && has_float(&type, depth + 1);
	case DW_TAG_structure_type:
	case DW_TAG_class_type:
		if (dwarf_child(d, &c))
			return 0;
		do {
			if (dwarf_tag(&c) == DW_TAG_member &&
			    !peeled_type(&c, &type) &&
			    has_float(&type, depth + 1))
				return 1;
		} while (!dwarf_siblingof(&c, &c));
		return 0;
	default:
		return 0;
	}
}

static int is_signed_encoding(Dwarf_Die *d)
{
	Dwarf_Attribute at;
	Dwarf_Word enc;

	return !dwarf_formudata(dwarf_attr(d, DW_AT_encoding, &at), &enc) &&
	       (enc == DW_ATE_signed || enc == DW_ATE_signed_char);
}

/*
 * An enumeration is signed as its underlying type (DW_AT_type), or as its
 * own DW_AT_encoding, which GCC gives too; unsigned with neither.
 */
static int enum_signed(Dwarf_Die *d)
{
	Dwarf_Die base;

	if (!peeled_type(d, &base))
		return is_signed_encoding(&base);
	return is_signed_encoding(d);
}

/* d, past typedefs and qualifiers, as a value; 0, or -1 if unknown. */
static int classify(const struct values *v, Dwarf_Die *d, int numeric,
		    struct vtype *t)
{
	Dwarf_Attribute at;
	Dwarf_Word enc, size;
	int bytes;

	memset(t, 0, sizeof(*t));
	switch (dwarf_tag(d)) {
	case DW_TAG_base_type:
		bytes = dwarf_bytesize(d);
		if (dwarf_formudata(dwarf_attr(d, DW_AT_encoding, &at), &enc) ||
		    bytes <= 0 || bytes > 16)
			return -1;
		t->size = (uint64_t)bytes;
		t->is_signed = enc == DW_ATE_signed ||
			       enc == DW_ATE_signed_char;
		switch (enc) {
		case DW_ATE_boolean:
			t->kind = K_BOOL;
			break;
		case DW_ATE_signed_char:
		case DW_ATE_unsigned_char:
			t->kind = bytes == 1 && !numeric ? K_CHAR : K_INT;
			break;
		case DW_ATE_signed:
		case DW_ATE_unsigned:
		case DW_ATE_UTF:
			t->kind = K_INT;
			break;
		case DW_ATE_float:
			t->kind = K_FLOAT;
			break;
		case DW_ATE_complex_float:
			/* Two floats: an aggregate to the conventions. */
			t->kind = K_AGG;
			t->has_float = 1;
			break;
		default:
			t->kind = K_RAW;
		}
		return 0;
	case DW_TAG_enumeration_type:
		bytes = dwarf_bytesize(d);
		if (bytes <= 0 || bytes > 16)
			return -1;
		t->kind = K_ENUM;
		t->size = (uint64_t)bytes;
		t->is_signed = enum_signed(d);
		t->die = *d;
		return 0;
	case DW_TAG_pointer_type:
	case DW_TAG_reference_type:
	case DW_TAG_rvalue_reference_type:
		bytes = dwarf_bytesize(d);
		if (bytes > 8)
			return -1;
		t->kind = K_PTR;
		t->size = bytes > 0 ? (uint64_t)bytes : v->xlen / 8;
		return 0;
	case DW_TAG_structure_type:
	case DW_TAG_class_type:
	case DW_TAG_union_type:
	case DW_TAG_array_type:
		if (dwarf_aggregate_size(d, &size))
			return -1;
		t->kind = K_AGG;
		t->size = size;
		t->has_float = has_float(d, 0);
		return 0;
	default:
		return -1;
	}
}

static int is_qualifier(int tag)
{
	return tag == DW_TAG_const_type || tag == DW_TAG_volatile_type ||
	       tag == DW_TAG_restrict_type || tag == DW_TAG_atomic_type;
}

/*
 * The type of die, a parameter or a function (its DW_AT_type, also through
 * DW_AT_abstract_origin and DW_AT_specification): 0 with *t, 1 if it has
 * none (void), -1 if it is no type this knows.
 */
static int type_of(const struct values *v, Dwarf_Die *die, struct vtype *t)
{
	Dwarf_Attribute at;
	int numeric = 0, hops;
	Dwarf_Die d;

	if (!dwarf_attr_integrate(die, DW_AT_type, &at))
		return 1;
	if (!dwarf_formref_die(&at, &d))
		return -1;
	for (hops = 0; hops < MAX_HOPS; hops++) {
		int tag = dwarf_tag(&d);

		if (tag == DW_TAG_typedef) {
			/*
			 * A char type by another name is a small number
			 * (int8_t, uint8_t, u8), unless the name says
			 * character (gchar, char_t).
			 */
			const char *name = dwarf_diename(&d);

			if (!name || !strstr(name, "char"))
				numeric = 1;
		} else if (!is_qualifier(tag)) {
			return classify(v, &d, numeric, t);
		}
		if (!dwarf_attr(&d, DW_AT_type, &at) ||
		    !dwarf_formref_die(&at, &d))
			return -1;
	}
	return -1;
}

/* --- Registers and values --- */

/*
 * Where the next value of type t goes (the return value: is_ret, from a0
 * and fa0): the next fa-register for a float the float ABI covers while
 * one is left, else as many a-registers as it takes words, or one with its
 * address when it is larger than two.
 */
static enum place place(const struct values *v, const struct vtype *t,
			const struct call_regs *r, int is_ret,
			struct next *next, struct loc *l)
{
	uint64_t xb = v->xlen / 8;

	memset(l, 0, sizeof(*l));
	if (t->kind == K_FLOAT && t->size * 8 <= v->flen &&
	    next->fa < NR_ARG_REGS) {
		/* A quad's 128 bits are more than was recorded. */
		if (t->size > 8)
			return CANNOT;
		l->fp = 1;
		l->reg = next->fa++;
		l->n = 1;
		return l->reg < r->nr_fa ? PLACED : UNSEEN;
	}
	/* The flattening of structs into FP registers is not followed. */
	if (t->has_float && v->flen)
		return CANNOT;
	if (t->size > 2 * xb) {
		if (is_ret)
			return CANNOT;
		l->by_ref = 1;
		l->n = 1;
	} else {
		l->n = (unsigned int)((t->size + xb - 1) / xb);
	}
	l->reg = next->a;
	next->a += l->n;
	if (next->a > v->nr_args || next->a > r->nr_a)
		return UNSEEN;
	return PLACED;
}

/*
 * w[] holds the low bits of a little-endian value: keep the low bits of
 * it, filled above with its sign bit if signed, else with zeros.
 */
static void extend(uint64_t w[2], unsigned int bits, int is_signed)
{
	unsigned int top = bits - 1;
	uint64_t fill = 0, m;

	if (is_signed && (w[top / 64] >> (top % 64) & 1))
		fill = UINT64_MAX;
	if (bits < 64) {
		m = (UINT64_C(1) << bits) - 1;
		w[0] = (w[0] & m) | (fill & ~m);
		w[1] = fill;
	} else if (bits == 64) {
		w[1] = fill;
	} else if (bits < 128) {
		m = (UINT64_C(1) << (bits - 64)) - 1;
		w[1] = (w[1] & m) | (fill & ~m);
	}
}

/* The 128-bit value w[] in decimal: the 2 x XLEN scalars of RV64 too. */
static void put_dec(struct out *o, const uint64_t w[2], int is_signed)
{
	uint32_t part[4] = { (uint32_t)(w[1] >> 32), (uint32_t)w[1],
			     (uint32_t)(w[0] >> 32), (uint32_t)w[0] };
	char d[41], *p = d + sizeof(d) - 1;
	int neg = is_signed && w[1] >> 63, i, nonzero;

	if (neg) {
		/* Its magnitude: the complement plus one, word by word. */
		uint64_t carry = 1;

		for (i = 3; i >= 0; i--) {
			carry += (uint32_t)~part[i];
			part[i] = (uint32_t)carry;
			carry >>= 32;
		}
	}
	*p = 0;
	do {
		uint64_t rem = 0;

		nonzero = 0;
		for (i = 0; i < 4; i++) {
			uint64_t cur = rem << 32 | part[i];

			part[i] = (uint32_t)(cur / 10);
			rem = cur % 10;
			nonzero |= part[i] != 0;
		}
		*--p = (char)('0' + rem);
	} while (nonzero);
	if (neg)
		*--p = '-';
	put(o, "%s", p);
}

static void put_hex(struct out *o, const uint64_t w[2])
{
	if (w[1])
		put(o, "0x%llx%016llx", (unsigned long long)w[1],
		    (unsigned long long)w[0]);
	else
		put(o, "0x%llx", (unsigned long long)w[0]);
}

static void put_char(struct out *o, unsigned int c)
{
	if (c == '\'' || c == '\\')
		put(o, "'\\%c'", c);
	else if (c >= 0x20 && c < 0x7f)
		put(o, "'%c'", c);
	else
		put(o, "'\\x%02x'", c);
}

/* DW_AT_const_value in a data form, sign-extended if signed data. */
static int const_value(Dwarf_Attribute *at, uint64_t *value)
{
	unsigned int form = dwarf_whatform(at);
	Dwarf_Sword sv;
	Dwarf_Word uv;

	if (form == DW_FORM_sdata || form == DW_FORM_implicit_const) {
		if (dwarf_formsdata(at, &sv))
			return -1;
		*value = (uint64_t)sv;
		return 0;
	}
	if (dwarf_formudata(at, &uv))
		return -1;
	*value = uv;
	return 0;
}

/* Compared in the enumeration's width, whichever way a constant is signed. */
static void put_enum(const struct vtype *t, uint64_t w[2], struct out *o)
{
	unsigned int bits = (unsigned int)t->size * 8;
	uint64_t m = bits < 64 ? (UINT64_C(1) << bits) - 1 : UINT64_MAX;
	Dwarf_Die e = t->die, c;

	extend(w, bits, t->is_signed);
	if (!dwarf_child(&e, &c)) {
		do {
			Dwarf_Attribute at;
			const char *name;
			uint64_t value;

			if (dwarf_tag(&c) != DW_TAG_enumerator)
				continue;
			name = dwarf_diename(&c);
			if (name && dwarf_attr(&c, DW_AT_const_value, &at) &&
			    !const_value(&at, &value) &&
			    (value & m) == (w[0] & m)) {
				put(o, "%s", name);
				return;
			}
		} while (!dwarf_siblingof(&c, &c));
	}
	put_dec(o, w, t->is_signed);
}

static const struct object *object_at(const struct values *v, uint64_t addr)
{
	size_t lo = 0, hi = v->nr_obj;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (v->obj[mid].addr <= addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo && addr - v->obj[lo - 1].addr < v->obj[lo - 1].size)
		return &v->obj[lo - 1];
	return NULL;
}

static int in_text(const struct values *v, uint64_t addr)
{
	size_t i;

	for (i = 0; i < v->nr_text; i++)
		if (addr >= v->text[i].lo && addr < v->text[i].hi)
			return 1;
	return 0;
}

/* " <buf+0x10>": the data object addr points into, or its code's name. */
static void put_target(const struct values *v, const struct symtab *s,
		       uint64_t addr, struct out *o)
{
	const struct object *obj;
	char name[256];

	if (!s)
		return;
	obj = object_at(v, addr);
	if (obj) {
		if (addr == obj->addr)
			put(o, " <%s>", obj->name);
		else
			put(o, " <%s+0x%llx>", obj->name,
			    (unsigned long long)(addr - obj->addr));
		return;
	}
	if (!in_text(v, addr))
		return;
	sym_func(s, addr, name, sizeof(name));
	if (strncmp(name, "0x", 2))
		put(o, " <%s>", name);
}

/* A value of at most 16 bytes, its low bits in w[]. */
static void put_scalar(const struct values *v, const struct symtab *s,
		       const struct vtype *t, uint64_t w[2], struct out *o)
{
	unsigned int bits = (unsigned int)t->size * 8;
	uint32_t f32;
	double f64;
	float f;

	switch (t->kind) {
	case K_BOOL:
		extend(w, bits, 0);
		if (!w[1] && w[0] <= 1)
			put(o, "%s", w[0] ? "true" : "false");
		else
			put_dec(o, w, 0);
		return;
	case K_CHAR:
		put_char(o, (unsigned int)(w[0] & 0xff));
		return;
	case K_ENUM:
		put_enum(t, w, o);
		return;
	case K_PTR:
		extend(w, bits, 0);
		if (!w[0]) {
			put(o, "NULL");
			return;
		}
		put(o, "0x%llx", (unsigned long long)w[0]);
		put_target(v, s, w[0], o);
		return;
	case K_FLOAT:
		/* A float in a wider FP register is NaN-boxed: its low bits. */
		if (t->size == 4) {
			f32 = (uint32_t)w[0];
			memcpy(&f, &f32, sizeof(f));
			put(o, "%g", (double)f);
			return;
		}
		if (t->size == 8) {
			memcpy(&f64, &w[0], sizeof(f64));
			put(o, "%g", f64);
			return;
		}
		break;
	case K_INT:
		extend(w, bits, t->is_signed);
		put_dec(o, w, t->is_signed);
		return;
	default:
		break;
	}
	extend(w, bits, 0);
	put_hex(o, w);
}

/*
 * An aggregate as the words of its registers; the bits past its last byte
 * are undefined, so they are left out.
 */
static void put_words(const struct values *v, const uint64_t *regs,
		      unsigned int n, uint64_t size, struct out *o)
{
	uint64_t xb = v->xlen / 8;
	unsigned int i;

	put(o, "{");
	for (i = 0; i < n; i++) {
		uint64_t w = regs[i] & xmask(v), left = size - i * xb;

		if (left < xb)
			w &= (UINT64_C(1) << (left * 8)) - 1;
		put(o, "%s0x%llx", i ? ", " : "", (unsigned long long)w);
	}
	put(o, "}");
}

/*
 * A parameter the compiler knew to be a constant (clang, which propagates
 * one into the function and may then not pass it): its register need not
 * hold it, the DWARF does. 1 if it was one.
 */
static int put_const(const struct values *v, const struct symtab *s,
		     Dwarf_Die *p, const struct vtype *t, struct out *o)
{
	uint64_t w[2] = { 0, 0 };
	Dwarf_Attribute at;

	if (t->kind == K_AGG ||
	    !dwarf_attr_integrate(p, DW_AT_const_value, &at) ||
	    const_value(&at, &w[0]))
		return 0;
	put_scalar(v, s, t, w, o);
	return 1;
}

static void put_placed(const struct values *v, const struct symtab *s,
		       const struct vtype *t, const struct loc *l,
		       const struct call_regs *r, struct out *o)
{
	const uint64_t *a = r->a + l->reg;
	uint64_t w[2] = { 0, 0 };

	if (l->fp) {
		w[0] = r->fa[l->reg];
	} else if (l->by_ref) {
		put(o, "0x%llx", (unsigned long long)(a[0] & xmask(v)));
		return;
	} else if (t->kind == K_AGG) {
		put_words(v, a, l->n, t->size, o);
		return;
	} else {
		/* Two registers: the low word first. */
		w[0] = a[0] & xmask(v);
		if (l->n > 1 && v->xlen == 32)
			w[0] |= (a[1] & xmask(v)) << 32;
		else if (l->n > 1)
			w[1] = a[1];
	}
	put_scalar(v, s, t, w, o);
}

/* --- Calls --- */

static const char *name_of(Dwarf_Die *die)
{
	Dwarf_Attribute at;

	return dwarf_formstring(dwarf_attr_integrate(die, DW_AT_name, &at));
}

/* 0, or -1 if a parameter's type is unknown (o then holds a part). */
static int put_args(const struct values *v, const struct symtab *s,
		    Dwarf_Die *fn, const struct call_regs *r, struct out *o)
{
	struct next next = { 0, 0 };
	const char *sep = "";
	Dwarf_Die p;
	int rc = dwarf_child(fn, &p);

	if (rc)
		return rc < 0 ? -1 : 0;
	do {
		enum place where;
		const char *name;
		struct vtype t;
		struct loc l;
		int tag = dwarf_tag(&p);

		/* Variadic: more than the named ones. */
		if (tag == DW_TAG_unspecified_parameters) {
			put(o, "%s...", sep);
			return 0;
		}
		if (tag != DW_TAG_formal_parameter)
			continue;
		if (type_of(v, &p, &t))
			return -1;
		where = place(v, &t, r, 0, &next, &l);
		if (where == UNSEEN) {
			put(o, "%s...", sep);
			return 0;
		}
		put(o, "%s", sep);
		name = name_of(&p);
		if (name)
			put(o, "%s=", name);
		if (where == CANNOT) {
			/* What comes after depends on where this went. */
			put(o, "?, ...");
			return 0;
		}
		if (!put_const(v, s, &p, &t, o))
			put_placed(v, s, &t, &l, r, o);
		sep = ", ";
	} while (!(rc = dwarf_siblingof(&p, &p)));
	return rc < 0 ? -1 : 0;
}

static void put_regs(const struct values *v, const struct call_regs *r,
		     struct out *o)
{
	uint64_t m = v ? xmask(v) : UINT64_MAX;
	const char *sep = "";
	unsigned int i;

	for (i = 0; i < r->nr_a && i < NR_ARG_REGS; i++, sep = ", ")
		put(o, "%sa%u=0x%llx", sep, i,
		    (unsigned long long)(r->a[i] & m));
	for (i = 0; i < r->nr_fa && i < NR_ARG_REGS; i++, sep = ", ")
		put(o, "%sfa%u=0x%llx", sep, i, (unsigned long long)r->fa[i]);
}

void values_args(const struct values *v, const struct symtab *s, uint64_t func,
		 const struct call_regs *r, char *buf, size_t len)
{
	const struct func *f = find(v, func);
	struct out o;

	out_start(&o, buf, len);
	if (f) {
		Dwarf_Die fn = f->die;

		if (!put_args(v, s, &fn, r, &o))
			return;
		out_start(&o, buf, len);
	}
	put_regs(v, r, &o);
}

void values_ret(const struct values *v, const struct symtab *s, uint64_t func,
		const struct call_regs *r, char *buf, size_t len)
{
	const struct func *f = find(v, func);
	uint64_t m = v ? xmask(v) : UINT64_MAX;
	struct next next = { 0, 0 };
	struct vtype t;
	struct out o;
	struct loc l;

	out_start(&o, buf, len);
	if (f) {
		Dwarf_Die fn = f->die;
		int rc = type_of(v, &fn, &t);

		if (rc > 0)
			return;
		if (!rc) {
			if (place(v, &t, r, 1, &next, &l) == PLACED)
				put_placed(v, s, &t, &l, r, &o);
			else
				put(&o, "?");
			return;
		}
	}
	if (r->nr_a)
		put(&o, "0x%llx", (unsigned long long)(r->a[0] & m));
	else
		put(&o, "?");
}
