/* SPDX-License-Identifier: BSD-2-Clause */
/* rvtrace-decode --follow: a stream decoded while it arrives. */
#ifndef RVTD_FOLLOW_H
#define RVTD_FOLLOW_H

#include <stdio.h>

#include "formats.h"
#include "frame.h"
#include "relate.h"

struct follow_opts {
	const char *input;	/* "-", a file, a pty, a socket, tcp:HOST:PORT */
	FILE *out;
	int graph;		/* graph output, else text */
	const struct symtab *sym;	/* the ELF's; NULL: the names the
					   stream carries, or hex */
	const struct values *vals;	/* the ELF's DWARF and bytes, or NULL */
	const struct image *img;
	const char *program;
	int lines;
	int one_hart;		/* show only hart number hart */
	unsigned int hart;
	const char *task;	/* show only this task; NULL: every task */
	struct relate_opts rel;
};

/* Until the source ends (a growing file: never); 0, or -1 with e set. */
int follow(const struct follow_opts *o, struct err *e);

#endif
