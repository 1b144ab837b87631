// SPDX-License-Identifier: BSD-2-Clause
#include "sitesnap.h"

#include "check.h"

void sitesnap_take(struct sitesnap *s)
{
	int i, w;

	s->count = rvt_site_count();
	s->refused = rvt_site_refused_count();
	s->sync_failures = rvt_sync_failures();
	CHECK(s->count > 0 && s->count <= SITESNAP_MAX);
	for (i = 0; i < s->count; i++) {
		s->func[i] = rvt_site_func(i);
		CHECK_EQ(rvt_site_index((const void *)s->func[i]), i);
		s->enabled[i] = rvt_site_enabled((const void *)s->func[i]);
		/* RVT_EFAULT: a word rvtrace did not write (core_foreign). */
		CHECK(s->enabled[i] == 0 || s->enabled[i] == 1 ||
		      s->enabled[i] == RVT_EFAULT);
		for (w = 0; w < 4; w++)
			s->words[i][w] = text_word(s->func[i] - 8 + 4 * w);
	}
}

void sitesnap_expect(const struct sitesnap *a, const struct sitesnap *b)
{
	int i, w;

	CHECK_EQ(a->count, b->count);
	CHECK_EQ(a->refused, b->refused);
	for (i = 0; i < a->count; i++) {
		if (a->func[i] != b->func[i] || a->enabled[i] != b->enabled[i])
			board_printf("site %d (%#lx): enabled %d, was %d\n", i,
				     b->func[i], b->enabled[i], a->enabled[i]);
		CHECK_EQ(b->func[i], a->func[i]);
		CHECK_EQ(b->enabled[i], a->enabled[i]);
		for (w = 0; w < 4; w++)
			CHECK_EQ(b->words[i][w], a->words[i][w]);
	}
}

int sitesnap_on(const struct sitesnap *s)
{
	int i, n = 0;

	for (i = 0; i < s->count; i++)
		n += s->enabled[i] == 1;
	return n;
}
