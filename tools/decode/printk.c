// SPDX-License-Identifier: BSD-2-Clause
/*
 * Binary printk records formatted on the host. The target stored a format's
 * address and its arguments' raw values; the format and the strings of %s
 * are literals in the firmware ELF, read here from a copy of its loadable
 * sections. The format comes from the target, so it is parsed here and every
 * conversion built by this code: the host's printf never sees it, and no
 * format, however malformed, reads past the string or the arguments.
 */
#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "printk.h"

/* A section's bytes at its link-time address. */
struct region {
	uint64_t addr;
	uint64_t size;
	char *bytes;
};

struct image {
	struct region *r;
	size_t nr;
};

/* Copies the SHF_ALLOC sections with file bytes; the ELF is closed after. */
static int load_regions(struct image *m, Elf *elf, const char *path,
			struct err *e)
{
	Elf_Scn *scn = NULL;
	size_t cap = 0;

	while ((scn = elf_nextscn(elf, scn))) {
		struct region *r;
		Elf_Data *d;
		GElf_Shdr sh;

		if (!gelf_getshdr(scn, &sh) || !(sh.sh_flags & SHF_ALLOC) ||
		    (sh.sh_flags & SHF_COMPRESSED) ||
		    sh.sh_type == SHT_NOBITS || !sh.sh_size ||
		    sh.sh_addr + sh.sh_size < sh.sh_addr)
			continue;
		/* NULL when the header points past the file's end: skipped. */
		d = elf_rawdata(scn, NULL);
		if (!d || !d->d_buf || d->d_size != sh.sh_size)
			continue;
		if (m->nr == cap) {
			cap = cap ? cap * 2 : 16;
			r = realloc(m->r, cap * sizeof(*r));
			if (!r)
				goto oom;
			m->r = r;
		}
		r = &m->r[m->nr];
		r->bytes = malloc(d->d_size);
		if (!r->bytes)
			goto oom;
		memcpy(r->bytes, d->d_buf, d->d_size);
		r->addr = sh.sh_addr;
		r->size = d->d_size;
		m->nr++;
	}
	return 0;
oom:
	err_set(e, "out of memory reading %s", path);
	return -1;
}

struct image *image_open(const char *path, struct err *e)
{
	struct image *m;
	Elf *elf;
	int fd, rc;

	if (elf_version(EV_CURRENT) == EV_NONE) {
		err_set(e, "libelf: %s", elf_errmsg(-1));
		return NULL;
	}
	fd = open(path, O_RDONLY);
	if (fd < 0) {
		err_set(e, "cannot open %s: %s", path, strerror(errno));
		return NULL;
	}
	elf = elf_begin(fd, ELF_C_READ, NULL);
	if (!elf || elf_kind(elf) != ELF_K_ELF) {
		err_set(e, "%s is not an ELF file", path);
		if (elf)
			elf_end(elf);
		close(fd);
		return NULL;
	}
	m = calloc(1, sizeof(*m));
	if (!m)
		err_set(e, "out of memory reading %s", path);
	rc = m ? load_regions(m, elf, path, e) : -1;
	elf_end(elf);
	close(fd);
	if (rc) {
		image_close(m);
		return NULL;
	}
	return m;
}

void image_close(struct image *m)
{
	size_t i;

	if (!m)
		return;
	for (i = 0; i < m->nr; i++)
		free(m->r[i].bytes);
	free(m->r);
	free(m);
}

const char *image_string(const struct image *m, uint64_t addr)
{
	size_t i;

	if (!m)
		return NULL;
	for (i = 0; i < m->nr; i++) {
		const struct region *r = &m->r[i];
		uint64_t off = addr - r->addr;

		if (addr < r->addr || off >= r->size)
			continue;
		if (!memchr(r->bytes + off, 0, r->size - off))
			return NULL;
		return r->bytes + off;
	}
	return NULL;
}

/* The output so far; what does not fit is dropped, room for the NUL kept. */
struct out {
	char *buf;
	size_t len;
	size_t n;
};

static size_t room(const struct out *o)
{
	return o->len ? o->len - 1 - o->n : 0;
}

static void put(struct out *o, const char *s, size_t n)
{
	if (n > room(o))
		n = room(o);
	if (!n)
		return;
	memcpy(o->buf + o->n, s, n);
	o->n += n;
}

/* A huge width costs no more than the room that is left. */
static void pad(struct out *o, char c, size_t n)
{
	if (n > room(o))
		n = room(o);
	if (!n)
		return;
	memset(o->buf + o->n, c, n);
	o->n += n;
}

enum {
	F_LEFT = 1,
	F_ZERO = 2,
	F_PLUS = 4,
	F_SPACE = 8,
	F_ALT = 16,
};

/*
 * Widths and precisions in digits saturate at an int's largest, printf's
 * limit: no overflow, and pad() keeps what a huge one costs to the buffer.
 */
