# SPDX-License-Identifier: BSD-2-Clause
"""Checks rvtrace-decode's output of stream_fw's stream.

stream_check.py markers OUTPUT LOG: per hart (other than the streaming
one), the markers hart << 24 | i for i = 1..N appear in order, each at
most once, and the ones missing are exactly as many as the lost counts the
output reports ("# hart-N: K events lost" and "<lost ...>" lines).

stream_check.py graph OUTPUT LOG: the graph run's output (function_graph
layout): every hart's calls of the call graph nest (top { left { leaf(); }
right { leaf(); leaf(); } }) CALLS times, with no lost events, no call left
open and no exit without its entry.
"""
import re
import sys


def fail(msg):
    print("stream_check: " + msg)
    sys.exit(1)


def log_numbers(log):
    text = open(log, errors="replace").read()
    m = re.search(r"stream_fw: (\d+) harts, (\d+) markers each", text)
    g = re.search(r"stream_fw: (\d+) chunks of markers, \d+ in all; "
                  r"(\d+) graph calls per hart", text)
    if not m or not g:
        fail("the log lacks the firmware's numbers")
    return int(m.group(1)), int(m.group(2)), int(g.group(1)), int(g.group(2))


def markers(out, log):
    harts, marks, chunks, _ = log_numbers(log)
    mark_re = re.compile(r"^\s*hart-(\d+)\s+\[\d+\]\s+\S+: marker: (\d+) <-")
    lost_re = re.compile(r"^# hart-(\d+): (\d+) events lost$")
    slot_re = re.compile(r"^\s*hart-(\d+)\s+\[\d+\]\s+\S+: <lost")
    seen, lost = {}, {}
    text = open(out).read()
    # The function trace is the first run; the graph run follows it.
    first = text.split("# another tracing run starts here")[0]
    for line in first.splitlines():
        m = mark_re.match(line)
        if m:
            h, v = int(m.group(1)), int(m.group(2))
            if v >> 24 != h:
                fail("hart %d shows hart %d's marker %d" % (h, v >> 24, v))
            seen.setdefault(h, []).append(v & 0xFFFFFF)
            continue
        m = lost_re.match(line) or slot_re.match(line)
        if m:
            h = int(m.group(1))
            lost[h] = lost.get(h, 0) + (int(m.group(2)) if m.re is lost_re
                                        else 1)
    if len(seen) < 1:
        fail("no marker at all")
    total_read = 0
    for h in range(harts):
        nums = seen.get(h, [])
        if not nums and not lost.get(h):
            continue
        if nums != sorted(set(nums)):
            fail("hart %d: markers repeated or out of order" % h)
        if nums and (nums[0] < 1 or nums[-1] > marks):
            fail("hart %d: marker out of range" % h)
        if len(nums) + lost.get(h, 0) != marks:
            fail("hart %d: %d markers read + %d lost != %d" %
                 (h, len(nums), lost.get(h, 0), marks))
        total_read += len(nums)
    if len([h for h in seen]) + len([h for h in lost if h not in seen]) \
            != harts - 1:
        fail("markers from %d harts, expected %d" % (len(seen), harts - 1))
    if chunks < 2:
        fail("only %d chunk(s) of markers: the stream did not flow" % chunks)
    print("stream_check: %d markers read, %d lost, %d chunks" %
          (total_read, sum(lost.values()), chunks))


def graph(out, log):
    harts, _, _, calls = log_numbers(log)
    line_re = re.compile(r"^\s*(\d+)\)\s.*\|\s(\s*)(\S.*)$")
    shape = ["top() {", "left() {", "leaf();", "}", "right() {", "leaf();",
             "leaf();", "}", "}"]
    text = open(out).read()
    part = text.split("# another tracing run starts here")[-1]
    per = {}
    for line in part.splitlines():
        if not line or line.startswith("#"):
            continue
        m = line_re.match(line)
        if not m:
            fail("not a graph line: %r" % line)
        body = m.group(3).strip()
        if "no exit" in body or "lost" in body or body.startswith("} /*"):
            fail("hart %s: %s" % (m.group(1), body))
        per.setdefault(int(m.group(1)), []).append(body)
    if sorted(per) != list(range(harts)):
        fail("graph lines for harts %s, expected 0..%d" %
             (sorted(per), harts - 1))
    for h, lines in per.items():
        # A leaf whose exit came in the next chunk shows open, then closed.
        merged = []
        for body in lines:
            if body == "}" and merged and merged[-1].endswith("() {"):
                merged[-1] = merged[-1][:-2] + ";"
            else:
                merged.append(body)
        lines = merged
        if lines != shape * calls:
            fail("hart %d: %d lines that are not %d calls of the graph" %
                 (h, len(lines), calls))
    print("stream_check: %d harts x %d graph calls nested" % (harts, calls))


if __name__ == "__main__":
    if len(sys.argv) != 4 or sys.argv[1] not in ("markers", "graph"):
        fail("usage: stream_check.py markers|graph OUTPUT LOG")
    (markers if sys.argv[1] == "markers" else graph)(sys.argv[2], sys.argv[3])
