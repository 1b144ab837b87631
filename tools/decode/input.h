/* SPDX-License-Identifier: BSD-2-Clause */
/* Choosing the dump to decode from what the user gave: a file or a log. */
#ifndef RVTD_INPUT_H
#define RVTD_INPUT_H

#include <stdio.h>

#include "frame.h"

/* The dumps in a log: -1 counts from the end, so -1 is the last one. */
#define INDEX_LAST	(-1L)

/*
 * The binary dump in buf (a binary dump itself, or the index-th text dump
 * of a log): 0 with *dump and *len set (*dump to free), or -1 with e set.
 */
int input_select(const uint8_t *buf, size_t len, long index, uint8_t **dump,
		 size_t *dump_len, struct err *e);

/* One line per dump found in buf; -1 with e set if there is none. */
int input_list(const uint8_t *buf, size_t len, FILE *out, struct err *e);

#endif
