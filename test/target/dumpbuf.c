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
