// SPDX-License-Identifier: BSD-2-Clause
#include <rvtrace/error.h>

const char *rvt_strerror(int err)
{
	switch (err) {
	case 0:
		return "success";
	case RVT_EPERM:
		return "not permitted (not initialised, hart offline, or text write failed)";
	case RVT_ENOENT:
		return "no such site, hook or running tracer";
	case RVT_EAGAIN:
		return "try again with SHARE_IPMODIFY";
	case RVT_EFAULT:
		return "a site's instruction is not what rvtrace wrote (a breakpoint or another patcher); left untouched";
	case RVT_EBUSY:
		return "busy or already done";
	case RVT_EPIPE:
		return "the writer stopped the output (it returned a negative value)";
	case RVT_EINVAL:
		return "invalid argument";
	case RVT_ENOSPC:
		return "no space left";
	case RVT_EROFS:
		return "the site table is read-only and out of order (link it with rvtrace.ld)";
	case RVT_ERANGE:
		return "out of range";
	case RVT_EDEADLK:
		return "would wait for itself (interrupt handler or patch lock held)";
	case RVT_ENOSYS:
		return "platform operation missing or failed";
	case RVT_ETIMEDOUT:
		return "a hart did not acknowledge in time (undone)";
	default:
		return "unknown error";
	}
}
