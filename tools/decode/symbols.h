/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Names for addresses, from the firmware's ELF symbol table (libelf), and
 * file:line from its DWARF line table (libdw) when asked for.
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

#endif
