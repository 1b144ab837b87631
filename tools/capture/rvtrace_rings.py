# SPDX-License-Identifier: BSD-2-Clause
"""Reading rvtrace's event rings out of a target's memory, with no help
from the firmware: the ring layout descriptor (lib/ring_layout.c), the
targets that read memory (QEMU's QMP monitor, OpenOCD's Tcl port), the
exact reader and the binary dump it writes (include/rvtrace/trace.h,
version 4). rvtrace-drain.py and the gdb command rvtrace-capture.py use it.

How a read of a running target stays exact. A writer claims slot
idx % cap with one atomic add on the ring's head, marks it busy
(seq = 0xffffffff), fills it and publishes it by writing seq = idx + 1
last. A bulk read of memory (QEMU copies with memcpy, a probe word by word)
has no order within itself, so one copy cannot check seq before and after
the fields as rvt_ring_read() does on the target. Copies made one after the
other are ordered, though, so a pass reads the heads, then the slots of the
claims from the next one it wants up to the heads three times (B, D, E),
then the heads again, and takes event idx from D when B, D and E all hold
seq = idx + 1:

  - B's seq shows the event was published before D began, so D holds its
    fields or newer ones;
  - E's seq shows no rewrite of the slot had marked it busy when E began,
    so none had written a field while D read (a rewrite marks the slot busy
    before it writes anything).

An event that fails this is taken by a later pass, or, once the heads show
that its slot has been claimed again, it is lost. So each hart's events go
out in claim order, whole, each at most once, and every claim that does not
go out is counted as lost: a hart's events plus its lost count are its
claims (plus, in stop mode, the claims that found the ring full, counted as
dropped). The heads only choose which slots to read and when an event is
given up: that every event taken is whole and taken once does not depend
on reading them whole.
"""
import array
import json
import os
import re
import shutil
import socket
import struct
import sys
import tempfile

LAYOUT_MAGIC = b"RVTRACE-LAYOUT\0\0"
LAYOUT_VERSION = 4
LAYOUT_SYMBOL = "rvt_ring_layout"
# magic, version, size, xlen, max_harts, ring_size, eight addresses, the
# fields of struct rvt_trace, rings[], the fields of struct rvt_ring, the
# event size and fields, clock_hz of struct rvt_platform, the generation of
# struct rvt_trace.
LAYOUT = struct.Struct("<16sHHB3xII8Q10HH2x4HI10HHHHH")
FIELD_NAMES = ("nr_harts", "cap", "flags", "limit", "kind")

DUMP_MAGIC = b"RVTRACE\0"
DUMP_VERSION = 4
# The firmware's task names stay behind: its events' tags are decoded as
# "task N".
DUMP_HEADER = struct.Struct("<8sHHHHBBHIQQQBBHIQB7x32sI4xHH4x")
DUMP_TASK_SIZE = 24
DUMP_HART = struct.Struct("<IIQQ")
DUMP_PROFILE_SIZE = 48
# struct rvt_event as the dump has it: (offset, size) of ts, func, caller,
# info, seq. The reader copies events as they are (on RV32 but for the
# upper words of func and caller: lower_words()), so the target's must be
# the same.
EVENT_SIZE = 32
EVENT_FIELDS = ((0, 8), (8, 8), (16, 8), (24, 4), (28, 4))
SEQ_WORD = 7
INFO_OFF = 24
KIND_DATA = 5           # RVT_EVENT_DATA
SEQ_BUSY = 0xFFFFFFFF
SEQ_MASK = 0xFFFFFFFF
NOTE_GNU_BUILD_ID = 3
NAMES_MAGIC = b"RVTN"
# The names table ends the header, padded to 8 bytes, if header_size (16
# bits) can hold it.
NAMES_ALIGN = 8
NAMES_MAX = (0xFFFF - DUMP_HEADER.size) & ~(NAMES_ALIGN - 1)

# Slots of different rings closer than this are read in one request.
MERGE_GAP = 64 << 10
# A RAM scan reads this much at a time.
SCAN_CHUNK = 32 << 20


class CaptureError(Exception):
    """What is wrong, in words for the user."""


class TargetGone(CaptureError):
    """The target went away (QEMU exited, the connection closed)."""


class NotStarted(CaptureError):
    """The rings are not set up (yet)."""


