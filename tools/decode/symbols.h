/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Names for addresses, from the firmware's ELF symbol table (libelf), and
 * file:line from its DWARF line table (libdw) when asked for; or from the
 * names table the firmware embedded, which its dumps carry.
 */
#ifndef RVTD_SYMBOLS_H
#define RVTD_SYMBOLS_H

#include <stddef.h>
#include <stdint.h>

#include "model.h"

struct symtab;

/* NULL with e set if path is no readable ELF with a symbol table. */
struct symtab *symtab_open(const char *path, int want_lines, struct err *e);
void symtab_close(struct symtab *s);

/*
 * The names table that t carries (rvtrace_embed_names()), its functions at
 * their run-time addresses: the table's offsets from rvt_init moved by the
 * dump's anchor, so a relocated image is named as it ran. No lines, no
 * build-id; an unsized symbol reaches to the next. Returns 0 with *s (NULL
 * if t has no table), or -1 with e set if the table is corrupted.
 */
int symtab_from_names(const struct trace *t, struct symtab **s,
		      struct err *e);

/*
 * A traced function's name: its symbol, or "sym+0xoff" for an address
 * inside one, or the hex address. With the per-function ops slot, an
 * address in the slot just before a function that no symbol covers names
 * that function. s may be NULL (no ELF): hex addresses.
 */
void sym_func(const struct symtab *s, uint64_t addr, char *buf, size_t len);

/* A return address: "func+0xoff" (of the call it returns from), or hex. */
void sym_caller(const struct symtab *s, uint64_t addr, char *buf, size_t len);

/*
 * " (file:line)" of addr, or "" when unknown or lines were not asked for.
 * is_return: addr is a return address (the call is just before it).
 */
void sym_line(const struct symtab *s, uint64_t addr, int is_return, char *buf,
	      size_t len);

/* The address of the function symbol name; 0 if there is none. */
uint64_t sym_lookup(const struct symtab *s, const char *name);

/* Whether name is a symbol of s (its address in *addr). */
int sym_find(const struct symtab *s, const char *name, uint64_t *addr);

/* The ELF's GNU build-id: its length (0: none), the bytes at *id. */
size_t sym_build_id(const struct symtab *s, const uint8_t **id);

/* Whether a symbol of s starts exactly at addr (a function's entry). */
int sym_is_entry(const struct symtab *s, uint64_t addr);

/* Symbol i of s by address (one per address): 1, or 0 past the last. */
int sym_nth(const struct symtab *s, size_t i, uint64_t *addr,
	    const char **name);

#endif
