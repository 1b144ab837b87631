// SPDX-License-Identifier: BSD-2-Clause
/* The parse job: records written as text and read back. */
#include "workload.h"

#define TEXT_BYTES	1536

DEMO_NOINLINE
static int parse_number(struct cursor *c, unsigned int *v)
{
	const char *start = c->p;

	*v = 0;
	while (c->p != c->end && *c->p >= '0' && *c->p <= '9')
		*v = *v * 10 + (unsigned int)(*c->p++ - '0');
	return c->p == start ? -1 : 0;
}

/* "r<type>": which record type's parser reads the rest of the line. */
DEMO_NOINLINE
static const struct record_type *parse_tag(struct cursor *c)
{
	unsigned int type;

	if (c->p == c->end || *c->p++ != 'r' || parse_number(c, &type) ||
	    type >= nr_record_types)
		return NULL;
	return &record_types[type];
}

DEMO_NOINLINE
static int parse_line(struct cursor *c, struct rec *r,
		      const struct record_type **t)
{
	*t = parse_tag(c);
	if (!*t)
		return -1;
	r->n = 0;
	return (*t)->parse(c, r);
}

DEMO_NOINLINE
static int parse_block(const char *text, size_t len, uint32_t *sum,
		       unsigned int *count)
{
	struct cursor c = { text, text + len };
	const struct record_type *t;
	struct rec r;

	*sum = 0;
	*count = 0;
	while (c.p != c.end) {
		if (parse_line(&c, &r, &t))
			return -1;
		*sum = t->fold(&r, *sum);
		(*count)++;
	}
	return 0;
}

int job_parse(struct rng *g)
{
	char text[TEXT_BYTES];
	unsigned int sent, got;
	uint32_t want, sum;
	size_t len = gen_records(g, text, sizeof(text), &want, &sent);

	if (parse_block(text, len, &sum, &got))
		return 30;
	return sum == want && got == sent ? 0 : 31;
}
