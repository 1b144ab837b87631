#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""rvtrace-drain: read rvtrace's event rings out of a target's memory,
continuously while the harts run or in one pass (--once), with no help from
the firmware, and write them as a binary dump (include/rvtrace/trace.h,
version 4) that rvtrace-decode reads. Events the reader could not take
before they were overwritten are counted, per hart, as overwritten.

    rvtrace-drain.py --qmp /tmp/qmp.sock --elf fw.elf -o trace.bin
    rvtrace-drain.py --qmp /tmp/qmp.sock --once --halt -o trace.bin
    rvtrace-drain.py --openocd localhost:6666 --elf fw.elf -o trace.bin

A drain runs until --duration ends, SIGINT or SIGTERM, or the target
exits, and then takes what is left in one last pass. tools/README.md
tells how it works and what it needs of the target.
"""
import argparse
import os
import signal
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import rvtrace_rings as rr  # noqa: E402


def size_arg(text):
    scale = {"K": 1 << 10, "M": 1 << 20, "G": 1 << 30}.get(text[-1:].upper())
    return int(text[:-1], 0) * scale if scale else int(text, 0)


def ram_arg(text):
    base, sep, size = text.partition(":")
    try:
        if not sep:
            raise ValueError
        return (int(base, 0), size_arg(size))
    except ValueError:
        raise argparse.ArgumentTypeError("BASE:SIZE, e.g. 0x80000000:256M")


def parse_args():
    p = argparse.ArgumentParser(
        description="Read rvtrace's event rings from a running or halted "
        "target (QEMU's QMP monitor, OpenOCD) into a binary dump.")
    src = p.add_mutually_exclusive_group(required=True)
    src.add_argument("--qmp", metavar="SOCKET",
                     help="QEMU's QMP socket (-qmp unix:SOCKET,server=on,"
                     "wait=off)")
    src.add_argument("--openocd", metavar="[HOST:]PORT",
                     help="OpenOCD's Tcl port (6666 by default)")
    p.add_argument("-o", "--output", required=True, metavar="OUT",
                   help="the binary dump to write")
    p.add_argument("--elf", metavar="FW.elf",
                   help="the firmware, for where rvt_ring_layout is "
                   "(without it, RAM is searched)")
    p.add_argument("--ram", type=ram_arg, action="append", metavar="BASE:SIZE",
                   help="RAM to search for the rings (QEMU: all of its RAM)")
    p.add_argument("--once", action="store_true",
                   help="one pass: what the rings hold now")
    p.add_argument("--halt", action="store_true",
                   help="with --once: stop the harts for the pass, and "
                   "resume them after")
    p.add_argument("--duration", type=float, metavar="S",
                   help="drain for S seconds (default: until a signal or "
                   "the target exits)")
    p.add_argument("--interval", type=float, default=0.02, metavar="S",
                   help="pause between passes (default 0.02)")
    p.add_argument("--progress", action="store_true",
                   help="a line on standard error every second")
    p.add_argument("--tmpdir", metavar="DIR",
                   help="where QEMU writes what it reads for the tool "
                   "(default /dev/shm); QEMU must see the same directory")
    args = p.parse_args()
    if args.halt and not args.once:
        p.error("--halt goes with --once")
    return args


class Stop:
    """Set by SIGINT or SIGTERM: finish with a last pass."""

    def __init__(self):
        self.asked = False
        signal.signal(signal.SIGINT, self.ask)
        signal.signal(signal.SIGTERM, self.ask)

    def ask(self, signum, frame):
        self.asked = True


def start(drain, args, stop, deadline):
    """The first look at the rings; a drain waits for a tracer to start."""
    waiting = False
    while True:
        try:
            drain.start()
            return
        except rr.TargetGone as e:
            raise rr.CaptureError("%s before a tracer started" % e)
        except rr.NotStarted as e:
            if args.once or stop.asked or time.monotonic() > deadline:
                raise
            if not waiting:
                rr.note("waiting: %s" % e)
                waiting = True
        time.sleep(args.interval)


def follow(drain, args, stop, deadline, t0):
    """Passes until told to stop, then a last one; a target that exits or
    starts a new run ends them early."""
    shown = t0
    try:
        while not stop.asked and time.monotonic() < deadline:
            drain.run_pass()
            now = time.monotonic()
            if args.progress and now - shown >= 1:
                shown = now
                rr.note("%.1f s: %d events, %d lost, %d passes" %
                        (now - t0, sum(drain.taken), sum(drain.lost),
                         drain.passes))
            time.sleep(args.interval)
        drain.run_pass(final=True)
    except rr.TargetGone as e:
        rr.note("%s: events recorded after the last pass are not in the "
                "dump" % e)
    except rr.Restarted as e:
        rr.note("%s: the dump holds the run before it" % e)


def capture(target, args, stop, t0):
    deadline = t0 + args.duration if args.duration else float("inf")
    layout = rr.find_layout(target, args.elf, args.ram)
    resume = args.halt and target.halt()
    try:
        drain = rr.Drain(target, layout, settled=args.halt)
        start(drain, args, stop, deadline)
        if args.once:
            drain.run_pass(final=True)
        else:
            follow(drain, args, stop, deadline, t0)
    finally:
        if resume:
            target.resume()
    drain.finish()
    drain.write(args.output)
    return drain


def report(drain, args, seconds):
    nr, cap = drain.first.nr, drain.first.cap
    events = sum(drain.taken)
    counts = "%d events, %d lost, %d dropped" % (
        events, sum(drain.lost), sum(drain.dropped(h) for h in range(nr)))
    if args.once:
        ring = nr * cap * rr.EVENT_SIZE
        rr.note("%d harts' rings, %.1f MB (%.1f MiB), captured in %.2f s: "
                "%.1f MB/s; %s" % (nr, ring / 1e6, ring / (1 << 20), seconds,
                                   ring / 1e6 / seconds, counts))
    else:
        rr.note("drained %d harts for %.2f s: %s; %.1f MB read in %d passes, "
                "%d with new events" % (nr, seconds, counts,
                                        drain.bytes_read / 1e6, drain.passes,
                                        drain.fruitful))


def main():
    args = parse_args()
    stop = Stop()
    t0 = time.monotonic()
    try:
        if args.qmp:
            target = rr.QmpTarget(args.qmp, args.tmpdir)
        else:
            target = rr.OpenOcdTarget(args.openocd)
        try:
            drain = capture(target, args, stop, t0)
        finally:
            target.close()
    except rr.CaptureError as e:
        rr.note("error: %s" % e)
        return 1
    report(drain, args, time.monotonic() - t0)
    return 0


if __name__ == "__main__":
    sys.exit(main())
