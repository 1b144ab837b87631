// SPDX-License-Identifier: BSD-2-Clause
/*
 * Symbols through libelf, lines through libdw. Function symbols, and
 * untyped symbols in executable sections (assembly without .type), sorted by
 * address; a symbol without a size reaches to the next one. The names a
 * dump carries make the same table, without sizes.
 */
#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <elfutils/libdw.h>

#include "symbols.h"

/* The per-function ops slot: this many bytes before the function. */
#define OPS_SLOT	8

struct sym {
	uint64_t addr, size;
	const char *name;
	int rank;		/* which of several at one address to keep */
};

struct symtab {
	int fd;
	Elf *elf;
	char *table;		/* a copy of the embedded names table */
	uint8_t build_id[64];
	size_t build_id_len;
	uint64_t notes_start, notes_end;	/* __rvt_build_id_start, _end */
	Dwarf *dw;
	struct sym *s;
	size_t nr;
	Dwarf_Die *cu;
	size_t nr_cu;
};

static int sym_cmp(const void *a, const void *b)
{
	const struct sym *x = a, *y = b;

	if (x->addr != y->addr)
		return x->addr < y->addr ? -1 : 1;
	if (x->rank != y->rank)
		return y->rank - x->rank;
	return strcmp(x->name, y->name);
}

static int rank(const GElf_Sym *sym)
{
	int r = GELF_ST_TYPE(sym->st_info) == STT_FUNC ? 4 : 0;

	switch (GELF_ST_BIND(sym->st_info)) {
	case STB_GLOBAL:
		return r + 2;
	case STB_WEAK:
		return r + 1;
	default:
		return r;
	}
}

static int want(Elf *elf, const GElf_Sym *sym, const char *name)
{
	int type = GELF_ST_TYPE(sym->st_info);
	Elf_Scn *scn;
	GElf_Shdr sh;

	if (!name || !*name || name[0] == '$' || !strncmp(name, ".L", 2))
		return 0;
	if (sym->st_shndx == SHN_UNDEF || sym->st_shndx >= SHN_LORESERVE)
		return 0;
	if (type == STT_FUNC || type == STT_GNU_IFUNC)
		return 1;
	if (type != STT_NOTYPE)
		return 0;
	scn = elf_getscn(elf, sym->st_shndx);
	return scn && gelf_getshdr(scn, &sh) && (sh.sh_flags & SHF_EXECINSTR);
}

/* By address, one name per address: the best ranked sorts first. */
static void sort_unique(struct symtab *t)
{
	size_t i, k;

	qsort(t->s, t->nr, sizeof(*t->s), sym_cmp);
	for (i = 0, k = 0; i < t->nr; i++)
		if (!k || t->s[k - 1].addr != t->s[i].addr)
			t->s[k++] = t->s[i];
	t->nr = k;
}

static int load_symbols(struct symtab *t, const char *path, struct err *e)
{
	Elf_Scn *scn = NULL, *found = NULL;
	GElf_Shdr sh, fsh = { 0 };
	Elf_Data *data;
	size_t i, n;

	while ((scn = elf_nextscn(t->elf, scn))) {
		if (!gelf_getshdr(scn, &sh))
			continue;
		if (sh.sh_type == SHT_SYMTAB ||
		    (sh.sh_type == SHT_DYNSYM && !found)) {
			found = scn;
			fsh = sh;
		}
	}
	if (!found || !fsh.sh_entsize) {
		err_set(e, "%s has no symbol table (stripped?)", path);
		return -1;
	}
	data = elf_getdata(found, NULL);
	n = data ? fsh.sh_size / fsh.sh_entsize : 0;
	t->s = calloc(n ? n : 1, sizeof(*t->s));
	if (!t->s) {
		err_set(e, "out of memory");
		return -1;
	}
	for (i = 0; i < n; i++) {
		GElf_Sym sym;
		const char *name;

		if (!gelf_getsym(data, (int)i, &sym))
			continue;
		name = elf_strptr(t->elf, fsh.sh_link, sym.st_name);
		if (name && !strcmp(name, "__rvt_build_id_start"))
			t->notes_start = sym.st_value;
		else if (name && !strcmp(name, "__rvt_build_id_end"))
			t->notes_end = sym.st_value;
		if (!want(t->elf, &sym, name))
			continue;
		t->s[t->nr].addr = sym.st_value;
		t->s[t->nr].size = sym.st_size;
		t->s[t->nr].name = name;
		t->s[t->nr].rank = rank(&sym);
		t->nr++;
	}
	sort_unique(t);
	return 0;
}

static void load_units(struct symtab *t)
{
	Dwarf_Off off = 0, next;
	size_t hsize, cap = 0;

	while (!dwarf_nextcu(t->dw, off, &next, &hsize, NULL, NULL, NULL)) {
		Dwarf_Die die;

		if (dwarf_offdie(t->dw, off + hsize, &die)) {
			if (t->nr_cu == cap) {
				Dwarf_Die *cu;

				cap = cap ? cap * 2 : 16;
				cu = realloc(t->cu, cap * sizeof(*cu));
				if (!cu)
					return;
				t->cu = cu;
			}
			t->cu[t->nr_cu++] = die;
		}
		off = next;
	}
}