#define MAX_FIELD	((size_t)INT_MAX)

struct spec {
	unsigned int flags;
	int width_arg;		/* '*': the width is the next argument */
	int prec_arg;
	int has_prec;
	size_t width;
	size_t prec;
	unsigned int bits;	/* of the argument; 0: no length modifier */
	char conv;
};

static const char *digits(const char *p, size_t *v)
{
	size_t d;

	*v = 0;
	for (; *p >= '0' && *p <= '9'; p++) {
		d = (size_t)(*p - '0');
		*v = *v > MAX_FIELD / 10 ? MAX_FIELD : *v * 10 + d;
	}
	if (*v > MAX_FIELD)
		*v = MAX_FIELD;
	return p;
}

/*
 * The conversion after a '%' at p: 1 if this code formats it, 0 if it is to
 * be copied as it is. *end: just past its last character; the format's NUL
 * ends it too, and is never passed.
 */
static int parse(const char *p, struct spec *s, unsigned int xlen,
		 const char **end)
{
	const char *start = p;

	memset(s, 0, sizeof(*s));
	for (;; p++) {
		if (*p == '-')
			s->flags |= F_LEFT;
		else if (*p == '0')
			s->flags |= F_ZERO;
		else if (*p == '+')
			s->flags |= F_PLUS;
		else if (*p == ' ')
			s->flags |= F_SPACE;
		else if (*p == '#')
			s->flags |= F_ALT;
		else
			break;
	}
	if (*p == '*') {
		s->width_arg = 1;
		p++;
	} else {
		p = digits(p, &s->width);
	}
	if (*p == '.') {
		s->has_prec = 1;
		if (*++p == '*') {
			s->prec_arg = 1;
			p++;
		} else {
			p = digits(p, &s->prec);
		}
	}
	switch (*p) {
	case 'h':
		s->bits = p[1] == 'h' ? 8 : 16;
		p += s->bits == 8 ? 2 : 1;
		break;
	case 'l':
		s->bits = p[1] == 'l' ? 64 : xlen;
		p += p[1] == 'l' ? 2 : 1;
		break;
	case 'j':
		s->bits = 64;
		p++;
		break;
	case 'z':
	case 't':
		s->bits = xlen;
		p++;
		break;
	}
	s->conv = *p;
	*end = *p ? p + 1 : p;
	switch (s->conv) {
	case 'd': case 'i': case 'u': case 'x': case 'X': case 'o':
		return 1;
	case 'c': case 's': case 'p':
		/* %lc and %ls are wide: nothing this code can show. */
		return !s->bits;
	case '%':
		/* "%%" only: with a flag or a width it is copied. */
		return p == start;
	default:
		return 0;
	}
}

/* The argument's low bits: its C type's value as the target had it. */
static uint64_t low_bits(uint64_t v, unsigned int bits)
{
	return bits >= 64 ? v : v & ((UINT64_C(1) << bits) - 1);
}

/* Padding to the width, left of the body unless it is left-justified. */
static void put_field(struct out *o, const struct spec *s, const char *body,
		      size_t n)
{
	size_t fill = s->width > n ? s->width - n : 0;

	if (!(s->flags & F_LEFT))
		pad(o, ' ', fill);
	put(o, body, n);
	if (s->flags & F_LEFT)
		pad(o, ' ', fill);
}

/*
 * An integer conversion of v's magnitude (neg: it was negative). The parts
 * in printf's order: padding, sign or prefix, zeros (precision, or width
 * with the 0 flag), digits.
 */
static void put_int(struct out *o, const struct spec *s, uint64_t v, int neg)
{
	const char *hex = s->conv == 'X' ? "0123456789ABCDEF" :
					   "0123456789abcdef";
	unsigned int base = s->conv == 'o' ? 8 :
			    s->conv == 'x' || s->conv == 'X' ||
			    s->conv == 'p' ? 16 : 10;
	int is_signed = s->conv == 'd' || s->conv == 'i';
	char dig[24], prefix[3];
	size_t nd = 0, np = 0, zeros, fill, body;
	uint64_t x;

	/* Digits last first; precision 0 prints no digit of a 0. */
	if (v || !s->has_prec || s->prec)
		for (x = v; nd == 0 || x; x /= base)
			dig[nd++] = hex[x % base];
	if (neg)
		prefix[np++] = '-';
	else if (is_signed && (s->flags & F_PLUS))
		prefix[np++] = '+';
	else if (is_signed && (s->flags & F_SPACE))
		prefix[np++] = ' ';
	if (s->conv == 'p' || (base == 16 && (s->flags & F_ALT) && v)) {
		prefix[np++] = '0';
		prefix[np++] = s->conv == 'X' ? 'X' : 'x';
	}
	zeros = s->has_prec && s->prec > nd ? s->prec - nd : 0;
	/* '#' with octal: a leading 0, unless the digits have one. */
	if (base == 8 && (s->flags & F_ALT) && !zeros && (!nd || v))
		zeros = 1;
	body = np + zeros + nd;
	fill = s->width > body ? s->width - body : 0;
	if ((s->flags & F_ZERO) && !(s->flags & F_LEFT) && !s->has_prec) {
		zeros += fill;
		fill = 0;
	}
	if (!(s->flags & F_LEFT))
		pad(o, ' ', fill);
	put(o, prefix, np);
	pad(o, '0', zeros);
	while (nd)
		put(o, &dig[--nd], 1);
	if (s->flags & F_LEFT)
		pad(o, ' ', fill);
}

