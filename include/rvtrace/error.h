/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Error codes. They carry the usual errno values so that firmware can print
 * them with whatever it already uses for errno.
 */
#ifndef RVTRACE_ERROR_H
#define RVTRACE_ERROR_H

#define RVT_EPERM	(-1)	/* not initialised, hart not online, or a text write
				   failed (and was rolled back) */
#define RVT_ENOENT	(-2)	/* no such site (rvt_bad_entry() says which
				   filter entry), the hook is not registered,
				   or the tracer is not running */
#define RVT_EAGAIN	(-11)	/* retry after changing the request */
#define RVT_EFAULT	(-14)	/* a site's instruction is not what rvtrace
				   wrote (see rvt_site_foreign()); left
				   untouched, the call undone */
#define RVT_EBUSY	(-16)	/* in use, or already done */
#define RVT_EPIPE	(-32)	/* the caller's writer returned a negative
				   value, which stopped the output */
#define RVT_EINVAL	(-22)	/* invalid argument */
#define RVT_ENOSPC	(-28)	/* a fixed-size table is full */
#define RVT_EROFS	(-30)	/* the site table is read-only
				   (linker/rvtrace_rodata.ld) but not in the
				   order rvt_init() needs: nothing written */
#define RVT_ERANGE	(-34)	/* a target is out of reach of the instruction */
#define RVT_EDEADLK	(-35)	/* the call would wait for the context that made
				   it, or for one it interrupted (patching from
				   an interrupt handler or with the lock held) */
#define RVT_ENOSYS	(-38)	/* a platform operation is missing or failed */
#define RVT_ETIMEDOUT	(-110)	/* a hart did not acknowledge a synchronisation
				   round in time (the call was undone) */

/* A short, static description of an RVT_E* code (or of 0). */
const char *rvt_strerror(int err);

#endif
