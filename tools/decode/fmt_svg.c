// SPDX-License-Identifier: BSD-2-Clause
/*
 * A flame graph drawn as SVG: the root at the bottom, a box per hart on it
 * (harts are never merged), or in a dump with tasks a box per task and per
 * hart's own context (a task moves between harts), each call path a box as
 * wide as its share of the time, callees stacked above it, siblings in
 * name order. Each box's tooltip (<title>) gives the function, its time
 * and its share.
 *
 * Without script (an <img>, a viewer) that picture is all. A browser that
 * runs the inline script, which needs nothing from outside, also zooms into
 * a clicked box and searches function names ("Search", or ?s=TERM in the
 * URL). The script reads each box from its attributes: its parent's place
 * among the boxes (data-p), its offset and width in ticks (data-x, data-t)
 * and its whole name (data-n).
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include <rvtrace/trace.h>

#include "flame.h"
#include "out.h"

#define WIDTH		1200
#define PAD		10
#define TOP		50	/* room for the title and the controls */
#define CTL_Y		40	/* the controls' baseline */
#define ROW		16
#define CHAR_PX		7	/* width of a 12px monospace character */

struct layout {
	struct flame f;
	const struct flame_group *g;
	char **name;
	uint64_t *off;		/* ticks from the root's left edge */
	size_t *box;		/* place among the boxes drawn, or FLAME_NONE */
	size_t *order;		/* scratch for sorting children */
};

/* Zoom and search; it never contains "]]>", the end of its CDATA. */
static const char script[] =
	"(function () {\n"
	"\t'use strict';\n"
	"\tvar doc = document, frame = doc.getElementById('boxes');\n"
	"\tvar left = +frame.getAttribute('data-left');\n"
	"\tvar span = +frame.getAttribute('data-span');\n"
	"\tvar char_px = +frame.getAttribute('data-char');\n"
	"\tvar reset = doc.getElementById('reset');\n"
	"\tvar find = doc.getElementById('search');\n"
	"\tvar clear = doc.getElementById('clear');\n"
	"\tvar status = doc.getElementById('matched');\n"
	"\tvar boxes = [], term = '';\n"
	"\n"
	"\tArray.prototype.forEach.call(frame.children, function (g, i) {\n"
	"\t\tboxes.push({\n"
	"\t\t\tg: g, rect: g.querySelector('rect'),\n"
	"\t\t\ttext: g.querySelector('text'),\n"
	"\t\t\tup: +g.getAttribute('data-p'),\n"
	"\t\t\toff: +g.getAttribute('data-x'),\n"
	"\t\t\tticks: +g.getAttribute('data-t'),\n"
	"\t\t\tname: g.getAttribute('data-n'),\n"
	"\t\t\tfn: g.classList.contains('fn')\n"
	"\t\t});\n"
	"\t\tg.addEventListener('click', function () { zoom(i); });\n"
	"\t});\n"
	"\n"
	"\t/* Whether box i is box z or below it. */\n"
	"\tfunction under(i, z)\n"
	"\t{\n"
	"\t\tfor (; i >= 0; i = boxes[i].up)\n"
	"\t\t\tif (i === z)\n"
	"\t\t\t\treturn true;\n"
	"\t\treturn false;\n"
	"\t}\n"
	"\n"
	"\tfunction show(b, x, w)\n"
	"\t{\n"
	"\t\tvar fit = Math.floor(w / char_px), name = b.name;\n"
	"\n"
	"\t\tb.rect.setAttribute('x', x.toFixed(1));\n"
	"\t\tb.rect.setAttribute('width', w.toFixed(1));\n"
	"\t\tb.text.setAttribute('x', (x + 3).toFixed(1));\n"
	"\t\tif (fit < 3)\n"
	"\t\t\tname = '';\n"
	"\t\telse if (name.length > fit)\n"
	"\t\t\tname = name.slice(0, fit - 2) + '..';\n"
	"\t\tb.text.textContent = name;\n"
	"\t\tb.g.classList.remove('off');\n"
	"\t}\n"
	"\n"
	"\t/* Box z and its callers across the width, the rest hidden. */\n"
	"\tfunction zoom(z)\n"
	"\t{\n"
	"\t\tvar base = boxes[z], scale = span / base.ticks;\n"
	"\n"
	"\t\tboxes.forEach(function (b, i) {\n"
	"\t\t\tif (under(i, z))\n"
	"\t\t\t\tshow(b, left + (b.off - base.off) * scale,\n"
	"\t\t\t\t     b.ticks * scale);\n"
	"\t\t\telse if (under(z, i))\n"
	"\t\t\t\tshow(b, left, span);\n"
	"\t\t\telse\n"
	"\t\t\t\tb.g.classList.add('off');\n"
	"\t\t});\n"
	"\t\treset.classList.toggle('off', z === 0);\n"
	"\t}\n"
	"\n"
	"\t/*\n"
	"\t * A regular expression, or plain text when it is none. A box in\n"
	"\t * a matching one adds nothing: its time is already counted.\n"
	"\t */\n"
	"\tfunction search(s)\n"
	"\t{\n"
	"\t\tvar re = null, covered = [], sum = 0, total;\n"
	"\n"
	"\t\tterm = s;\n"
	"\t\ttry {\n"
	"\t\t\tre = new RegExp(s);\n"
	"\t\t} catch (e) {\n"
	"\t\t\tre = null;\n"
	"\t\t}\n"
	"\t\tboxes.forEach(function (b, i) {\n"
	"\t\t\tvar hit = b.fn && (re ? re.test(b.name) :\n"
	"\t\t\t\t\t    b.name.indexOf(s) >= 0);\n"
	"\t\t\tvar inside = b.up >= 0 && covered[b.up];\n"
	"\n"
	"\t\t\tcovered[i] = hit || inside;\n"
	"\t\t\tif (hit && !inside)\n"
	"\t\t\t\tsum += b.ticks;\n"
	"\t\t\tb.g.classList.toggle('match', hit);\n"
	"\t\t});\n"
	"\t\ttotal = boxes.length ? boxes[0].ticks : 0;\n"
	"\t\tstatus.textContent = 'Matched: ' +\n"
	"\t\t\t(total ? 100 * sum / total : 0).toFixed(1) + '%';\n"
	"\t\tstatus.classList.remove('off');\n"
	"\t\tclear.classList.remove('off');\n"
	"\t}\n"
	"\n"
	"\tfunction unsearch()\n"
	"\t{\n"
	"\t\tterm = '';\n"
	"\t\tboxes.forEach(function (b) { b.g.classList.remove('match'); });\n"
	"\t\tstatus.classList.add('off');\n"
	"\t\tclear.classList.add('off');\n"
	"\t}\n"
	"\n"
	"\treset.addEventListener('click', function () { zoom(0); });\n"
	"\tclear.addEventListener('click', unsearch);\n"
	"\tfind.addEventListener('click', function () {\n"
	"\t\tvar s = prompt('Function names matching (regular expression):',\n"
	"\t\t\t       term);\n"
	"\n"
	"\t\tif (s)\n"
	"\t\t\tsearch(s);\n"
	"\t\telse if (s !== null)\n"
	"\t\t\tunsearch();\n"
	"\t});\n"
	"\tfind.classList.remove('off');\n"
	"\tterm = new URLSearchParams(location.search).get('s') || '';\n"
	"\tif (term)\n"
	"\t\tsearch(term);\n"
	"})();\n";
