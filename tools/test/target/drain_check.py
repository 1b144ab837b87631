# SPDX-License-Identifier: BSD-2-Clause
"""Checks a dump that rvtrace-drain.py took from drain_fw.c against what the
firmware says it recorded (its console log).

    drain_check.py drain|speed DUMP CONSOLE-LOG

Every hart's events must be its markers MARKER(hart, n) in strictly
increasing n, each with seq n + 1 and a time not before the one before it,
so none is there twice, out of order or torn; the markers missing must be
exactly the hart's overwritten count, which must equal the gaps in the
sequence numbers. drain: each hart has more events than its ring holds (the
tool read while the harts ran). speed: each hart has exactly the last ring's
worth of its markers.
"""
import re
import struct
import sys

HEADER = struct.Struct("<8sHHHHBBHIQQQBBHIQB7x32s")   # and what follows
HART = struct.Struct("<IIQQ")
EVENT = struct.Struct("<QQQII")
MARKER, TRACER_FUNCTION = 3, 1


def fail(msg):
    sys.exit("drain_check: FAIL: %s" % msg)


def console(path):
    text = open(path, errors="replace").read()
    m = re.search(r"drain_fw: (\d+) harts, rings of (\d+) events", text)
    if not m:
        fail("the firmware did not start its rings:\n%s" % text)
    recorded = {int(h): int(n) for h, n in re.findall(
        r"drain_fw: hart (\d+) recorded (\d+) markers", text)}
    if sorted(recorded) != list(range(int(m.group(1)))):
        fail("the firmware did not say what every hart recorded:\n%s" % text)
    return int(m.group(2)), recorded


def hart_events(h, raw, recorded):
    """The markers' counts, checked one by one; the gaps between them."""
    counts, gaps, last, last_ts = [], 0, -1, 0
    for ts, func, _caller, info, seq in EVENT.iter_unpack(raw):
        n = func & 0xFFFFFF
        if info & 0xF != MARKER or info >> 16 != h or func >> 24 != h:
            fail("hart %d: event %d is not one of its markers (func %#x, "
                 "info %#x)" % (h, len(counts), func, info))
        if seq != n + 1:
            fail("hart %d: marker %d has seq %d" % (h, n, seq))
        if n <= last or n >= recorded:
            fail("hart %d: marker %d after marker %d (%d recorded)" %
                 (h, n, last, recorded))
        if ts < last_ts:
            fail("hart %d: marker %d is older than the one before" % (h, n))
        gaps += n - last - 1
        counts.append(n)
        last, last_ts = n, ts
    return counts, gaps + recorded - 1 - last


def main():
    mode, dump_path, log = sys.argv[1:4]
    cap, recorded = console(log)
    dump = open(dump_path, "rb").read()
    hd = HEADER.unpack_from(dump)
    if hd[0] != b"RVTRACE\0" or hd[1] != 4 or hd[12] != TRACER_FUNCTION:
        fail("not a version 4 dump of a function trace")
    nr, per_hart, overwritten, dropped = hd[7], hd[8], hd[10], hd[11]
    if nr != len(recorded):
        fail("%d harts in the dump, %d in the firmware" % (nr, len(recorded)))
    at, total_lost, total = hd[2], 0, 0
    for h in range(nr):
        hart, count, lost, hart_dropped = HART.unpack_from(dump, at)
        at += HART.size
        if hart != h or hart_dropped:
            fail("hart section %d: hart %d, %d dropped" %
                 (h, hart, hart_dropped))
        counts, gaps = hart_events(h, dump[at:at + count * EVENT.size],
                                   recorded[h])
        at += count * EVENT.size
        if lost != gaps or count + lost != recorded[h]:
            fail("hart %d: %d events and %d counted as lost, but %d recorded "
                 "and %d missing" % (h, count, lost, recorded[h], gaps))
        if mode == "drain" and count <= cap:
            fail("hart %d: %d events, no more than one ring (%d): the tool "
                 "did not read while the harts ran" % (h, count, cap))
        if mode == "speed" and \
                counts != list(range(recorded[h] - cap, recorded[h])):
            fail("hart %d: not exactly its last %d markers" % (h, cap))
        total_lost += lost
        total += count
    if at != len(dump) or overwritten != total_lost or dropped:
        fail("header totals (%d overwritten, %d dropped) or size wrong" %
             (overwritten, dropped))
    if mode == "speed" and per_hart != cap:
        fail("%d events per hart in the header, rings of %d" % (per_hart, cap))
    print("drain_check: %d harts, %d events, %d lost (the gaps in their "
          "sequence numbers), none twice or out of order" %
          (nr, total, total_lost))


if __name__ == "__main__":
    main()
