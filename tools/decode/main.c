// SPDX-License-Identifier: BSD-2-Clause
/*
 * rvtrace-decode: turns an rvtrace dump (binary, or text in a console log)
 * into something a person reads. Exit status: 0, 1 for input that cannot be
 * decoded, 2 for a wrong command line.
 */
#include <errno.h>
#include <getopt.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "follow.h"
#include "formats.h"
#include "input.h"
#include "stream.h"

static const char usage_text[] =
"usage: rvtrace-decode [--elf FIRMWARE.elf] [--format FORMAT] [-o OUT]\n"
"                      [--index N] [--lines] [--load-bias B] [--force]\n"
"                      [--list] [--hart N] [--task T] [--follow] INPUT\n"
"\n"
"INPUT is a binary dump (rvt_trace_dump) or a console log holding text dumps\n"
"(rvt_trace_dump_text); \"-\" reads standard input. A stream (the chunks of\n"
"rvt_trace_read or rvt_trace_read_text, binary or in a log) decodes as one\n"
"trace unless --index picks one dump of it.\n"
"\n"
"  -e, --elf FILE     the firmware's ELF, for function names (without it,\n"
"                     the names the firmware embedded, if the dump has them)\n"
"  -f, --format FMT   text (default): one line per event, like ftrace's trace\n"
"                     graph: nested calls with durations, like function_graph\n"
"                     profile: per function hits and times, by self time\n"
"                     chrome: Trace Event JSON for Perfetto or chrome://tracing\n"
"                     folded: folded stacks for flamegraph.pl or speedscope\n"
"                     svg: a flame graph\n"
"                     ctf: a CTF 1.8 trace directory (needs -o DIR)\n"
"                     raw: the binary dump itself (to extract it from a log)\n"
"  -o, --output OUT   write there instead of standard output\n"
"  -i, --index N      which dump of a log: 0 is the first, -1 (default) the last\n"
"  -l, --lines        add file:line from the ELF's debug information\n"
"      --force        decode with an ELF whose build-id is not the dump's\n"
"      --load-bias B  the image ran B bytes above where the ELF was linked\n"
"                     (default: found from the dump, which records where\n"
"                     rvt_init ran)\n"
"      --list         list the dumps found in INPUT and stop\n"
"      --hart N       only hart N's events (the formats that show events)\n"
"      --task T       only the events of task T, a name or a tag (0: the\n"
"                     harts' own contexts), and its switches\n"
"      --follow       decode a stream while it arrives, in the text or graph\n"
"                     format: INPUT is a file (read as it grows), a pipe, a\n"
"                     pty, a unix socket or tcp:HOST:PORT (read until it ends)\n"
"  -h, --help         this text\n";

enum format { F_TEXT, F_GRAPH, F_PROFILE, F_CHROME, F_FOLDED, F_SVG, F_CTF,
	      F_RAW };

static const char *const format_names[] = {
	"text", "graph", "profile", "chrome", "folded", "svg", "ctf", "raw",
};

struct options {
	const char *elf, *output, *input;
	enum format format;
	long index;
	int lines, list, follow, has_index, one_hart;
	unsigned int hart;
	const char *task;	/* --task; NULL: every task */
	int has_bias, force;
	uint64_t bias;
};

static int usage_error(const char *fmt, const char *arg)
{
	fprintf(stderr, "rvtrace-decode: ");
	fprintf(stderr, fmt, arg);
	fprintf(stderr, "\n(rvtrace-decode --help for the usage)\n");
	return 2;
}