/*
 * The notes of a section: all of a note section, or the part that rvtrace's
 * linker fragment bracketed inside another loaded one (rvtrace_rodata.ld
 * puts the build-id among the read-only data), read as notes. NULL: none.
 */
static Elf_Data *notes_of(const struct symtab *t, Elf_Scn *scn,
			  const GElf_Shdr *sh)
{
	if (sh->sh_type == SHT_NOTE)
		return elf_getdata(scn, NULL);
	if (sh->sh_type != SHT_PROGBITS || !(sh->sh_flags & SHF_ALLOC) ||
	    t->notes_end <= t->notes_start || t->notes_start < sh->sh_addr ||
	    t->notes_end > sh->sh_addr + sh->sh_size)
		return NULL;
	return elf_getdata_rawchunk(t->elf,
				    (int64_t)(sh->sh_offset + t->notes_start -
					      sh->sh_addr),
				    t->notes_end - t->notes_start, ELF_T_NHDR);
}

/* The first NT_GNU_BUILD_ID note, if there is one. */
static void load_build_id(struct symtab *t)
{
	Elf_Scn *scn = NULL;

	while ((scn = elf_nextscn(t->elf, scn))) {
		size_t off = 0, name_off, desc_off;
		GElf_Shdr sh;
		GElf_Nhdr nh;
		Elf_Data *d;

		if (!gelf_getshdr(scn, &sh))
			continue;
		d = notes_of(t, scn, &sh);
		while (d && (off = gelf_getnote(d, off, &nh, &name_off,
						&desc_off))) {
			if (nh.n_type != NT_GNU_BUILD_ID || nh.n_namesz != 4 ||
			    memcmp((char *)d->d_buf + name_off, "GNU", 4) ||
			    nh.n_descsz > sizeof(t->build_id))
				continue;
			memcpy(t->build_id, (char *)d->d_buf + desc_off,
			       nh.n_descsz);
			t->build_id_len = nh.n_descsz;
			return;
		}
	}
}

struct symtab *symtab_open(const char *path, int want_lines, struct err *e)
{
	struct symtab *t = calloc(1, sizeof(*t));

	if (!t) {
		err_set(e, "out of memory");
		return NULL;
	}
	elf_version(EV_CURRENT);
	t->fd = open(path, O_RDONLY);
	if (t->fd < 0) {
		err_set(e, "cannot open %s: %s", path, strerror(errno));
		free(t);
		return NULL;
	}
	t->elf = elf_begin(t->fd, ELF_C_READ, NULL);
	if (!t->elf || elf_kind(t->elf) != ELF_K_ELF) {
		err_set(e, "%s is not an ELF file", path);
		symtab_close(t);
		return NULL;
	}
	if (load_symbols(t, path, e)) {
		symtab_close(t);
		return NULL;
	}
	load_build_id(t);
	if (want_lines) {
		t->dw = dwarf_begin_elf(t->elf, DWARF_C_READ, NULL);
		if (!t->dw) {
			err_set(e, "%s has no DWARF debug information (--lines needs -g)",
				path);
			symtab_close(t);
			return NULL;
		}
		load_units(t);
	}
	return t;
}

void symtab_close(struct symtab *t)
{
	if (!t)
		return;
	if (t->dw)
		dwarf_end(t->dw);
	if (t->elf)
		elf_end(t->elf);
	if (t->fd >= 0)
		close(t->fd);
	free(t->cu);
	free(t->s);
	free(t->table);
	free(t);
}

#define NAMES_HEADER	8	/* "RVTN", count */
#define NAMES_ENTRY	8	/* off (s32), name (u32) */

