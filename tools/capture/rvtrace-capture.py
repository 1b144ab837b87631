# SPDX-License-Identifier: BSD-2-Clause
"""gdb command "rvtrace-capture FILE": the firmware's trace buffers, read
through the debugger from a halted target, written as a binary dump
(rvtrace/trace.h, version 4) that rvtrace-decode reads. The firmware prints
nothing and needs no code for it: halt it (a breakpoint, or interrupt a
running one; an event being written at that moment counts as lost).

The rings are found through the library's ring layout descriptor, by its
symbol rvt_ring_layout: the symbol table is enough, no debug information is
needed. Any gdbstub works (QEMU's, OpenOCD's); a running QEMU target is
read faster and without halting by rvtrace-drain.py. Usage:

    (gdb) target remote /tmp/qemu-gdb.sock      # or :1234, or OpenOCD's :3333
    (gdb) source tools/capture/rvtrace-capture.py
    (gdb) rvtrace-capture trace.bin
"""
import os
import sys

import gdb

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import rvtrace_rings as rr  # noqa: E402


class GdbTarget:
    """The inferior's memory, as gdb reads it."""

    def read(self, addr, size):
        try:
            return gdb.selected_inferior().read_memory(addr, size).tobytes()
        except gdb.MemoryError as e:
            raise rr.CaptureError("cannot read %d bytes at %#x: %s" %
                                  (size, addr, e))


def find_layout(target):
    try:
        where = int(gdb.parse_and_eval("(unsigned long)&%s" %
                                       rr.LAYOUT_SYMBOL))
    except gdb.error:
        raise rr.CaptureError(
            "no symbol %s: gdb has no symbol file of the firmware ('file "
            "FW.elf'), or the firmware is not linked with an rvtrace that "
            "has the ring layout descriptor (rvtrace_instrument() links it "
            "in with --undefined=%s)" % (rr.LAYOUT_SYMBOL, rr.LAYOUT_SYMBOL))
    layout = rr.Layout.parse(target.read(where, rr.LAYOUT.size), where)
    if not layout:
        raise rr.CaptureError("no ring layout descriptor at %#x, where gdb's "
                              "symbol file puts %s: the target runs another "
                              "image" % (where, rr.LAYOUT_SYMBOL))
    return layout


class RvtraceCapture(gdb.Command):
    """rvtrace-capture FILE: write the trace buffers as a binary dump."""

    def __init__(self):
        super().__init__("rvtrace-capture", gdb.COMMAND_DATA,
                         gdb.COMPLETE_FILENAME)

    def invoke(self, arg, from_tty):
        args = gdb.string_to_argv(arg)
        if len(args) != 1:
            raise gdb.GdbError("usage: rvtrace-capture FILE")
        try:
            target = GdbTarget()
            drain = rr.Drain(target, find_layout(target), settled=True)
            drain.start()
            drain.run_pass(final=True)
            drain.finish()
            drain.write(args[0])
        except rr.CaptureError as e:
            raise gdb.GdbError("rvtrace-capture: %s" % e)
        gdb.write("rvtrace-capture: %d events of %d harts, %d lost, written "
                  "to %s\n" % (sum(drain.taken), drain.first.nr,
                               sum(drain.lost), args[0]))


RvtraceCapture()
