// SPDX-License-Identifier: BSD-2-Clause
#include <string.h>

#include "check.h"
#include "dumpbuf.h"

uint8_t dump_bytes[32768];
size_t dump_len;

int dump_write(void *ctx, const void *buf, size_t len)
{
	(void)ctx;
	if (dump_len + len > sizeof(dump_bytes))
		return -1;
	memcpy(dump_bytes + dump_len, buf, len);
	dump_len += len;
	return 0;
}

char text_buf[65536];
size_t text_len;

int text_write(void *ctx, const void *buf, size_t len)
{
	(void)ctx;
	if (text_len + len >= sizeof(text_buf))
		return -1;
	memcpy(text_buf + text_len, buf, len);
	text_len += len;
	text_buf[text_len] = 0;
	return 0;
}

void dump_take(void)
{
	dump_len = 0;
	CHECK_EQ(rvt_trace_dump(dump_write, NULL), dump_len);
}

const struct rvt_dump_header *dump_header(void)
{
	return (const struct rvt_dump_header *)dump_bytes;
}

const struct rvt_dump_task *dump_tasks(unsigned int *n)
{
	const struct rvt_dump_header *hd = dump_header();
	const uint8_t *p = dump_bytes + hd->header_size;
	unsigned int h;

	for (h = 0; h < hd->nr_harts; h++)
		p += sizeof(struct rvt_dump_hart) +
		     ((const struct rvt_dump_hart *)p)->nr_events *
		     sizeof(struct rvt_event);
	p += hd->nr_profile * sizeof(struct rvt_dump_profile);
	CHECK_EQ(hd->task_size, sizeof(struct rvt_dump_task));
	CHECK_EQ((size_t)(p - dump_bytes) +
		 hd->nr_tasks * sizeof(struct rvt_dump_task), dump_len);
	*n = hd->nr_tasks;
	return (const struct rvt_dump_task *)p;
}

const struct rvt_event *dump_events(unsigned int h, uint32_t *n,
				    const struct rvt_dump_hart **hh)
{
	const uint8_t *p = dump_bytes + dump_header()->header_size;
	unsigned int i;

	for (i = 0; i < dump_header()->nr_harts; i++) {
		const struct rvt_dump_hart *x = (const void *)p;

		p += sizeof(*x);
		if (x->hart == h) {
			*n = x->nr_events;
			if (hh)
				*hh = x;
			return (const struct rvt_event *)p;
		}
		p += x->nr_events * sizeof(struct rvt_event);
	}
	CHECK(0);
	return NULL;
}
