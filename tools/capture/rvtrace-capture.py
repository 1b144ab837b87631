# SPDX-License-Identifier: BSD-2-Clause
"""gdb command "rvtrace-capture FILE": the firmware's trace buffers, read
through the debugger, written as a binary dump (rvtrace/trace.h, version 2)
that rvtrace-decode reads. The firmware prints nothing and needs no code for
it: the target is halted (a breakpoint, or Ctrl-C on a live one) and the
rings are read the way rvt_trace_dump() reads them, an event counted as
lost when its slot is being rewritten.

The library's state is found through its debug information (DWARF): build
rvtrace with -g. Usage, e.g. with QEMU's gdbstub:

    (gdb) target remote /tmp/qemu-gdb.sock      # or :1234
    (gdb) source tools/capture/rvtrace-capture.py
    (gdb) rvtrace-capture trace.bin
"""
import struct

import gdb

MAGIC = b"RVTRACE\0"
VERSION = 2
HEADER = struct.Struct("<8sHHHHBBHIQQQBBHIQB7x32s")
HART = struct.Struct("<IIQQ")
EVENT = struct.Struct("<QQQII")
PROFILE_SIZE = 48
STOP_WHEN_FULL = 1
SEQ_BUSY = 0xFFFFFFFF


def lookup(name):
    try:
        value = gdb.parse_and_eval(name)
    except gdb.error:
        raise gdb.GdbError("rvtrace-capture: no symbol %s: is this firmware "
                           "linked with rvtrace?" % name)
    if value.type.strip_typedefs().code != gdb.TYPE_CODE_STRUCT:
        raise gdb.GdbError("rvtrace-capture: %s has no debug information: "
                           "build the rvtrace library with -g" % name)
    return value


def clock_hz():
    plat = lookup("rvt_core")["plat"]
    return int(plat.dereference()["clock_hz"]) if int(plat) else 0


def anchor():
    # Where rvt_init is in the running image: the header's anchor.
    return int(gdb.parse_and_eval("(unsigned long)&rvt_init"))


def build_id():
    # The image's GNU build-id note (linker/rvtrace.ld), as rvtrace reads it.
    start = int(gdb.parse_and_eval("(unsigned long)&__rvt_build_id_start"))
    end = int(gdb.parse_and_eval("(unsigned long)&__rvt_build_id_end"))
    if end - start < 16:
        return b""
    note = gdb.selected_inferior().read_memory(start, end - start).tobytes()
    namesz, descsz, kind = struct.unpack_from("<III", note)
    if namesz != 4 or kind != 3 or not 0 < descsz <= 32 or \
            16 + descsz > len(note):
        return b""
    return note[16:16 + descsz]


def capture():
    trace = lookup("rvt_trace")
    nr = int(trace["nr_harts"])
    if not nr:
        raise gdb.GdbError("rvtrace-capture: no trace buffers: no tracer "
                           "has run since rvt_init()")
    cap = int(trace["cap"])
    flags = int(trace["flags"])
    stop_mode = bool(flags & STOP_WHEN_FULL)
    inferior = gdb.selected_inferior()
    harts, overwritten, dropped, body = [], 0, 0, b""
    for h in range(nr):
        ring = trace["rings"][h]
        head = int(ring["head"])
        excess = head - cap if head > cap else 0
        hi = min(head, cap) if stop_mode else head
        lo = hi - cap if hi > cap else 0
        mem = inferior.read_memory(int(ring["ev"]),
                                   cap * EVENT.size).tobytes()
        events = []
        for idx in range(lo, hi):
            slot = mem[(idx % cap) * EVENT.size:][:EVENT.size]
            want = (idx + 1) & 0xFFFFFFFF
            if want == SEQ_BUSY or EVENT.unpack(slot)[4] != want:
                slot = bytes(EVENT.size)    # being rewritten: lost
            events.append(slot)
        body += HART.pack(h, len(events), 0 if stop_mode else excess,
                          excess if stop_mode else 0) + b"".join(events)
        if stop_mode:
            dropped += excess
        else:
            overwritten += excess
    xlen = gdb.lookup_type("long").sizeof * 8
    ident = build_id()
    header = HEADER.pack(MAGIC, VERSION, HEADER.size, HART.size, EVENT.size,
                         xlen, flags & 0xFF, nr, cap, clock_hz(),
                         overwritten, dropped, int(trace["kind"]), 0,
                         PROFILE_SIZE, 0, anchor(), len(ident), ident)
    return header + body, nr


class RvtraceCapture(gdb.Command):
    """rvtrace-capture FILE: write the trace buffers as a binary dump."""

    def __init__(self):
        super().__init__("rvtrace-capture", gdb.COMMAND_DATA,
                         gdb.COMPLETE_FILENAME)

    def invoke(self, arg, from_tty):
        args = gdb.string_to_argv(arg)
        if len(args) != 1:
            raise gdb.GdbError("usage: rvtrace-capture FILE")
        dump, nr = capture()
        with open(args[0], "wb") as f:
            f.write(dump)
        gdb.write("rvtrace-capture: %d bytes, %d harts, written to %s\n" %
                  (len(dump), nr, args[0]))


RvtraceCapture()
