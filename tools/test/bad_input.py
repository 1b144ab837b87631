#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""One class of malformed input for rvtrace-decode: made from a good binary
dump and a good console log, it must be refused with a clear message and
exit status 1, never a crash (signal) or a hang.

  bad_input.py DECODER GOOD.log WORKDIR CASE

The good binary dump is the last one of GOOD.log, extracted by the decoder.
The cases of task records and switch events need a version 3 dump with
them (data/rtos-rv64.log).
"""
import base64
import os
import re
import struct
import subprocess
import sys
import zlib

HEADER = struct.Struct("<8sHHHHBBHIQQQBBHI")
HART = struct.Struct("<IIQQ")
TASKS_AT = 112          # rvt_dump_header.task_size, then nr_tasks
EVENT_SWITCH = 4


def header(dump):
    return list(HEADER.unpack_from(dump))


def with_header(dump, **fields):
    names = ("magic version header_size hart_header_size event_size xlen "
             "flags nr_harts events_per_hart clock_hz overwritten dropped "
             "tracer reserved profile_size nr_profile").split()
    h = header(dump)
    for k, v in fields.items():
        h[names.index(k)] = v
    return HEADER.pack(*h) + dump[HEADER.size:]


def first_event(dump):
    return HEADER.size + HART.size


def set_info(dump, info):
    at = first_event(dump) + 24
    return dump[:at] + struct.pack("<I", info) + dump[at + 4:]


def frame(data):
    """The text framing of lib/dump.c around data."""
    lines = ["", "@rvtrace begin v1 %d" % len(data)]
    for n, i in enumerate(range(0, len(data), 48)):
        chunk = data[i:i + 48]
        lines.append("@rvtrace %d %s %08x" % (
            n, base64.b64encode(chunk).decode(), zlib.crc32(chunk)))
    lines.append("@rvtrace end %08x" % zlib.crc32(data))
    return ("\n".join(lines) + "\n").encode()


def log_lines(log):
    return log.decode().split("\n")


def edit_data_line(log, edit):
    """log with edit() applied to the fields of each dump's third data
    line; a line for which it returns None is dropped."""
    out = []
    for line in log_lines(log):
        m = re.match(r"@rvtrace 2 (\S+) (\S+)$", line)
        if m:
            fields = edit(m.group(1), m.group(2))
            if fields is None:
                continue
            line = "@rvtrace 2 " + " ".join(fields)
        out.append(line)
    return "\n".join(out).encode()


def patch(dump, at, fmt, *values):
    return dump[:at] + struct.pack(fmt, *values) + \
        dump[at + struct.calcsize(fmt):]


def task_cases(dump):
    """Version 3: task records (at the end) and switch events."""
    h = header(dump)
    size, nr = struct.unpack_from("<HH", dump, TASKS_AT)
    first = len(dump) - nr * size
    ev = h[2] + HART.size
    while struct.unpack_from("<I", dump, ev + 24)[0] & 0xf != EVENT_SWITCH:
        ev += h[4]
    return {
        "task-tag-0": (patch(dump, first, "<B", 0),
                       r"task record 0 has tag 0"),
        "task-twice": (patch(dump, first + size, "<B", dump[first]),
                       r"task tag %d has two records" % dump[first]),
        "switch-tag": (patch(dump, ev + 8, "<Q", 256),
                       r"switches between tasks 256 and \d+ \(tags are"),
        "task-size": (patch(dump, TASKS_AT, "<H", 8), r"task_size 8"),
        "absurd-tasks": (patch(dump, TASKS_AT + 2, "<H", 0xffff),
                         r"65535 task records do not fit"),
    }


def cases(dump, log):
    """name: (input, regex the message must match)."""
    h = header(dump)
    hart0 = dump[HEADER.size:HEADER.size + HART.size +
                 HART.unpack_from(dump, HEADER.size)[1] * h[4]]
    return {
        "empty": (b"", r"empty"),
        "garbage": (b"hello\nworld\n" * 100, r"no rvtrace dump found"),
        "truncated-header": (dump[:20], r"truncated dump"),
        "truncated-events": (dump[:len(dump) - 40], r"truncated dump"),
        "trailing": (dump + b"\0" * 16, r"after its end"),
        "magic": (b"RVTRACF\0" + dump[8:], r"no rvtrace dump found"),
        "magic-text": (frame(b"RVTRACF\0" + dump[8:]), r"wrong magic"),
        "version": (with_header(dump, version=5), r"version 5"),
        "xlen": (with_header(dump, xlen=48), r"xlen 48"),
        "tracer": (with_header(dump, tracer=9), r"unknown tracer"),
        "event-kind": (set_info(dump, 0x7), r"unknown kind 7"),
        "event-hart": (set_info(dump, 0x50001), r"says hart 5"),
        "lost-with-data": (set_info(dump, 0), r"lost slot with data"),
        "hart-twice": (with_header(dump, nr_harts=h[7] + 1)[:HEADER.size] +
                       hart0 + dump[HEADER.size:], r"hart 0 has two sections"),
        "small-header": (with_header(dump, header_size=8), r"header_size 8"),
        "small-event": (with_header(dump, event_size=4), r"event_size 4"),
        "absurd-event-size": (with_header(dump, event_size=0xffff),
                              r"do not fit"),
        "absurd-harts": (with_header(dump, nr_harts=0xffff),
                         r"truncated|more than its ring"),
        "absurd-events": (dump[:HEADER.size] +
                          HART.pack(0, 0xffffffff, 0, 0) +
                          dump[HEADER.size + HART.size:],
                          r"more than its ring"),
        "absurd-ring": (with_header(dump, events_per_hart=0xffffffff)
                        [:HEADER.size] + HART.pack(0, 0xfffffff0, 0, 0) +
                        dump[HEADER.size + HART.size:], r"do not fit"),
        "absurd-profile": (with_header(dump, nr_profile=0xffffffff),
                           r"profile records do not fit"),
        "text-crc": (edit_data_line(log, lambda b, c: (b, "%08x" % (
            int(c, 16) ^ 1))), r"CRC mismatch"),
        "text-base64": (edit_data_line(log, lambda b, c: ("*" + b[1:], c)),
                        r"bad base64"),
        "text-missing-line": (edit_data_line(log, lambda b, c: None),
                              r"a data line is missing"),
        "text-malformed-line": (edit_data_line(log, lambda b, c: (b,)),
                                r"malformed data line"),
        "text-no-end": (b"\n".join(l.encode() for l in log_lines(log)
                                  if "@rvtrace end" not in l),
                        r"no \"@rvtrace end\""),
        "text-total-crc": (re.sub(rb"@rvtrace end [0-9a-f]{8}",
                                  b"@rvtrace end 00000000", log),
                           r"CRC of the whole dump"),
        "text-absurd-size": (re.sub(rb"begin v1 \d+", b"begin v1 99999999999",
                                    log), r"absurd or malformed size"),
        "text-version": (re.sub(rb"begin v1", b"begin v7", log),
                         r"unsupported text framing"),
        "text-short": (re.sub(rb"begin v1 (\d+)", lambda m: b"begin v1 %d" % (
            int(m.group(1)) + 1), log), r"fewer bytes"),
        "text-long": (re.sub(rb"begin v1 (\d+)", lambda m: b"begin v1 %d" % (
            int(m.group(1)) - 1), log), r"more bytes than"),
    }


def main():
    decoder, good_log, workdir, case = sys.argv[1:]
    with open(good_log, "rb") as f:
        log = f.read()
    dump = subprocess.run([decoder, "--format", "raw", good_log],
                          capture_output=True, check=True).stdout
    all_cases = cases(dump, log)
    if header(dump)[1] >= 3:
        all_cases.update(task_cases(dump))
    if case not in all_cases:
        sys.exit("bad_input: unknown case %s (%s)" % (case, " ".join(all_cases)))
    data, want = all_cases[case]
    os.makedirs(workdir, exist_ok=True)
    path = os.path.join(workdir, case)
    with open(path, "wb") as f:
        f.write(data)
    try:
        p = subprocess.run([decoder, path], capture_output=True, timeout=20)
    except subprocess.TimeoutExpired:
        sys.exit("bad_input: %s: the decoder hangs" % case)
    err = p.stderr.decode(errors="replace")
    if p.returncode != 1:
        sys.exit("bad_input: %s: exit status %d (want 1)\n%s" %
                 (case, p.returncode, err))
    if p.stdout:
        sys.exit("bad_input: %s: output despite the error" % case)
    if not re.search(want, err) or not err.startswith("rvtrace-decode: "):
        sys.exit("bad_input: %s: message %r does not match %r" %
                 (case, err, want))
    print("bad_input: %s: %s" % (case, err.strip()))


if __name__ == "__main__":
    main()
