/* SPDX-License-Identifier: BSD-2-Clause */
/* Time and text formatting shared by the output formats. */
#ifndef RVTD_OUT_H
#define RVTD_OUT_H

#include <stdint.h>
#include <stdio.h>

#include "model.h"

/* Nanoseconds of ticks at hz (hz > 0), rounded down. */
uint64_t ticks_to_ns(uint64_t ticks, uint64_t hz);

/*
 * A timestamp as ftrace prints it: seconds with as many decimals as the
 * clock resolves ("12.3456789"), or the tick count when hz is unknown.
 */
void fmt_ts(const struct trace *t, uint64_t ticks, char *buf, size_t len);

/* A duration: "1.234 us", or "1234 tk" when hz is unknown. */
void fmt_dur(const struct trace *t, uint64_t ticks, char *buf, size_t len);

/* Print s as the inside of a JSON string. */
void put_json_str(FILE *f, const char *s);

/* Print s with XML's special characters escaped. */
void put_xml_str(FILE *f, const char *s);

/*
 * The context of tag on hart number hart as ftrace's TASK-PID, in two
 * parts: the task's name and RTOS id ("sensor", "1"); "<...>" for a task
 * whose record has no name, "<task7>" and "?" for a tag without a record;
 * "<hart0>" and "0" for tag 0, hart 0's own context (ftrace's "<idle>-0").
 */
void task_comm_pid(const struct trace *t, unsigned int tag, uint32_t hart,
		   char *comm, size_t comm_size, char *pid, size_t pid_size);

/* "function" or "function_graph", as ftrace names its tracers. */
const char *tracer_name(const struct trace *t);

#endif