class Restarted(CaptureError):
    """A tracer started anew while the reader followed the old run."""


def note(msg):
    sys.stderr.write("%s: %s\n" % (os.path.basename(sys.argv[0]) or
                                   "rvtrace", msg))


# --- ELF symbols ---------------------------------------------------------

def elf_symbols(path, names):
    """Addresses of the symbols in names found in path's symbol table."""
    try:
        with open(path, "rb") as f:
            data = f.read()
    except OSError as e:
        raise CaptureError("cannot read %s: %s" % (path, e.strerror))
    if data[:4] != b"\x7fELF" or data[4] not in (1, 2) or data[5] != 1:
        raise CaptureError("%s is not a little-endian ELF file" % path)
    wide = data[4] == 2
    ehdr = struct.Struct("<HHIQQQIHHHHHH" if wide else "<HHIIIIIHHHHHH")
    shdr = struct.Struct("<IIQQQQIIQQ" if wide else "<IIIIIIIIII")
    sym = struct.Struct("<IBBHQQ" if wide else "<IIIBBH")
    try:
        h = ehdr.unpack_from(data, 16)
        machine, shoff, shentsize, shnum = h[1], h[5], h[10], h[11]
        if machine != 243:
            raise CaptureError("%s is not a RISC-V ELF (machine %d)" %
                               (path, machine))
        sections = [shdr.unpack_from(data, shoff + i * shentsize)
                    for i in range(shnum)]
        found = {}
        for s in sections:
            if s[1] != 2:           # SHT_SYMTAB
                continue
            strtab = sections[s[6]]
            str_off, str_size = strtab[4], strtab[5]
            for at in range(s[4], s[4] + s[5], sym.size):
                e = sym.unpack_from(data, at)
                name_off = e[0]
                value = e[4] if wide else e[1]
                end = data.index(b"\0", str_off + name_off,
                                 str_off + str_size)
                name = data[str_off + name_off:end].decode("latin-1")
                if name in names:
                    found[name] = value
            return found
    except (struct.error, ValueError, IndexError):
        raise CaptureError("%s is a damaged ELF file" % path)
    raise CaptureError("%s has no symbol table (stripped): give no ELF, "
                       "and the tool finds the rings in RAM" % path)


def layout_from_elf(path):
    """Where path links the ring layout descriptor, or why it has none."""
    syms = elf_symbols(path, (LAYOUT_SYMBOL, "rvt_init"))
    if LAYOUT_SYMBOL in syms:
        return syms[LAYOUT_SYMBOL]
    if "rvt_init" in syms:
        raise CaptureError(
            "%s is linked with rvtrace but has no %s: an rvtrace without "
            "the ring layout descriptor, or linked without "
            "--undefined=%s (rvtrace_instrument() adds it)" %
            (path, LAYOUT_SYMBOL, LAYOUT_SYMBOL))
    raise CaptureError("%s is not linked with rvtrace (no rvt_init, no %s)" %
                       (path, LAYOUT_SYMBOL))


# --- The descriptor ------------------------------------------------------

class Field:
    def __init__(self, offset, size):
        self.offset, self.size = offset, size

    def get(self, buf, base=0):
        return int.from_bytes(buf[base + self.offset:
                                  base + self.offset + self.size], "little")