static int parse_args(int argc, char **argv, struct options *o)
{
	static const struct option longopts[] = {
		{ "elf", required_argument, NULL, 'e' },
		{ "format", required_argument, NULL, 'f' },
		{ "output", required_argument, NULL, 'o' },
		{ "index", required_argument, NULL, 'i' },
		{ "lines", no_argument, NULL, 'l' },
		{ "list", no_argument, NULL, 'L' },
		{ "load-bias", required_argument, NULL, 'B' },
		{ "force", no_argument, NULL, 'F' },
		{ "follow", no_argument, NULL, 'W' },
		{ "hart", required_argument, NULL, 'H' },
		{ "task", required_argument, NULL, 'T' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	char *end;
	size_t k;
	int opt;

	memset(o, 0, sizeof(*o));
	o->index = INDEX_LAST;
	while ((opt = getopt_long(argc, argv, "e:f:o:i:lh", longopts,
				  NULL)) != -1) {
		switch (opt) {
		case 'e':
			o->elf = optarg;
			break;
		case 'f':
			for (k = 0; k < sizeof(format_names) / sizeof(*format_names); k++)
				if (!strcmp(optarg, format_names[k]))
					break;
			if (k == sizeof(format_names) / sizeof(*format_names))
				return usage_error("unknown format '%s'", optarg);
			o->format = (enum format)k;
			break;
		case 'o':
			o->output = optarg;
			break;
		case 'i':
			errno = 0;
			o->index = strtol(optarg, &end, 10);
			if (errno || end == optarg || *end)
				return usage_error("--index wants a number, not '%s'",
						   optarg);
			o->has_index = 1;
			break;
		case 'W':
			o->follow = 1;
			break;
		case 'H': {
			unsigned long v;

			errno = 0;
			v = strtoul(optarg, &end, 10);
			if (errno || end == optarg || *end || v > 0xffff)
				return usage_error("--hart wants a hart number, not '%s'",
						   optarg);
			o->hart = (unsigned int)v;
			o->one_hart = 1;
			break;
		}
		case 'T':
			o->task = optarg;
			break;
		case 'l':
			o->lines = 1;
			break;
		case 'L':
			o->list = 1;
			break;
		case 'F':
			o->force = 1;
			break;
		case 'B':
			errno = 0;
			o->bias = strtoull(optarg, &end, 0);
			if (errno || end == optarg || *end)
				return usage_error("--load-bias wants a number, not '%s'",
						   optarg);
			o->has_bias = 1;
			break;
		case 'h':
			fputs(usage_text, stdout);
			exit(0);
		default:
			return usage_error("%s", "unknown option");
		}
	}
	if (optind != argc - 1)
		return usage_error("%s", optind < argc ? "one INPUT only" :
				   "no INPUT given");
	o->input = argv[optind];
	if (o->lines && !o->elf)
		return usage_error("%s", "--lines needs --elf");
	if (o->has_bias && !o->elf)
		return usage_error("%s", "--load-bias needs --elf");
	if (o->format == F_CTF && !o->output)
		return usage_error("%s", "the ctf format writes a directory: give -o DIR");
	if (o->follow && o->format != F_TEXT && o->format != F_GRAPH)
		return usage_error("--follow prints the text or graph format, not %s",
				   format_names[o->format]);
	if (o->one_hart && (o->format == F_PROFILE || o->format == F_RAW))
		return usage_error("--hart picks events: the %s format has none of its own",
				   format_names[o->format]);
	if (o->task && (o->format == F_PROFILE || o->format == F_RAW))
		return usage_error("--task picks events: the %s format has none of its own",
				   format_names[o->format]);
	if (o->follow && (o->has_index || o->list))
		return usage_error("%s", "--follow decodes the whole stream: no --index or --list");
	return 0;
}

static uint8_t *read_all(const char *path, size_t *len, struct err *e)
{
	FILE *f = strcmp(path, "-") ? fopen(path, "rb") : stdin;
	uint8_t *buf = NULL, *p;
	size_t cap = 0, n;

	*len = 0;
	if (!f) {
		err_set(e, "cannot open: %s", strerror(errno));
		return NULL;
	}
	do {
		if (*len == cap) {
			cap = cap ? cap * 2 : 65536;
			p = realloc(buf, cap);
			if (!p) {
				err_set(e, "out of memory");
				free(buf);
				buf = NULL;
				break;
			}
			buf = p;
		}
		n = fread(buf + *len, 1, cap - *len, f);
		*len += n;
	} while (n);
	if (buf && ferror(f)) {
		err_set(e, "cannot read: %s", strerror(errno));
		free(buf);
		buf = NULL;
	}
	if (f != stdin)
		fclose(f);
	return buf;
}

static int run(const struct options *o, struct ctx *c, const uint8_t *dump,
	       size_t len)
{
	switch (o->format) {
	case F_TEXT:
		return fmt_text(c);
	case F_GRAPH:
		return fmt_graph(c);
	case F_PROFILE:
		return fmt_profile(c);
	case F_CHROME:
		return fmt_chrome(c);
	case F_FOLDED:
		return fmt_folded(c);
	case F_SVG:
		return fmt_svg(c);
	case F_CTF:
		return fmt_ctf(c, o->output);
	case F_RAW:
		fwrite(dump, 1, len, c->out);
		return 0;
	}
	return -1;
}

static FILE *open_output(const struct options *o, struct err *e)
{
	FILE *f;

	if (!o->output || o->format == F_CTF)
		return stdout;
	f = fopen(o->output, "wb");
	if (!f)
		err_set(e, "cannot write %s: %s", o->output, strerror(errno));
	return f;
}

static void relate_opts(const struct options *o, struct relate_opts *r)
{
	memset(r, 0, sizeof(*r));
	r->elf = o->elf;
	r->force = o->force;
	r->has_bias = o->has_bias;
	r->bias = o->bias;
}

/* The chosen dump, or the stream the input holds, into t. */
static int load(const struct options *o, const uint8_t *in, size_t in_len,
		struct trace *t, uint8_t **dump, size_t *len, struct err *e)
{
	int ret = 1;

	*dump = NULL;
	if (!o->has_index && o->format != F_RAW)
		ret = stream_collect(in, in_len, t, e);
	if (ret <= 0)
		return ret;
	if (input_select(in, in_len, o->index, dump, len, e))
		return -1;
	if (trace_parse(t, *dump, *len, e)) {
		free(*dump);
		*dump = NULL;
		return -1;
	}
	return 0;
}

/* Decode the chosen dump into the output. */
static int decode(const struct options *o, const uint8_t *in, size_t in_len,
		  struct err *e)
{
	struct symtab *sym = NULL;
	struct values *vals = NULL;
	struct image *img = NULL;
	struct relate_opts rel;
	struct ctx c = { 0 };
	struct call_set cs;
	struct trace t;
	char *prog = NULL;
	uint8_t *dump;
	size_t len = 0;
	int ret = -1;

	if (load(o, in, in_len, &t, &dump, &len, e))
		return -1;
	relate_opts(o, &rel);
	if (o->elf && (!(sym = symtab_open(o->elf, o->lines, e)) ||
		       !(vals = values_open(o->elf, e)) ||
		       !(img = image_open(o->elf, e))))
		goto out;
	if (sym && relate(&t, sym, &rel, e))
		goto out;
	if (!o->elf && o->format != F_RAW)
		sym = relate_embedded(&t);
	if (o->one_hart && trace_keep_hart(&t, o->hart, e))
		goto out;
	if (o->task && trace_keep_task(&t, o->task, e))
		goto out;
	if (calls_build(&t, &cs, e))
		goto out;
	prog = o->elf ? strdup(o->elf) : NULL;
	c.t = &t;
	c.sym = sym;
	c.vals = vals;
	c.img = img;
	c.cs = &cs;
	c.program = prog ? basename(prog) : "firmware";
	c.lines = o->lines;
	c.tasks = o->task || trace_has_tasks(&t);
	c.e = e;
	c.out = open_output(o, e);
	if (c.out) {
		ret = run(o, &c, dump, len);
		if (c.out != stdout && fclose(c.out) && !ret) {
			err_set(e, "cannot write %s: %s", o->output,
				strerror(errno));
			ret = -1;
		}
	}
	calls_free(&cs);
out:
	free(prog);
	image_close(img);
	values_close(vals);
	symtab_close(sym);
	trace_free(&t);
	free(dump);
	return ret;
}

static int run_follow(const struct options *o, struct err *e)
{
	struct follow_opts f;
	struct symtab *sym = NULL;
	struct values *vals = NULL;
	struct image *img = NULL;
	char *prog = NULL;
	int ret = -1;

	memset(&f, 0, sizeof(f));
	relate_opts(o, &f.rel);
	if (o->elf && (!(sym = symtab_open(o->elf, o->lines, e)) ||
		       !(vals = values_open(o->elf, e)) ||
		       !(img = image_open(o->elf, e))))
		goto out;
	prog = o->elf ? strdup(o->elf) : NULL;
	f.input = o->input;
	f.graph = o->format == F_GRAPH;
	f.sym = sym;
	f.vals = vals;
	f.img = img;
	f.program = prog ? basename(prog) : "firmware";
	f.lines = o->lines;
	f.one_hart = o->one_hart;
	f.hart = o->hart;
	f.task = o->task;
	f.out = open_output(o, e);
	if (f.out) {
		ret = follow(&f, e);
		if (f.out != stdout && fclose(f.out) && !ret) {
			err_set(e, "cannot write %s: %s", o->output,
				strerror(errno));
			ret = -1;
		}
	}
out:
	free(prog);
	image_close(img);
	values_close(vals);
	symtab_close(sym);
	return ret;
}

int main(int argc, char **argv)
{
	struct options o;
	struct err e;
	uint8_t *in;
	size_t len;
	int ret = parse_args(argc, argv, &o);

	if (ret)
		return ret;
	if (o.follow) {
		if (run_follow(&o, &e)) {
			fprintf(stderr, "rvtrace-decode: %s: %s\n", o.input,
				e.msg);
			return 1;
		}
		return 0;
	}
	in = read_all(o.input, &len, &e);
	if (!in) {
		fprintf(stderr, "rvtrace-decode: %s: %s\n", o.input, e.msg);
		return 1;
	}
	ret = o.list ? input_list(in, len, stdout, &e) :
		       decode(&o, in, len, &e);
	free(in);
	if (!ret && fflush(stdout)) {
		err_set(&e, "cannot write the output: %s", strerror(errno));
		ret = -1;
	}
	if (ret) {
		fprintf(stderr, "rvtrace-decode: %s: %s\n", o.input, e.msg);
		return 1;
	}
	return 0;
}
