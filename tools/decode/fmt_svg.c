// SPDX-License-Identifier: BSD-2-Clause
/*
 * A flame graph drawn as SVG: the root at the bottom, each call path a box
 * as wide as its share of the time, callees stacked above it, siblings in
 * name order. Each box's tooltip (<title>) gives the function, its time and
 * its share. Plain SVG, no script: any browser shows it.
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include <rvtrace/trace.h>

#include "flame.h"
#include "out.h"

#define WIDTH		1200
#define PAD		10
#define TOP		34	/* room for the title */
#define ROW		16
#define CHAR_PX		7	/* width of a 12px monospace character */
#define MIN_PX		0.1

struct layout {
	struct flame f;
	char **name;
	double *x;
	size_t *order;		/* scratch for sorting children */
};

static const char *const *sort_names;

static int by_name(const void *a, const void *b)
{
	const size_t *x = a, *y = b;
	int d = strcmp(sort_names[*x], sort_names[*y]);

	return d ? d : (*x < *y ? -1 : *x > *y);
}

static int layout(struct ctx *c, struct layout *l)
{
	size_t i, k, n;

	l->name = calloc(l->f.nr, sizeof(*l->name));
	l->x = calloc(l->f.nr, sizeof(*l->x));
	l->order = calloc(l->f.nr, sizeof(*l->order));
	if (!l->name || !l->x || !l->order)
		return -1;
	for (i = 0; i < l->f.nr; i++) {
		char buf[NAME_MAX_LEN];

		if (i)
			sym_func(c->sym, l->f.n[i].func, buf, sizeof(buf));
		else
			snprintf(buf, sizeof(buf), "all");
		l->name[i] = strdup(buf);
		if (!l->name[i])
			return -1;
	}
	/* Parents come first: place each node's children, left to right. */
	sort_names = (const char *const *)l->name;
	for (i = 0; i < l->f.nr; i++) {
		double off = l->x[i];

		n = 0;
		for (k = l->f.n[i].child; k != FLAME_NONE; k = l->f.n[k].next)
			l->order[n++] = k;
		qsort(l->order, n, sizeof(*l->order), by_name);
		for (k = 0; k < n; k++) {
			l->x[l->order[k]] = off;
			off += (double)l->f.n[l->order[k]].total;
		}
	}
	return 0;
}

static void box(struct ctx *c, const struct layout *l, size_t i, double scale,
		unsigned int height)
{
	const struct flame_node *n = &l->f.n[i];
	double w = (double)n->total * scale, x = PAD + l->x[i] * scale;
	double share = 100.0 * (double)n->total / (double)l->f.n[0].total;
	unsigned int y = height - PAD - (n->depth + 1) * ROW, chars;
	uint32_t h = crc32_ieee(0, (const uint8_t *)l->name[i],
				strlen(l->name[i]));
	char dur[40];

	if (w < MIN_PX)
		return;
	fmt_dur(c->t, n->total, dur, sizeof(dur));
	fprintf(c->out, "<g><title>");
	put_xml_str(c->out, l->name[i]);
	fprintf(c->out, " (%s, %.2f%%)</title>", dur, share);
	/* The warm colours of flame graphs, fixed per name. */
	fprintf(c->out, "<rect x=\"%.1f\" y=\"%u\" width=\"%.1f\" height=\"%u\" fill=\"rgb(%u,%u,%u)\" rx=\"2\" ry=\"2\"/>",
		x, y, w, ROW - 1, 205 + (h & 0xff) % 50,
		(h >> 8 & 0xff) * 230 / 255, (h >> 16 & 0xff) * 55 / 255);
	/* A node can be wider than the root when the timestamps are bad. */
	chars = w / CHAR_PX < NAME_MAX_LEN ? (unsigned int)(w / CHAR_PX) :
					     NAME_MAX_LEN;
	if (chars >= 3) {
		fprintf(c->out, "<text x=\"%.1f\" y=\"%u\">", x + 3,
			y + ROW - 4);
		if (strlen(l->name[i]) <= chars) {
			put_xml_str(c->out, l->name[i]);
		} else {
			char cut[NAME_MAX_LEN];

			snprintf(cut, sizeof(cut), "%.*s..", (int)chars - 2,
				 l->name[i]);
			put_xml_str(c->out, cut);
		}
		fprintf(c->out, "</text>");
	}
	fprintf(c->out, "</g>\n");
}

static void draw(struct ctx *c, const struct layout *l)
{
	unsigned int depth = 0, height;
	double scale;
	size_t i;
	char dur[40];

	for (i = 0; i < l->f.nr; i++)
		if (l->f.n[i].depth > depth)
			depth = l->f.n[i].depth;
	height = TOP + (depth + 1) * ROW + PAD;
	fprintf(c->out, "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"no\"?>\n");
	fprintf(c->out, "<svg version=\"1.1\" xmlns=\"http://www.w3.org/2000/svg\" width=\"%u\" height=\"%u\" viewBox=\"0 0 %u %u\">\n",
		WIDTH, height, WIDTH, height);
	fprintf(c->out, "<style>text { font-family: monospace; font-size: 12px; fill: #000; } rect:hover { stroke: #000; stroke-width: 0.5; }</style>\n");
	fprintf(c->out, "<rect x=\"0\" y=\"0\" width=\"%u\" height=\"%u\" fill=\"#fdf8ee\"/>\n",
		WIDTH, height);
	fmt_dur(c->t, l->f.n[0].total, dur, sizeof(dur));
	fprintf(c->out, "<text x=\"%u\" y=\"22\" text-anchor=\"middle\" style=\"font-size: 16px\">Flame graph of ",
		WIDTH / 2);
	put_xml_str(c->out, c->program);
	fprintf(c->out, " (%s, %s)</text>\n",
		c->t->nr_profile && c->t->tracer != RVT_DUMP_TRACER_GRAPH ?
		"profile" : tracer_name(c->t),
		dur);
	if (!l->f.n[0].total) {
		fprintf(c->out, "<text x=\"%u\" y=\"%u\" text-anchor=\"middle\">no time was recorded</text>\n",
			WIDTH / 2, height - PAD - 3);
	} else {
		scale = (double)(WIDTH - 2 * PAD) / (double)l->f.n[0].total;
		for (i = 0; i < l->f.nr; i++)
			box(c, l, i, scale, height);
	}
	fprintf(c->out, "</svg>\n");
}

int fmt_svg(struct ctx *c)
{
	struct layout l;
	size_t i;
	int ret;

	memset(&l, 0, sizeof(l));
	if (flame_build(c, &l.f, "svg"))
		return -1;
	ret = layout(c, &l);
	if (ret)
		err_set(c->e, "out of memory");
	else
		draw(c, &l);
	if (l.name)
		for (i = 0; i < l.f.nr; i++)
			free(l.name[i]);
	free(l.name);
	free(l.x);
	free(l.order);
	flame_free(&l.f);
	return ret;
}