class Layout:
    """The ring layout descriptor found at address."""

    def __init__(self, raw, address):
        v = LAYOUT.unpack_from(raw)
        (self.size, self.xlen, self.max_harts, self.ring_size) = v[2:6]
        (self.self_addr, self.trace, self.anchor, self.platform,
         self.build_id, self.build_id_end, self.names,
         self.names_end) = v[6:14]
        f = v[14:24]
        for i, name in enumerate(FIELD_NAMES):
            setattr(self, name, Field(f[2 * i], f[2 * i + 1]))
        self.rings = v[24]
        self.head = Field(v[25], v[26])
        self.ev = Field(v[27], v[28])
        self.event_size = v[29]
        ev = v[30:40]
        self.event_fields = tuple((ev[2 * i], ev[2 * i + 1])
                                  for i in range(5))
        self.clock_hz = Field(v[40], v[41])
        self.generation = Field(v[42], v[43])
        self.address = address
        self.check()

    def check(self):
        word = self.xlen // 8
        if self.xlen not in (32, 64) or self.head.size != word or \
                self.ev.size != word or not 0 < self.max_harts <= 0xFFFF or \
                self.ring_size < self.head.offset + word or \
                self.clock_hz.size != 8 or self.generation.size != word:
            raise CaptureError("the ring layout descriptor at %#x is "
                               "damaged (xlen %d)" % (self.address,
                                                      self.xlen))
        if self.event_size != EVENT_SIZE or \
                self.event_fields != EVENT_FIELDS:
            raise CaptureError("the firmware's events are not laid out as "
                               "dump format version %d has them: this tool "
                               "cannot copy them" % DUMP_VERSION)

    @staticmethod
    def parse(raw, address):
        """The descriptor in raw, read at address; None if there is none
        (no magic, or a copy that does not name address as its own)."""
        if len(raw) < 24 or raw[:16] != LAYOUT_MAGIC:
            return None
        version, size = struct.unpack_from("<HH", raw, 16)
        if version != LAYOUT_VERSION:
            raise CaptureError(
                "the firmware's ring layout descriptor (at %#x) is version "
                "%d; this tool reads version %d: use the tools of the "
                "rvtrace the firmware was built with" %
                (address, version, LAYOUT_VERSION))
        if size < LAYOUT.size or len(raw) < LAYOUT.size:
            raise CaptureError("the ring layout descriptor at %#x is "
                               "damaged (%d bytes)" % (address, size))
        if struct.unpack_from("<Q", raw, 32)[0] != address:
            return None
        return Layout(raw, address)


def find_layout(target, elf=None, ram=None):
    """The descriptor: at the ELF's symbol, else anywhere in RAM."""
    if elf:
        where = layout_from_elf(elf)
        layout = Layout.parse(target.read(where, LAYOUT.size), where)
        if layout:
            return layout
    ranges = ram or target.ram()
    if not ranges and elf:
        raise CaptureError(
            "no ring layout descriptor at %#x, where %s puts %s: the "
            "target runs another image, or has not started it (give "
            "--ram BASE:SIZE to search RAM)" % (where, elf, LAYOUT_SYMBOL))
    if not ranges:
        raise CaptureError("give the firmware's ELF (--elf), or where RAM "
                           "is (--ram BASE:SIZE), to find the rings")
    if elf:
        note("no ring layout descriptor at %#x, where %s puts it "
             "(a relocated image?): searching RAM" % (where, elf))
    for base, size in ranges:
        at = 0
        while at < size:
            n = min(SCAN_CHUNK + len(LAYOUT_MAGIC), size - at)
            chunk = target.read(base + at, n)
            pos = chunk.find(LAYOUT_MAGIC)
            while pos >= 0:
                addr = base + at + pos
                if addr % 8 == 0:
                    layout = Layout.parse(target.read(addr, LAYOUT.size),
                                          addr)
                    if layout:
                        return layout
                pos = chunk.find(LAYOUT_MAGIC, pos + 1)
            at += SCAN_CHUNK
    raise CaptureError(
        "no rvtrace ring layout descriptor in RAM (%s): the firmware is not "
        "linked with rvtrace, or with one older than the descriptor, or it "
        "has not started" % ", ".join("%#x-%#x" % (b, b + s - 1)
                                      for b, s in ranges))


# --- Targets -------------------------------------------------------------

