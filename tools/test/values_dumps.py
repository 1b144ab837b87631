#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""Dumps of format version 4 made by hand, each a case that the decoder's
folding of data events and threshold calls once got wrong: it must decode
them (text format, no ELF) as the case says, never crash.

  values_dumps.py DECODER WORKDIR CASE
"""
import os
import struct
import subprocess
import sys

HEADER = struct.Struct("<8sHHHHBBHIQQQBBHIQB7x32sI4xHH4x")
HART = struct.Struct("<IIQQ")
EVENT = struct.Struct("<QQQII")
ENTRY, EXIT, DATA, CALL = 1, 2, 5, 7
CHUNK = 0x40
F, G, CALLER = 0x80000100, 0x80000300, 0x80000200


def dump(events, flags=0):
    """A graph trace of one hart (rv64, 1 MHz clock)."""
    header = HEADER.pack(b"RVTRACE\0", 4, HEADER.size, HART.size,
                         EVENT.size, 64, flags, 1, 64, 1000000, 0, 0, 2,
                         0, 48, 0, 0x80000000, 0, b"", 0, 24, 0)
    return (header + HART.pack(0, len(events), 0, 0) +
            b"".join(EVENT.pack(*e) for e in events))


def event(ts, func, kind, seq, depth=0):
    return (ts, func, CALLER, kind | depth << 4, seq)


def data(first, values, seq, count_bits=None):
    v = list(values) + [0] * (3 - len(values))
    count = len(values) if count_bits is None else count_bits
    return (v[0], v[1], v[2], DATA | first << 4 | count << 8, seq)


LOST = (0, 0, 0, 0, 0)

# name: (dump bytes, lines that must appear in this order, text that must not)
CASES = {
    # Count bits beyond the two of the format: only those two count.
    "count-bits": (dump([event(10, F, ENTRY, 1),
                         data(15, [7], 2, count_bits=0xfd)]),
                   [" <-"], []),
    # A stream's chunks keep their values when they are put together.
    "stream": (dump([event(10, F, ENTRY, 1), data(0, [5, 6], 2)], CHUNK) +
               dump([event(20, F, EXIT, 3)], CHUNK),
               ["0x80000100(a0=0x5, a1=0x6) <-"], []),
    # A data event whose event is missing (no placeholder, as a reader
    # from outside leaves it) is nobody's: not the event before it.
    "orphan": (dump([event(10, F, ENTRY, 1), data(0, [5, 6], 3)]),
               ["0x80000100 <-"], ["a0=0x5"]),
    # A lost slot stays where it was; the call's entry goes in by time.
    "lost-and-call": (dump([event(10, F, ENTRY, 1), LOST,
                            event(30, G, CALL, 3, depth=1),
                            data(3, [25], 4), event(40, F, EXIT, 5)]),
                      ["0x80000100 <-", "<lost", "0x80000300 <-",
                       "0x80000300 ->", "0x80000100 ->"], []),
    # A chunk with a lost slot and a call is no new run of the tracer.
    "stream-call": (dump([event(10, F, ENTRY, 1), event(12, F, EXIT, 2)],
                         CHUNK) +
                    dump([event(20, F, ENTRY, 3), LOST,
                          event(30, G, CALL, 5, depth=1),
                          data(3, [25], 6), event(40, F, EXIT, 7)], CHUNK),
                    ["0x80000100 <-", "0x80000100 ->", "0x80000100 <-",
                     "0x80000300 <-", "0x80000300 ->", "0x80000100 ->"],
                    ["started again", "another tracing run"]),
}


def main():
    decoder, work, case = sys.argv[1:4]
    raw, want, never = CASES[case]
    os.makedirs(work, exist_ok=True)
    path = os.path.join(work, case + ".bin")
    with open(path, "wb") as f:
        f.write(raw)
    r = subprocess.run([decoder, "--format", "text", path],
                       capture_output=True, text=True)
    out = r.stdout + r.stderr
    if r.returncode != 0:
        sys.exit("values_dumps: %s: exit status %d\n%s" %
                 (case, r.returncode, out))
    at = 0
    for w in want:
        i = out.find(w, at)
        if i < 0:
            sys.exit("values_dumps: %s: no '%s' after offset %d in:\n%s" %
                     (case, w, at, out))
        at = i + len(w)
    for n in never:
        if n in out:
            sys.exit("values_dumps: %s: '%s' in:\n%s" % (case, n, out))
    print("values_dumps: %s: as expected" % case)


if __name__ == "__main__":
    main()