static const struct layout *sorting;

static int by_name(const void *a, const void *b)
{
	const size_t *x = a, *y = b;
	const struct flame_node *m = &sorting->f.n[*x], *n = &sorting->f.n[*y];
	int d;

	/* Groups in key order: "hart 10" after "hart 9", tasks by tag. */
	if (m->group && n->group)
		return m->func < n->func ? -1 : m->func > n->func;
	d = strcmp(sorting->name[*x], sorting->name[*y]);
	return d ? d : (*x < *y ? -1 : *x > *y);
}

static int layout(struct ctx *c, struct layout *l)
{
	size_t i, k, n, nr_boxes = 0;

	l->name = calloc(l->f.nr, sizeof(*l->name));
	l->off = calloc(l->f.nr, sizeof(*l->off));
	l->box = calloc(l->f.nr, sizeof(*l->box));
	l->order = calloc(l->f.nr, sizeof(*l->order));
	if (!l->name || !l->off || !l->box || !l->order)
		return -1;
	for (i = 0; i < l->f.nr; i++) {
		const struct flame_node *fn = &l->f.n[i];
		char buf[NAME_MAX_LEN];

		if (!i)
			snprintf(buf, sizeof(buf), "all");
		else if (fn->group)
			l->g->name(c, fn->func, buf, sizeof(buf));
		else
			sym_func(c->sym, fn->func, buf, sizeof(buf));
		l->name[i] = strdup(buf);
		if (!l->name[i])
			return -1;
		/*
		 * A box for every node with time, however narrow (a zoom
		 * widens it), whose parent has one: the script needs it.
		 */
		if (fn->total && (!i || l->box[fn->parent] != FLAME_NONE))
			l->box[i] = nr_boxes++;
		else
			l->box[i] = FLAME_NONE;
	}
	/* Parents come first: place each node's children, left to right. */
	sorting = l;
	for (i = 0; i < l->f.nr; i++) {
		uint64_t off = l->off[i];

		n = 0;
		for (k = l->f.n[i].child; k != FLAME_NONE; k = l->f.n[k].next)
			l->order[n++] = k;
		qsort(l->order, n, sizeof(*l->order), by_name);
		for (k = 0; k < n; k++) {
			l->off[l->order[k]] = off;
			off += l->f.n[l->order[k]].total;
		}
	}
	return 0;
}