class QmpTarget:
    """QEMU through its QMP monitor: pmemsave copies guest physical memory
    into a file while the harts run."""

    def __init__(self, path, tmpdir=None):
        self.path = path
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            self.sock.connect(path)
        except FileNotFoundError:
            raise CaptureError("no QMP socket %s: start QEMU with -qmp "
                               "unix:%s,server=on,wait=off" % (path, path))
        except ConnectionRefusedError:
            raise CaptureError("nothing listens on %s: QEMU has exited" %
                               path)
        except OSError as e:
            raise CaptureError("cannot connect to %s: %s" %
                               (path, e.strerror))
        self.sock.settimeout(10)
        self.stream = self.sock.makefile("rb")
        try:
            greeting = self.receive()
        except socket.timeout:
            raise CaptureError(
                "%s sends no QMP greeting: it is not a -qmp socket (-gdb, "
                "-serial?), or another client holds it" % path)
        if "QMP" not in greeting:
            raise CaptureError("%s is not a QMP socket" % path)
        self.sock.settimeout(None)
        self.command("qmp_capabilities")
        if tmpdir is None and os.path.isdir("/dev/shm"):
            tmpdir = "/dev/shm"
        self.dir = tempfile.mkdtemp(prefix="rvtrace-", dir=tmpdir)
        self.file = os.path.join(self.dir, "memory")

    def receive(self):
        try:
            line = self.stream.readline()
        except ConnectionResetError:
            line = b""
        if not line:
            raise TargetGone("QEMU has exited (its QMP socket closed)")
        try:
            return json.loads(line)
        except ValueError:
            raise CaptureError("%s is not a QMP socket (it says \"%s\")" %
                               (self.path, line[:60].decode(
                                   "latin-1").strip()))

    def command(self, name, **args):
        msg = {"execute": name}
        if args:
            msg["arguments"] = args
        try:
            self.sock.sendall(json.dumps(msg).encode() + b"\n")
        except (BrokenPipeError, ConnectionResetError):
            raise TargetGone("QEMU has exited (its QMP socket closed)")
        while True:
            reply = self.receive()
            if "return" in reply:
                return reply["return"]
            if "error" in reply:
                raise CaptureError("QEMU refused %s: %s" %
                                   (name, reply["error"].get("desc")))

    def read(self, addr, size):
        self.command("pmemsave", val=addr, size=size, filename=self.file)
        with open(self.file, "rb") as f:
            data = f.read()
        if len(data) != size:
            raise CaptureError("QEMU saved %d bytes of %d at %#x into %s" %
                               (len(data), size, addr, self.file))
        return data

    def ram(self):
        """The RAM regions of the system address space (info mtree)."""
        text = self.command("human-monitor-command",
                            **{"command-line": "info mtree -f"})
        ranges, in_memory = [], False
        for line in text.splitlines():
            if line.startswith("FlatView"):
                in_memory = False
            elif line.strip() == 'AS "memory", root: system':
                in_memory = True
            m = re.match(r"\s*([0-9a-f]+)-([0-9a-f]+) \(prio -?\d+, ram\)",
                         line)
            if in_memory and m:
                lo, hi = int(m.group(1), 16), int(m.group(2), 16)
                ranges.append((lo, hi - lo + 1))
        return ranges

    def halt(self):
        """Stop the harts; whether they ran (and resume() is owed)."""
        if not self.command("query-status")["running"]:
            return False
        self.command("stop")
        return True

    def resume(self):
        self.command("cont")

    def close(self):
        shutil.rmtree(self.dir, ignore_errors=True)
        self.sock.close()


