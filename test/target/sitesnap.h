/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Everything rvtrace lets a firmware read back about its sites: the site
 * table, rvt_site_enabled() and the instruction words (and ops slot) of
 * every site. Tests of failed calls compare a snapshot before and after.
 */
#ifndef RVT_TEST_SITESNAP_H
#define RVT_TEST_SITESNAP_H

#include <stdint.h>

#define SITESNAP_MAX	512

struct sitesnap {
	int count, refused;
	unsigned long func[SITESNAP_MAX];
	int enabled[SITESNAP_MAX];
	uint32_t words[SITESNAP_MAX][4];	/* f - 8 .. f + 8 */
	unsigned long sync_failures;
};

void sitesnap_take(struct sitesnap *s);

/* The test fails, naming the first difference, unless a and b are equal. */
void sitesnap_expect(const struct sitesnap *a, const struct sitesnap *b);

/* How many sites are on (call the trampoline; not RVT_EFAULT). */
int sitesnap_on(const struct sitesnap *s);

#endif