static void box(struct ctx *c, const struct layout *l, size_t i, double scale,
		unsigned int height)
{
	const struct flame_node *n = &l->f.n[i];
	double w = (double)n->total * scale;
	double x = PAD + (double)l->off[i] * scale;
	double share = 100.0 * (double)n->total / (double)l->f.n[0].total;
	unsigned int y = height - PAD - (n->depth + 1) * ROW, chars;
	uint32_t h = crc32_ieee(0, (const uint8_t *)l->name[i],
				strlen(l->name[i]));
	char dur[40];

	if (l->box[i] == FLAME_NONE)
		return;
	fmt_dur(c->t, n->total, dur, sizeof(dur));
	/* Only functions are searched: not the root, not the groups. */
	fprintf(c->out, "<g%s data-p=\"%lld\" data-x=\"%" PRIu64 "\" data-t=\"%" PRIu64 "\" data-n=\"",
		i && !n->group ? " class=\"fn\"" : "",
		i ? (long long)l->box[n->parent] : -1LL, l->off[i], n->total);
	put_xml_str(c->out, l->name[i]);
	fprintf(c->out, "\"><title>");
	put_xml_str(c->out, l->name[i]);
	fprintf(c->out, " (%s, %.2f%%)</title>", dur, share);
	/* The warm colours of flame graphs, fixed per name. */
	fprintf(c->out, "<rect x=\"%.1f\" y=\"%u\" width=\"%.1f\" height=\"%u\" fill=\"rgb(%u,%u,%u)\" rx=\"2\" ry=\"2\"/>",
		x, y, w, ROW - 1, 205 + (h & 0xff) % 50,
		(h >> 8 & 0xff) * 230 / 255, (h >> 16 & 0xff) * 55 / 255);
	/* A node can be wider than the root when the timestamps are bad. */
	chars = w / CHAR_PX < NAME_MAX_LEN ? (unsigned int)(w / CHAR_PX) :
					     NAME_MAX_LEN;
	/* Empty when too narrow: the script writes it when it zooms. */
	fprintf(c->out, "<text x=\"%.1f\" y=\"%u\">", x + 3, y + ROW - 4);
	if (chars >= 3 && strlen(l->name[i]) > chars) {
		char cut[NAME_MAX_LEN];

		snprintf(cut, sizeof(cut), "%.*s..", (int)chars - 2,
			 l->name[i]);
		put_xml_str(c->out, cut);
	} else if (chars >= 3) {
		put_xml_str(c->out, l->name[i]);
	}
	fprintf(c->out, "</text></g>\n");
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
	/* A match's colour is a rule: rules win over the fill attribute. */
	fprintf(c->out, "<style>text { font-family: monospace; font-size: 12px; fill: #000; } rect:hover { stroke: #000; stroke-width: 0.5; } #boxes g { cursor: pointer; } .ctl { fill: #1c59b0; cursor: pointer; } .off { display: none; } .match rect { fill: rgb(190,80,230); }</style>\n");
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
	/* Hidden: the script shows what works. */
	fprintf(c->out, "<text id=\"reset\" class=\"ctl off\" x=\"%u\" y=\"%u\">Reset zoom</text>\n",
		PAD, CTL_Y);
	fprintf(c->out, "<text id=\"matched\" class=\"off\" x=\"%u\" y=\"%u\" text-anchor=\"end\"></text>\n",
		WIDTH - PAD - 13 * CHAR_PX, CTL_Y);
	fprintf(c->out, "<text id=\"clear\" class=\"ctl off\" x=\"%u\" y=\"%u\" text-anchor=\"end\">Clear</text>\n",
		WIDTH - PAD - 7 * CHAR_PX, CTL_Y);
	fprintf(c->out, "<text id=\"search\" class=\"ctl off\" x=\"%u\" y=\"%u\" text-anchor=\"end\">Search</text>\n",
		WIDTH - PAD, CTL_Y);
	if (!l->f.n[0].total)
		fprintf(c->out, "<text x=\"%u\" y=\"%u\" text-anchor=\"middle\">no time was recorded</text>\n",
			WIDTH / 2, height - PAD - 3);
	fprintf(c->out, "<g id=\"boxes\" data-left=\"%u\" data-span=\"%u\" data-char=\"%u\">\n",
		PAD, WIDTH - 2 * PAD, CHAR_PX);
	if (l->f.n[0].total) {
		scale = (double)(WIDTH - 2 * PAD) / (double)l->f.n[0].total;
		for (i = 0; i < l->f.nr; i++)
			box(c, l, i, scale, height);
	}
	fprintf(c->out, "</g>\n<script><![CDATA[\n%s]]></script>\n</svg>\n",
		script);
}

int fmt_svg(struct ctx *c)
{
	struct layout l;
	size_t i;
	int ret;

	memset(&l, 0, sizeof(l));
	l.g = trace_has_tasks(c->t) ? &flame_by_task : &flame_by_hart;
	if (flame_build(c, &l.f, "svg", l.g))
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
	free(l.off);
	free(l.box);
	free(l.order);
	flame_free(&l.f);
	return ret;
}
