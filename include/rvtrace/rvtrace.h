/* SPDX-License-Identifier: BSD-2-Clause */
/* Everything rvtrace offers, in one include. */
#ifndef RVTRACE_RVTRACE_H
#define RVTRACE_RVTRACE_H

#include <rvtrace/compiler.h>
#include <rvtrace/error.h>
#include <rvtrace/graph.h>
#include <rvtrace/names.h>
#include <rvtrace/ops.h>
#include <rvtrace/platform.h>
#include <rvtrace/printk.h>
#include <rvtrace/profile.h>
#include <rvtrace/regs.h>
#include <rvtrace/rtos.h>
#include <rvtrace/sbi_ext.h>
#include <rvtrace/site.h>
#include <rvtrace/task.h>
#include <rvtrace/trace.h>
#include <rvtrace/trigger.h>

#endif
