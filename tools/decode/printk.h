/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Binary printk: the target records only the address of a format string and
 * the raw values of its arguments; the decoder formats them here, reading
 * the format (and the strings of %s) from the firmware ELF's read-only data.
 */
#ifndef RVTD_PRINTK_H
#define RVTD_PRINTK_H

#include <stddef.h>
#include <stdint.h>

#include "model.h"	/* struct err, err_set() */

/* The loadable, file-backed sections of an ELF: its bytes by address. */
struct image;

/* NULL with e set if path is not a readable ELF. */
struct image *image_open(const char *path, struct err *e);
void image_close(struct image *m);

/*
 * The NUL-terminated string at link-time address addr, in a SHF_ALLOC
 * section that has file bytes (not SHT_NOBITS); NULL if addr is in none or
 * the string does not end inside that section. The pointer stays valid
 * until image_close().
 */
const char *image_string(const struct image *m, uint64_t addr);

/*
 * Format a printk record into buf (always NUL-terminated, truncated to len):
 * fmt: the format's link-time address; args[0..nargs-1]: the raw values,
 * each as the target stored it: signed integers sign-extended to 64 bits,
 * unsigned integers and pointers zero-extended; xlen 32 or 64 (the size of
 * long, size_t, pointers). m may be NULL (no ELF) or not contain fmt: then
 * buf gets the fallback
 *   "printk 0x80001234 (0x5, 0xffffffffffffffff)"
 * (fmt address and args in hex). Returns 0 when formatted from the format
 * string, 1 for the fallback.
 *
 * Conversions: %d %i %u %x %X %o %c %s %p %%, flags - 0 + space #, a width
 * and a precision as digits or * (the next argument, an int), length
 * modifiers hh h l ll z j t on the integer conversions. %s prints the
 * image's string at the argument's address, or "(str@0x1234)" when the image
 * has none there; %p prints "0x" and the hex of xlen bits. Anything else is
 * copied as it is and takes no argument; a conversion whose argument is
 * missing prints "<?>"; extra arguments are ignored.
 */
int printk_format(const struct image *m, uint64_t fmt, const uint64_t *args,
		  unsigned int nargs, unsigned int xlen, char *buf, size_t len);

#endif