static uint32_t le32(const uint8_t *p)
{
	return p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

/*
 * Every name of the table at p (size bytes, count entries) must be a
 * string of its own after the entries, ended inside the table.
 */
static int check_names(const uint8_t *p, size_t size, uint32_t count,
		       struct err *e)
{
	size_t first = NAMES_HEADER + (size_t)count * NAMES_ENTRY;
	uint32_t i, at;

	for (i = 0; i < count; i++) {
		at = le32(p + NAMES_HEADER + (size_t)i * NAMES_ENTRY + 4);
		if (at < first || at >= size) {
			err_set(e, "corrupted names table: entry %u names offset %u, outside the names (%zu to %zu)",
				i, at, first, size);
			return -1;
		}
		if (!memchr(p + at, 0, size - at)) {
			err_set(e, "corrupted names table: the name of entry %u runs past its end",
				i);
			return -1;
		}
		if (!p[at]) {
			err_set(e, "corrupted names table: entry %u has an empty name",
				i);
			return -1;
		}
	}
	return 0;
}

int symtab_from_names(const struct trace *t, struct symtab **s,
		      struct err *e)
{
	uint64_t mask = t->xlen == 32 ? UINT32_MAX : UINT64_MAX;
	const uint8_t *p = t->names;
	size_t size = t->names_size;
	struct symtab *st;
	uint32_t count, i;

	*s = NULL;
	if (!p)
		return 0;
	if (size < NAMES_HEADER || memcmp(p, "RVTN", 4)) {
		err_set(e, "corrupted names table: no \"RVTN\" header");
		return -1;
	}
	count = le32(p + 4);
	if (count > (size - NAMES_HEADER) / NAMES_ENTRY) {
		err_set(e, "corrupted names table: %u entries do not fit in its %zu bytes",
			count, size);
		return -1;
	}
	if (check_names(p, size, count, e))
		return -1;
	st = calloc(1, sizeof(*st));
	if (st) {
		st->fd = -1;
		st->table = malloc(size);
		st->s = calloc(count ? count : 1, sizeof(*st->s));
	}
	if (!st || !st->table || !st->s) {
		symtab_close(st);
		err_set(e, "out of memory");
		return -1;
	}
	memcpy(st->table, p, size);
	for (i = 0; i < count; i++) {
		const uint8_t *en = p + NAMES_HEADER + (size_t)i * NAMES_ENTRY;
		int32_t off = (int32_t)le32(en);

		st->s[i].addr = (t->anchor + (uint64_t)(int64_t)off) & mask;
		st->s[i].name = st->table + le32(en + 4);
	}
	st->nr = count;
	sort_unique(st);
	*s = st;
	return 0;
}

/* The last symbol at or below addr, or NULL. */
static const struct sym *below(const struct symtab *t, uint64_t addr)
{
	size_t lo = 0, hi = t->nr;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (t->s[mid].addr <= addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo ? &t->s[lo - 1] : NULL;
}

static int inside(const struct symtab *t, const struct sym *s, uint64_t addr)
{
	if (s->size)
		return addr - s->addr < s->size;
	return s + 1 == t->s + t->nr || addr < s[1].addr;
}

void sym_func(const struct symtab *t, uint64_t addr, char *buf, size_t len)
{
	const struct sym *s = t ? below(t, addr) : NULL;
	const struct sym *next;

	if (s && s->addr == addr) {
		snprintf(buf, len, "%s", s->name);
		return;
	}
	/* No sized symbol covers the slot; an unsized one may reach into it. */
	if (t) {
		next = s ? s + 1 : t->s;
		if ((!s || !s->size || addr - s->addr >= s->size) &&
		    next < t->s + t->nr && next->addr - addr <= OPS_SLOT) {
			snprintf(buf, len, "%s", next->name);
			return;
		}
	}
	if (s && inside(t, s, addr))
		snprintf(buf, len, "%s+0x%llx", s->name,
			 (unsigned long long)(addr - s->addr));
	else
		snprintf(buf, len, "0x%llx", (unsigned long long)addr);
}

void sym_caller(const struct symtab *t, uint64_t addr, char *buf, size_t len)
{
	const struct sym *s = t && addr ? below(t, addr - 1) : NULL;

	if (s && inside(t, s, addr - 1))
		snprintf(buf, len, "%s+0x%llx", s->name,
			 (unsigned long long)(addr - s->addr));
	else
		snprintf(buf, len, "0x%llx", (unsigned long long)addr);
}

void sym_line(const struct symtab *t, uint64_t addr, int is_return, char *buf,
	      size_t len)
{
	size_t i;

	buf[0] = 0;
	if (!t || !t->dw)
		return;
	if (is_return && addr)
		addr--;
	for (i = 0; i < t->nr_cu; i++) {
		Dwarf_Die cu = t->cu[i];
		Dwarf_Line *line;
		const char *file;
		int lineno;
		char *copy;

		if (dwarf_haspc(&cu, addr) <= 0)
			continue;
		line = dwarf_getsrc_die(&cu, addr);
		if (!line || dwarf_lineno(line, &lineno))
			return;
		file = dwarf_linesrc(line, NULL, NULL);
		if (!file)
			return;
		copy = strdup(file);
		if (!copy)
			return;
		snprintf(buf, len, " (%s:%d)", basename(copy), lineno);
		free(copy);
		return;
	}
}

int sym_find(const struct symtab *t, const char *name, uint64_t *addr)
{
	size_t i;

	for (i = 0; i < t->nr; i++) {
		if (!strcmp(t->s[i].name, name)) {
			*addr = t->s[i].addr;
			return 1;
		}
	}
	return 0;
}

size_t sym_build_id(const struct symtab *t, const uint8_t **id)
{
	*id = t->build_id;
	return t->build_id_len;
}

int sym_is_entry(const struct symtab *t, uint64_t addr)
{
	const struct sym *s = below(t, addr);
	const struct sym *next = s ? s + 1 : t->s;

	/* As sym_func(): the start of a function's ops slot names it too. */
	return (s && s->addr == addr) ||
	       (next < t->s + t->nr && next->addr - addr <= OPS_SLOT);
}

int sym_nth(const struct symtab *t, size_t i, uint64_t *addr,
	    const char **name)
{
	if (i >= t->nr)
		return 0;
	*addr = t->s[i].addr;
	*name = t->s[i].name;
	return 1;
}

uint64_t sym_lookup(const struct symtab *t, const char *name)
{
	uint64_t addr = 0;

	sym_find(t, name, &addr);
	return addr;
}
