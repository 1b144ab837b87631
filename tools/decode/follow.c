// SPDX-License-Identifier: BSD-2-Clause
/*
 * rvtrace-decode --follow: a stream decoded while it arrives. The source is
 * read as it grows (a file, like tail -f) or until it ends (a pipe, a pty,
 * a socket); it is a binary stream if it starts with a dump's magic, else a
 * log whose text frames are taken line by line. Each chunk is printed as
 * soon as it is whole, and the output is flushed after it.
 */
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include <rvtrace/trace.h>

#include "follow.h"
#include "stream.h"

#define READ_SIZE	65536
#define POLL_NS		100000000L	/* a file that stopped growing */

static int connect_unix(const char *path, struct err *e)
{
	struct sockaddr_un a;
	int fd;

	if (strlen(path) >= sizeof(a.sun_path)) {
		err_set(e, "socket path too long");
		return -1;
	}
	memset(&a, 0, sizeof(a));
	a.sun_family = AF_UNIX;
	strcpy(a.sun_path, path);
	fd = socket(AF_UNIX, SOCK_STREAM, 0);
	if (fd < 0 || connect(fd, (struct sockaddr *)&a, sizeof(a))) {
		err_set(e, "cannot connect to the socket: %s", strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	return fd;
}

/* "tcp:HOST:PORT", as QEMU's -serial tcp::PORT,server offers it. */
static int connect_tcp(const char *spec, struct err *e)
{
	char host[256];
	const char *port = strrchr(spec, ':');
	struct addrinfo hints, *res, *ai;
	size_t n;
	int fd = -1, r;

	n = port ? (size_t)(port - spec) : 0;
	if (!port || n >= sizeof(host) || !port[1]) {
		err_set(e, "want tcp:HOST:PORT");
		return -1;
	}
	memcpy(host, spec, n);
	host[n] = 0;
	memset(&hints, 0, sizeof(hints));
	hints.ai_socktype = SOCK_STREAM;
	r = getaddrinfo(n ? host : "localhost", port + 1, &hints, &res);
	if (r) {
		err_set(e, "%s", gai_strerror(r));
		return -1;
	}
	for (ai = res; ai; ai = ai->ai_next) {
		fd = socket(ai->ai_family, ai->ai_socktype, ai->ai_protocol);
		if (fd >= 0 && !connect(fd, ai->ai_addr, ai->ai_addrlen))
			break;
		if (fd >= 0)
			close(fd);
		fd = -1;
	}
	freeaddrinfo(res);
	if (fd < 0)
		err_set(e, "cannot connect: %s", strerror(errno));
	return fd;
}

/*
 * The source's descriptor; *grows: a file named on the command line, read
 * on past its end (standard input is read until it ends, whatever it is).
 */
static int open_source(const char *src, int *grows, struct err *e)
{
	struct stat st;
	int fd;

	*grows = 0;
	if (!strcmp(src, "-"))
		return STDIN_FILENO;
	if (!strncmp(src, "tcp:", 4))
		return connect_tcp(src + 4, e);
	else if (!stat(src, &st) && S_ISSOCK(st.st_mode))
		return connect_unix(src, e);
	else
		fd = open(src, O_RDONLY);
	if (fd < 0) {
		err_set(e, "cannot open: %s", strerror(errno));
		return -1;
	}
	*grows = !fstat(fd, &st) && S_ISREG(st.st_mode);
	return fd;
}

struct follower {
	const struct follow_opts *o;
	struct ctx c;
	struct stream s;
	struct graph_follow *g;
	struct relate_opts rel;
	int related;		/* the ELF checked, the bias known */
	struct symtab *names;	/* no ELF: the names the run carries */
	int named;		/* the run's table was looked for */
	struct frame_reader *fr;
	int mode;		/* 0: not known yet, 'b' binary, 't' text */
	int header_due;		/* a run starts: its header first */
	int task_seen;		/* --task: a chunk had the task */
	struct err no_task;	/* --task: why the last chunk had none */
	uint8_t *buf;		/* bytes not used yet */
	size_t len, cap;
};

static void new_run(struct follower *f)
{
	f->header_due = 1;
	f->c.tasks = !!f->o->task;
}

/*
 * The header of a run before its first lines, with the task columns if the
 * chunk has tasks (or --task); again, with them, when a later chunk brings
 * the first.
 */
static void columns(struct follower *f)
{
	int tasks = !f->c.tasks && trace_has_tasks(f->c.t);

	if (!f->header_due && !tasks)
		return;
	if (!f->header_due)
		fprintf(f->c.out, "#\n# tasks from here on: the task column\n");
	f->header_due = 0;
	f->c.tasks |= tasks;
	if (f->o->graph)
		graph_follow_header(&f->c);
	else
		text_follow_header(&f->c);
}

/* The chunk's tasks named by the records of the whole stream so far. */
static int stream_tasks(struct follower *f, struct trace *t, struct err *e)
{
	const struct trace *s = &f->s.first;
	struct task_rec *r = NULL;

	if (s->nr_tasks) {
		r = malloc(s->nr_tasks * sizeof(*r));
		if (!r) {
			err_set(e, "out of memory");
			return -1;
		}
		memcpy(r, s->tasks, s->nr_tasks * sizeof(*r));
	}
	free(t->tasks);
	t->tasks = r;
	t->nr_tasks = s->nr_tasks;
	return 0;
}

/* --task: a chunk without the task shows none of its events. */
static void keep_task(struct follower *f, struct trace *t)
{
	unsigned int h;

	if (!trace_keep_task(t, f->o->task, &f->no_task)) {
		f->task_seen = 1;
		return;
	}
	for (h = 0; h < t->nr_harts; h++)
		t->harts[h].nr = 0;
}

/* One whole dump from the source: printed if it is a chunk. */
static int dump(struct follower *f, const uint8_t *b, size_t len, size_t line)
{
	struct err *e = f->c.e;
	struct trace t;
	int ret;

	if (trace_parse(&t, b, len, e))
		return -1;
	if (!trace_is_chunk(&t)) {
		fprintf(f->c.out, "# a whole dump (not a stream chunk) at %s %zu: left out\n",
			f->mode == 't' ? "log line" : "byte", line);
		trace_free(&t);
		return 0;
	}
	ret = stream_next(&f->s, &t, e);
	if (ret == 2) {
		/* Another run: a stream of its own from here. */
		stream_free(&f->s);
		stream_init(&f->s);
		graph_follow_free(f->g);
		f->g = graph_follow_new();
		f->related = 0;
		f->rel = f->o->rel;
		symtab_close(f->names);
		f->names = NULL;
		f->c.sym = f->o->sym;
		f->named = 0;
		ret = f->g ? stream_next(&f->s, &t, e) : -1;
		fprintf(f->c.out, "#\n# another tracing run starts here\n");
		new_run(f);
	} else if (ret == 1) {
		fprintf(f->c.out, "#\n# the tracer started again\n");
		ret = 0;
	} else if (!ret && f->s.chunks == 1) {
		new_run(f);
	}
	if (!ret)
		ret = stream_tasks(f, &t, e);
	/* The run's names, from the first chunk that has them (its first). */
	if (!ret && !f->o->sym && !f->named && f->s.first.names) {
		f->names = relate_embedded(&f->s.first);
		f->c.sym = f->names;
		f->named = 1;
	}
	if (!ret && f->o->sym) {
		if (!f->related) {
			ret = relate(&t, f->o->sym, &f->rel, e);
			f->rel.has_bias = 1;
			f->rel.bias = f->rel.bias_found;
			f->related = !ret;
		} else if (f->rel.bias) {
			trace_rebase(&t, f->rel.bias);
		}
	}
	if (!ret && f->o->one_hart)
		ret = trace_keep_hart(&t, f->o->hart, e);
	if (!ret && f->o->task)
		keep_task(f, &t);
	if (!ret) {
		f->c.t = &t;
		columns(f);
		ret = f->o->graph ? graph_follow_chunk(&f->c, f->g) :
				    text_follow_chunk(&f->c);
	}
	trace_free(&t);
	if (!ret && fflush(f->c.out)) {
		err_set(e, "cannot write the output: %s", strerror(errno));
		ret = -1;
	}
	return ret;
}

static int text_frame(struct follower *f, struct frame *fr)
{
	int ret = 0;

	if (fr->ok)
		ret = dump(f, fr->bytes, fr->len, fr->line);
	else
		/* Its events show as a gap in the numbers of the next. */
		fprintf(f->c.out, "# %s\n", fr->err.msg);
	free(fr->bytes);
	return ret;
}

/* Use what is whole in the buffer; keep the rest. */
static int consume(struct follower *f, int at_end)
{
	struct err *e = f->c.e;
	size_t used = 0, size;
	struct frame fr;
	int ret = 0;

	if (!f->mode) {
		if (f->len < sizeof(RVT_DUMP_MAGIC) && !at_end)
			return 0;
		f->mode = trace_is_binary(f->buf, f->len) ? 'b' : 't';
	}
	while (!ret && used < f->len) {
		if (f->mode == 'b') {
			ret = trace_dump_size(f->buf + used, f->len - used,
					      &size, e);
			if (ret > 0) {
				ret = 0;
				break;
			}
			if (!ret)
				ret = dump(f, f->buf + used, size, used);
			used += size;
		} else {
			const uint8_t *nl = memchr(f->buf + used, '\n',
						   f->len - used);

			if (!nl)
				break;
			size = (size_t)(nl - (f->buf + used));
			ret = frame_reader_line(f->fr, (const char *)f->buf + used,
						size, &fr, e);
			if (ret > 0)
				ret = text_frame(f, &fr);
			used += size + 1;
		}
	}
	memmove(f->buf, f->buf + used, f->len - used);
	f->len -= used;
	if (ret || !at_end)
		return ret;
	if (f->mode == 'b' && f->len) {
		err_set(e, "the stream ends inside a dump");
		return -1;
	}
	if (f->mode == 't') {
		if (f->len)
			ret = frame_reader_line(f->fr, (const char *)f->buf,
						f->len, &fr, e);
		if (ret > 0)
			ret = text_frame(f, &fr);
		if (!ret && frame_reader_end(f->fr, &fr))
			ret = text_frame(f, &fr);
	}
	return ret;
}

static int pump(struct follower *f, int fd, int grows)
{
	struct timespec pause = { 0, POLL_NS };
	struct err *e = f->c.e;
	ssize_t n;

	for (;;) {
		if (f->cap - f->len < READ_SIZE) {
			uint8_t *b = realloc(f->buf, f->cap + 2 * READ_SIZE);

			if (!b) {
				err_set(e, "out of memory");
				return -1;
			}
			f->buf = b;
			f->cap += 2 * READ_SIZE;
		}
		n = read(fd, f->buf + f->len, READ_SIZE);
		if (n > 0) {
			f->len += (size_t)n;
			if (consume(f, 0))
				return -1;
		} else if (n == 0 && grows) {
			nanosleep(&pause, NULL);
		} else if (n == 0 || errno == EIO) {
			/* The end, or a pty whose other side went away. */
			return consume(f, 1);
		} else if (errno != EINTR) {
			err_set(e, "cannot read: %s", strerror(errno));
			return -1;
		}
	}
}

int follow(const struct follow_opts *o, struct err *e)
{
	struct follower f;
	int fd, grows, ret = -1;

	memset(&f, 0, sizeof(f));
	f.o = o;
	f.c.sym = o->sym;
	f.c.vals = o->vals;
	f.c.img = o->img;
	f.c.program = o->program;
	f.c.lines = o->lines;
	f.c.out = o->out;
	f.c.e = e;
	f.rel = o->rel;
	stream_init(&f.s);
	f.fr = frame_reader_new();
	f.g = graph_follow_new();
	if (!f.fr || !f.g) {
		err_set(e, "out of memory");
		goto out;
	}
	fd = open_source(o->input, &grows, e);
	if (fd < 0)
		goto out;
	ret = pump(&f, fd, grows);
	if (fd != STDIN_FILENO)
		close(fd);
	if (!ret && !f.s.chunks) {
		err_set(e, "no stream chunk arrived (rvt_trace_read() or rvt_trace_read_text() output)");
		ret = -1;
	} else if (!ret && o->task && !f.task_seen) {
		*e = f.no_task;
		ret = -1;
	}
out:
	free(f.buf);
	symtab_close(f.names);
	graph_follow_free(f.g);
	frame_reader_free(f.fr);
	stream_free(&f.s);
	return ret;
}