/* "0x" and v's hex digits into buf (19 bytes at most, no NUL): their count. */
static size_t hex_of(char *buf, uint64_t v)
{
	char dig[16];
	size_t nd = 0, n = 2;

	do
		dig[nd++] = "0123456789abcdef"[v & 0xf];
	while (v >>= 4);
	buf[0] = '0';
	buf[1] = 'x';
	while (nd)
		buf[n++] = dig[--nd];
	return n;
}

static void put_string(struct out *o, const struct image *m,
		       const struct spec *s, uint64_t addr)
{
	const char *str = image_string(m, addr);
	char missing[32];
	size_t n;

	if (!str) {
		/* A precision would cut the address: only the width counts. */
		memcpy(missing, "(str@", 5);
		n = 5 + hex_of(missing + 5, addr);
		missing[n++] = ')';
		put_field(o, s, missing, n);
		return;
	}
	for (n = 0; str[n] && (!s->has_prec || n < s->prec); n++)
		;
	put_field(o, s, str, n);
}

/* The conversion s with its arguments from *next on; 0 if one is missing. */
static int convert(struct out *o, const struct image *m, struct spec *s,
		   const uint64_t *args, unsigned int nargs, unsigned int *next,
		   unsigned int xlen)
{
	/* No length modifier: an int. */
	unsigned int bits = s->bits ? s->bits : 32;
	uint64_t v;
	char c;

	if (s->width_arg) {
		if (*next >= nargs)
			return 0;
		/* An int: a negative width is the '-' flag and a width. */
		v = low_bits(args[(*next)++], 32);
		if (v >> 31) {
			s->flags |= F_LEFT;
			v = low_bits(-v, 32);
		}
		s->width = v;
	}
	if (s->prec_arg) {
		if (*next >= nargs)
			return 0;
		/* A negative precision is none. */
		v = low_bits(args[(*next)++], 32);
		s->has_prec = !(v >> 31);
		s->prec = v;
	}
	if (*next >= nargs)
		return 0;
	v = args[(*next)++];
	switch (s->conv) {
	case 'd':
	case 'i':
		v = low_bits(v, bits);
		if (v >> (bits - 1))
			put_int(o, s, low_bits(-v, bits), 1);
		else
			put_int(o, s, v, 0);
		break;
	case 'c':
		c = (char)(v & 0xff);
		/* A NUL would end the caller's string: it is left out. */
		put_field(o, s, &c, c != 0);
		break;
	case 's':
		put_string(o, m, s, low_bits(v, xlen));
		break;
	case 'p':
		put_int(o, s, low_bits(v, xlen), 0);
		break;
	default:
		put_int(o, s, low_bits(v, bits), 0);
		break;
	}
	return 1;
}

static void fallback(struct out *o, uint64_t fmt, const uint64_t *args,
		     unsigned int nargs)
{
	char hex[20];
	unsigned int i;

	put(o, "printk ", 7);
	put(o, hex, hex_of(hex, fmt));
	put(o, " (", 2);
	for (i = 0; i < nargs; i++) {
		if (i)
			put(o, ", ", 2);
		put(o, hex, hex_of(hex, args[i]));
	}
	put(o, ")", 1);
}

int printk_format(const struct image *m, uint64_t fmt, const uint64_t *args,
		  unsigned int nargs, unsigned int xlen, char *buf, size_t len)
{
	struct out o = { .buf = buf, .len = len };
	const char *f = image_string(m, fmt);
	unsigned int next = 0;
	int rc = 0;

	/* Anything but 32 is taken as 64: no value is cut short. */
	xlen = xlen == 32 ? 32 : 64;
	if (!f) {
		fallback(&o, fmt, args, nargs);
		rc = 1;
	}
	while (f && *f) {
		const char *end;
		struct spec s;

		if (*f != '%') {
			end = strchr(f, '%');
			if (!end)
				end = f + strlen(f);
			put(&o, f, (size_t)(end - f));
		} else if (!parse(f + 1, &s, xlen, &end)) {
			put(&o, f, (size_t)(end - f));
		} else if (s.conv == '%') {
			put(&o, "%", 1);
		} else if (!convert(&o, m, &s, args, nargs, &next, xlen)) {
			put(&o, "<?>", 3);
		}
		f = end;
	}
	if (len)
		buf[o.n] = 0;
	return rc;
}