class OpenOcdTarget:
    """A hardware target through OpenOCD's Tcl RPC port (commands and
    replies end with 0x1a), read with read_memory while the harts run:
    OpenOCD must reach memory through the system bus (riscv set_mem_access
    sysbus). Not tested here: there is no probe on the test machines."""

    WORDS = 4096    # per read_memory

    def __init__(self, where):
        host, _, port = where.rpartition(":")
        try:
            self.sock = socket.create_connection((host or "localhost",
                                                  int(port)), timeout=30)
        except ValueError:
            raise CaptureError("--openocd wants [HOST:]PORT, not %r" % where)
        except OSError as e:
            raise CaptureError("cannot connect to OpenOCD's Tcl port %s: %s"
                               " (tcl_port in its configuration, 6666 by "
                               "default)" % (where, e.strerror or e))
        self.pending = b""

    def command(self, line):
        try:
            self.sock.sendall(line.encode() + b"\x1a")
            while b"\x1a" not in self.pending:
                more = self.sock.recv(1 << 16)
                if not more:
                    raise TargetGone("OpenOCD closed the connection")
                self.pending += more
        except OSError as e:
            raise TargetGone("OpenOCD: %s" % (e.strerror or e))
        reply, _, self.pending = self.pending.partition(b"\x1a")
        return reply.decode("latin-1")

    def read(self, addr, size):
        start, end = addr & ~3, (addr + size + 3) & ~3
        out = bytearray()
        for at in range(start, end, 4 * self.WORDS):
            n = min(self.WORDS, (end - at) // 4)
            reply = self.command("read_memory %#x 32 %d" % (at, n))
            try:
                words = [int(w, 0) for w in reply.split()]
            except ValueError:
                words = []
            if len(words) != n:
                raise CaptureError("OpenOCD cannot read %d words at %#x: %s"
                                   % (n, at, reply.strip()[:200]))
            out += struct.pack("<%dI" % n, *words)
        return bytes(out[addr - start:addr - start + size])

    def ram(self):
        return None

    def halt(self):
        self.command("halt")
        return True

    def resume(self):
        self.command("resume")

    def close(self):
        self.sock.close()


# --- The reader ----------------------------------------------------------

class State:
    """rvt_trace as one read saw it."""

    def __init__(self, layout, raw):
        self.nr = layout.nr_harts.get(raw)
        self.cap = layout.cap.get(raw)
        self.flags = layout.flags.get(raw)
        self.limit = layout.limit.get(raw)
        self.kind = layout.kind.get(raw)
        rings = [layout.rings + h * layout.ring_size
                 for h in range(min(self.nr, layout.max_harts))]
        self.heads = [layout.head.get(raw, r) for r in rings]
        self.evs = [layout.ev.get(raw, r) for r in rings]
        # Another start, even one that set up the same rings, is another run.
        self.generation = layout.generation.get(raw)
        self.geometry = (self.nr, self.cap, self.limit, self.evs,
                         self.generation)


def read_state(target, layout):
    raw = target.read(layout.trace,
                      layout.rings + layout.max_harts * layout.ring_size)
    s = State(layout, raw)
    if s.nr == 0:
        raise NotStarted("tracing never started: no tracer has set up the "
                         "rings since rvt_init() (rvt_trace.nr_harts is 0)")
    if s.nr > layout.max_harts or s.cap < 2 or s.kind > 2 or \
            any(ev == 0 or ev % 8 for ev in s.evs):
        raise NotStarted("rvt_trace at %#x is not initialised (nr_harts "
                         "%#x, cap %#x): rvt_init() has not run yet, or "
                         "memory is corrupt" % (layout.trace, s.nr, s.cap))
    return s


def read_number(target, addr, size):
    return int.from_bytes(target.read(addr, size), "little")


def build_id(target, layout):
    """The image's build-id, from its note as rvtrace's dump reads it."""
    size = layout.build_id_end - layout.build_id
    if not 16 <= size <= 256:
        return b""
    note_ = target.read(layout.build_id, size)
    namesz, descsz, kind = struct.unpack_from("<III", note_)
    if namesz != 4 or kind != NOTE_GNU_BUILD_ID or not 0 < descsz <= 32 or \
            16 + descsz > size:
        return b""
    return note_[16:16 + descsz]


def names_table(target, layout):
    """The image's embedded names table as a dump carries it, padded; empty
    without one (rvtrace/names.h), or if the header cannot hold it."""
    size = layout.names_end - layout.names
    padded = -(-size // NAMES_ALIGN) * NAMES_ALIGN
    if size < 8 or padded > NAMES_MAX:
        return b""
    table = target.read(layout.names, size)
    count = struct.unpack_from("<I", table, 4)[0]
    if table[:4] != NAMES_MAGIC or count > (size - 8) // 8:
        return b""
    return table + bytes(padded - size)


def expected_seqs(lo, n):
    """seq of claims lo .. lo + n - 1 (claim + 1, 32 bits)."""
    start = (lo + 1) & SEQ_MASK
    first = min(n, SEQ_MASK + 1 - start)
    seqs = array.array("I", range(start, start + first))
    seqs.extend(range(n - first))
    return seqs


def lower_words(events):
    """RV32 events as the target's reader takes them: the upper words of
    func and caller, which its assembly does not write, zero but in a data
    event (whose three fields are 64-bit values)."""
    b = bytearray(events)
    for off in range(0, len(b), EVENT_SIZE):
        info = int.from_bytes(b[off + INFO_OFF:off + INFO_OFF + 4], "little")
        if info & 0xF != KIND_DATA:
            b[off + 12:off + 16] = bytes(4)
            b[off + 20:off + 24] = bytes(4)
    return bytes(b)


def seqs(events):
    """The seq of every event in a copy."""
    a = array.array("I")
    a.frombytes(events)
    if sys.byteorder == "big":
        a.byteswap()
    return a[SEQ_WORD::EVENT_SIZE // 4]


class Drain:
    """Follows the rings of one tracer run, pass by pass, and writes what
    it took as a binary dump. settled: the target does not run (the tool
    halted it), so one copy of each slot is enough."""

    def __init__(self, target, layout, settled=False):
        self.target, self.layout, self.settled = target, layout, settled
        self.word_mask = (1 << layout.xlen) - 1
        self.first = None           # the State the drain started from
        self.raw_heads = None
        self.heads = None           # absolute claim counts
        self.next = []              # per hart: the next claim to take
        self.lost = []
        self.taken = []
        self.spool = []
        self.limit = None           # claims that may be written, if any
        self.clock_hz, self.ident, self.names = 0, b"", b""
        self.passes = self.fruitful = self.bytes_read = 0

    def start(self):
        """The first look at the rings (NotStarted if they are not up)."""
        # A start publishes nr_harts after the rest, but a copy has no
        # order: only a second look, after one that saw nr_harts, is sure
        # to see the rest as the start left it.
        seen = read_state(self.target, self.layout)
        s = read_state(self.target, self.layout)
        if s.geometry != seen.geometry or s.flags != seen.flags or \
                s.kind != seen.kind or s.generation % 2:
            raise NotStarted("a tracer is setting up its rings")
        self.first = s
        self.raw_heads = list(s.heads)
        self.heads = list(s.heads)
        self.next = [0] * s.nr
        self.lost = [0] * s.nr
        self.taken = [0] * s.nr
        self.spool = [tempfile.TemporaryFile() for _ in range(s.nr)]
        self.limit = s.limit if s.limit < self.word_mask else None
        # What the dump header needs besides, while the target is there.
        layout = self.layout
        plat = read_number(self.target, layout.platform, layout.xlen // 8)
        self.clock_hz = plat and read_number(
            self.target, plat + layout.clock_hz.offset, 8)
        self.ident = build_id(self.target, layout)
        self.names = names_table(self.target, layout)

    def state(self):
        """A new look at the heads, as absolute claim counts."""
        s = read_state(self.target, self.layout)
        steps = [self.step(raw, old)
                 for raw, old in zip(s.heads, self.raw_heads)]
        # Other rings, or heads that went back: the last look stands.
        if s.geometry != self.first.geometry or \
                any(step > self.word_mask >> 1 for step in steps):
            raise Restarted("a tracer started anew")
        self.raw_heads = s.heads
        self.heads = [head + step for head, step in zip(self.heads, steps)]
        return list(self.heads)

    def step(self, raw, old):
        """How far a head moved: modulo the word, or in stop mode back
        too, where the writers take back a claim with the top bit set (so
        that the head never wraps to below the limit) and the drops counted
        go back with it."""
        top = (self.word_mask >> 1) + 1
        if self.limit is not None and old >= top and raw >= self.limit:
            return raw - old
        return (raw - old) & self.word_mask

    def written(self, head):
        """Claims below this were written to the ring (the rest found it
        full, in stop mode)."""
        return head if self.limit is None else min(head, self.limit)

    def pieces(self, ring, lo, hi):
        """(address, bytes) of the slots of claims lo .. hi - 1 of ring."""
        out, cap, idx = [], self.first.cap, lo
        while idx < hi:
            raw = idx & self.word_mask
            slot = raw % cap
            n = min(hi - idx, cap - slot, self.word_mask + 1 - raw)
            out.append((self.first.evs[ring] + slot * EVENT_SIZE,
                        n * EVENT_SIZE))
            idx += n
        return out

    def copy(self, plan):
        """One copy of every piece in plan, neighbours read together."""
        spans = sorted({p for pieces in plan for p in pieces})
        merged = []
        for addr, size in spans:
            if merged and addr <= merged[-1][0] + merged[-1][1] + MERGE_GAP:
                start = merged[-1][0]
                merged[-1][1] = max(merged[-1][1], addr + size - start)
            else:
                merged.append([addr, size])
        blobs = []
        for addr, size in merged:
            blobs.append((addr, self.target.read(addr, size)))
            self.bytes_read += size
        out = []
        for pieces in plan:
            parts = []
            for addr, size in pieces:
                base, blob = max((b for b in blobs if b[0] <= addr),
                                 key=lambda b: b[0])
                parts.append(blob[addr - base:addr - base + size])
            out.append(b"".join(parts))
        return out

    def run_pass(self, final=False):
        """Take what the rings hold now. final: nothing more will come, so
        a slot not published yet is lost rather than waited for."""
        cap = self.first.cap
        heads = self.state()
        windows, plan = [], []
        for h in range(self.first.nr):
            # Claims below written - cap have been claimed again: gone.
            lo = max(self.next[h], self.written(heads[h]) - cap)
            hi = max(lo, self.written(heads[h]))
            self.lost[h] += lo - self.next[h]
            self.next[h] = lo
            windows.append((lo, hi))
            plan.append(self.pieces(h, lo, hi))
        b = self.copy(plan)
        if self.settled:
            d = e = b
        else:
            d, e = self.copy(plan), self.copy(plan)
            heads = self.state()
        before = sum(self.taken)
        for h, (lo, hi) in enumerate(windows):
            self.take(h, lo, hi, [seqs(c[h]) for c in (b, d, e)], d[h],
                      self.written(heads[h]) - cap, final)
        took = sum(self.taken) - before
        self.passes += 1
        self.fruitful += took > 0
        return took

    def take(self, h, lo, hi, copies, events, gone, final):
        """Events of hart h's window [lo, hi) that the seqs of its three
        copies prove whole in events, the second copy; claims below gone
        can no longer be published."""
        n = hi - lo
        want = expected_seqs(lo, n)
        b, d, e = copies
        k = run = 0             # the events being taken start at run
        if b == want and d == want and e == want and SEQ_BUSY not in want:
            k = n
        while k < n:
            w = want[k]
            if w != SEQ_BUSY and b[k] == w and d[k] == w and e[k] == w:
                k += 1
                continue
            # A seq that reads as busy can never be told from a busy slot.
            if w != SEQ_BUSY and lo + k >= gone and not final:
                break           # not published yet: a later pass takes it
            self.keep(h, events, run, k)
            self.lost[h] += 1
            k += 1
            run = k
        self.keep(h, events, run, k)
        self.next[h] = lo + k

    def keep(self, h, events, start, end):
        """Events start .. end - 1 of a copy go out."""
        chunk = events[start * EVENT_SIZE:end * EVENT_SIZE]
        if self.layout.xlen == 32:
            chunk = lower_words(chunk)
        self.spool[h].write(chunk)
        self.taken[h] += end - start

    def finish(self):
        """Claims never taken after the last pass count as lost."""
        for h in range(self.first.nr):
            end = self.written(self.heads[h])
            self.lost[h] += max(0, end - self.next[h])
            self.next[h] = max(self.next[h], end)

    def dropped(self, h):
        return self.heads[h] - self.written(self.heads[h])

    def write(self, out):
        """The binary dump: the events taken, lost ones counted as
        overwritten, those that found a full ring (stop mode) as dropped."""
        layout, nr = self.layout, self.first.nr
        if max(self.taken) > 0xFFFFFFFF:
            raise CaptureError("a hart has more events than a dump holds")
        # events_per_hart bounds every hart's section for a decoder: a
        # drain can hold more than one ring's worth.
        header = DUMP_HEADER.pack(
            DUMP_MAGIC, DUMP_VERSION, DUMP_HEADER.size + len(self.names),
            DUMP_HART.size, EVENT_SIZE, layout.xlen, self.first.flags & 0xFF,
            nr, max([self.first.cap] + self.taken), self.clock_hz,
            sum(self.lost), sum(self.dropped(h) for h in range(nr)),
            self.first.kind, 0, DUMP_PROFILE_SIZE, 0,
            layout.anchor, len(self.ident), self.ident, len(self.names),
            DUMP_TASK_SIZE, 0)
        with open(out, "wb") as f:
            f.write(header + self.names)
            for h in range(nr):
                f.write(DUMP_HART.pack(h, self.taken[h], self.lost[h],
                                       self.dropped(h)))
                self.spool[h].seek(0)
                shutil.copyfileobj(self.spool[h], f, 1 << 20)
        for s in self.spool:
            s.close()
