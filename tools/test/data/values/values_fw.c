// SPDX-License-Identifier: BSD-2-Clause
/*
 * Functions of known parameter and return types, for values_test.c: built
 * for several ABIs (README.md), never run; only their DWARF and addresses
 * matter. noinline and used keep each one out of line with its own entry.
 */
#include <stdbool.h>
#include <stdint.h>

#define FN __attribute__((noinline, used))

enum mode { MODE_ERR = -1, MODE_OFF, MODE_ON, MODE_AUTO = 5 };
enum level { LEVEL_LOW = 1, LEVEL_HIGH = 200 };

struct node {
	int v;
	struct node *next;
};

struct point {
	int16_t x, y;
};

/* 2 x XLEN: two registers. */
struct pair {
	long a, b;
};

/* Larger than 2 x XLEN: by reference. */
struct big {
	int32_t v[8];
};

struct fpoint {
	float x, y;
};

typedef const volatile uint32_t reg32;

int8_t buf[64];
struct node head;
volatile long sink;
volatile float fsink;
volatile double dsink;

FN void callee(void)
{
	sink = 1;
}

FN int ints(int8_t a, uint16_t b)
{
	return a + b;
}

FN long widths(int8_t a, uint8_t b, int16_t c, uint16_t d, int32_t e,
	       uint32_t f, int64_t g, uint64_t h)
{
	return a + b + c + d + e + (long)f + (long)g + (long)h;
}

FN bool chars(bool on, char c, signed char sc, unsigned char uc, reg32 r)
{
	return on && c + sc + uc + r;
}

FN enum mode modes(enum mode m, enum level l)
{
	return l == LEVEL_HIGH ? m : MODE_OFF;
}

FN void *ptrs(int8_t *p, struct node *n, void (*fn)(void), const char *s)
{
	sink = n->v + *s;
	fn();
	return p;
}

FN int by_value(struct point p, struct pair q, struct big b)
{
	return p.x + p.y + (int)q.a + (int)q.b + b.v[7];
}

FN struct point mkpoint(int x, int y)
{
	struct point p = { (int16_t)x, (int16_t)y };

	return p;
}

FN struct pair mkpair(long a)
{
	struct pair p = { a, -a };

	return p;
}

FN long long wide(long long x, int y)
{
	return x - y;
}

/* On RV32, b takes a1 and a2: a pair needs no even register. */
FN long long odd_pair(int a, long long b, int c)
{
	return a + b + c;
}

FN long long neg5(void)
{
	return -5 + sink;
}

/* No arithmetic on floats: soft-float ABIs would need libgcc. */
FN float fsum(float x, double y, int n)
{
	dsink = y;
	sink = n;
	return x;
}

FN double fdouble(double x)
{
	dsink = x;
	return dsink;
}

FN float fpoint_x(struct fpoint p, int k)
{
	sink = k;
	return p.y;
}

FN void nothing(void)
{
	sink = 0;
}

FN int many(int p1, int p2, int p3, int p4, int p5, int p6, int p7, int p8,
	    int p9, int p10)
{
	return p1 + p2 + p3 + p4 + p5 + p6 + p7 + p8 + p9 + p10;
}

FN int floats(float f1, float f2, float f3, float f4, float f5, float f6,
	      float f7, float f8, float f9, int k)
{
	fsink = f1;
	fsink = f2;
	fsink = f3;
	fsink = f4;
	fsink = f5;
	fsink = f6;
	fsink = f7;
	fsink = f8;
	fsink = f9;
	return k;
}

/* A parameter without a name (C2x): its value alone. */
FN int unnamed(int, int k)
{
	return k;
}

FN int varargs(int n, ...)
{
	return n;
}

/*
 * Inlined into its caller and kept out of line too: the DWARF of the copy
 * names its parameters through DW_AT_abstract_origin.
 */
static inline __attribute__((always_inline, used)) int twice(int8_t v)
{
	return 2 * v;
}

FN int use_twice(int x)
{
	return twice((int8_t)x) + 1;
}

/*
 * Clones whose signature GCC changed (-fipa-sra, -fipa-cp-clone): the
 * field for the struct pointer, the constant left out. Their DWARF lists
 * the original parameters, which their registers do not hold.
 */
struct quad {
	int a, b, c, d;
};

static __attribute__((noinline)) int field_b(const struct quad *q, int k)
{
	return q->b + k;
}

static __attribute__((noinline)) int times_c(int k, int c)
{
	sink = k + c;
	return k * c;
}

FN int call_clones(int k)
{
	struct quad q = { k, k + 1, 3, 4 };

	return field_b(&q, 2) + field_b(&q, k) + times_c(k, 7) +
	       times_c(k + 1, 7);
}

#ifdef __SIZEOF_INT128__
FN __int128 wide128(__int128 x, int y)
{
	return x - y;
}
#endif

/*
 * A code label without a size, as assembly leaves them, after the code:
 * its symbol would reach over every address above.
 */
__asm__(".section .text.zz, \"ax\"\n"
	".globl code_end\n"
	"code_end:\n"
	"\tret\n"
	".previous\n");

FN void _start(void)
{
	for (;;)
		;
}
