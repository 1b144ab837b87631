# SPDX-License-Identifier: BSD-2-Clause
"""A model of the reader of tools/capture/rvtrace_rings.py against writers
that follow the ring protocol of lib/ring.c one store at a time, run between
any two words of any copy the reader makes, in any order within a copy (as
memcpy may): small rings that wrap under the reader, writers interrupted by
nested writers that lap the ring (so that claims are skipped), stop mode
(also where the writers take back claims with the top bit set, so that
the head goes back), and an rv32 head that wraps at 2^32 (a claim whose seq reads as busy, and
one the target never writes), whose events the reader takes as the
target's own reader does (the lower words of func and caller but in a
data event). The descriptor's offsets differ from the
library's, and a stale copy of it lies in RAM before the real one. Last, a
tracer that starts again while a pass copies, and refills the same rings
past where they were: the pass must see the new generation and take
nothing of the new run (and a reader that ignores the generation must be
fooled, or the case tests nothing).

    drain_model.py CAPTURE-DIR

Passes when, over every seed, each hart's events are whole (every field of
an event belongs to the same claim), in claim order, none twice, and its
events plus its lost and dropped counts are exactly its claims; and when
each mutant of the reader (one copy instead of three, no first copy, no
third copy, a head that never goes back) breaks that on some seed.
"""
import random
import struct
import sys

sys.path.insert(0, sys.argv[1])
import rvtrace_rings as rr  # noqa: E402

BASE, SIZE = 0x80000000, 1 << 16
DECOY, LAYOUT_AT = 0x80000100, 0x80000400
TRACE, EVENTS = 0x80001000, 0x80004000
PLATFORM = 0x80000800   # rvt_core.plat: NULL, so clock_hz 0
# struct rvt_trace and struct rvt_ring as the model lays them out.
NR_HARTS, CAP, FLAGS, LIMIT, KIND, RINGS = 4, 12, 0, 24, 8, 128
GENERATION = 32
RING_SIZE, HEAD, EV = 96, 16, 40
MAX_HARTS = 4
MARKER = 3
STOP_WHEN_FULL = 1


def content(h, idx, run=0):
    """ts, func, caller, info of the event of claim idx on hart h (of the
    tracer's run-th start after the first)."""
    return (idx * 7 + h, run << 56 | h << 48 | idx, idx ^ 0xA5A5A5A5,
            h << 16 | MARKER)


class Writer:
    """One event being recorded: lib/ring.c's ring_write(), store by store."""

    def __init__(self):
        self.step, self.tries, self.idx = 0, 0, None


class Target:
    def __init__(self, rng, xlen, nr, cap, stop, start, events, nest,
                 noise):
        self.rng, self.xlen, self.nr, self.cap = rng, xlen, nr, cap
        self.stop, self.nest, self.noise = stop, nest, noise
        self.live = False
        self.unit = xlen // 8
        self.mask = (1 << xlen) - 1
        # Garbage, as before rvt_init(); the rings zeroed, as a start does.
        self.mem = bytearray(b"\xa5" * (EVENTS - BASE) +
                             bytes(SIZE - (EVENTS - BASE)))
        self.heads = [start] * nr
        self.budget = [events] * nr
        self.stacks = [[] for _ in range(nr)]
        self.put_layout(DECOY, self_addr=LAYOUT_AT)
        self.put_layout(LAYOUT_AT, self_addr=LAYOUT_AT)
        self.put(PLATFORM, 0, 8)
        word = self.unit
        self.put(TRACE + NR_HARTS, nr, 4)
        self.put(TRACE + CAP, cap, 4)
        self.put(TRACE + FLAGS, STOP_WHEN_FULL if stop else 0, 4)
        self.put(TRACE + LIMIT, cap if stop else self.mask, word)
        self.put(TRACE + KIND, 1, 4)
        self.put(TRACE + GENERATION, 2, word)
        for h in range(nr):
            ring = TRACE + RINGS + h * RING_SIZE
            self.put(ring + HEAD, start & self.mask, word)
            self.put(ring + EV, self.ev(h), word)
            # The lap before the drain attaches, published.
            for idx in range(max(0, start - cap), start):
                self.publish(h, idx)

    def put_layout(self, at, self_addr):
        fields = (NR_HARTS, 4, CAP, 4, FLAGS, 4, LIMIT, self.unit, KIND, 4)
        ev = (0, 8, 8, 8, 16, 8, 24, 4, 28, 4)
        raw = rr.LAYOUT.pack(
            rr.LAYOUT_MAGIC, rr.LAYOUT_VERSION, 160, self.xlen, MAX_HARTS,
            RING_SIZE, self_addr, TRACE, 0x80000000, PLATFORM, 0, 0, 0, 0,
            *fields,
            RINGS, HEAD, self.unit, EV, self.unit, rr.EVENT_SIZE, *ev, 0, 8,
            GENERATION, self.unit)
        self.mem[at - BASE:at - BASE + len(raw)] = raw

    def ev(self, h):
        return EVENTS + h * self.cap * rr.EVENT_SIZE

    def put(self, addr, value, size):
        self.mem[addr - BASE:addr - BASE + size] = \
            (value & ((1 << 8 * size) - 1)).to_bytes(size, "little")

    def get(self, addr, size):
        return int.from_bytes(self.mem[addr - BASE:addr - BASE + size],
                              "little")

    def slot(self, h, idx):
        return self.ev(h) + (idx & self.mask) % self.cap * rr.EVENT_SIZE

    def publish(self, h, idx, run=0):
        at = self.slot(h, idx)
        for (off, size), value in zip(rr.EVENT_FIELDS,
                                      content(h, idx, run)):
            self.put(at + off, value, size)
        self.put(at + 28, idx + 1, 4)

    def restart(self, claims):
        """A tracer's start, as lib/ring.c's ring_init(), all at once, and
        claims events of the new run on every hart."""
        gen = self.get(TRACE + GENERATION, self.unit)
        self.put(TRACE + GENERATION, gen + 2, self.unit)
        for h in range(self.nr):
            for idx in range(claims):
                self.publish(h, idx, run=1)
            self.heads[h] = claims
            self.put(TRACE + RINGS + h * RING_SIZE + HEAD, claims,
                     self.unit)

    def busy(self):
        return any(self.budget) or any(self.stacks)

    def step(self):
        """One store of one writer: the newest on a random hart, or a new
        one (nested in the one it interrupts, if that is not done)."""
        h = self.rng.randrange(self.nr)
        stack = self.stacks[h]
        if self.budget[h] and (not stack or len(stack) < 3 and
                               self.rng.random() < self.nest):
            self.budget[h] -= 1
            stack.append(Writer())
        if not stack:
            return
        w = stack[-1]
        if w.step == 0:
            # Claim; another if the slot is busy (a writer below this one).
            idx = self.heads[h]
            self.heads[h] += 1
            self.put(TRACE + RINGS + h * RING_SIZE + HEAD, self.heads[h],
                     self.unit)
            limit = self.cap if self.stop else self.mask
            if self.stop and idx >> (self.xlen - 1):
                w.idx, w.step = idx, -1     # taken back, a store later
            elif idx & self.mask >= limit:
                stack.pop()
            elif self.get(self.slot(h, idx) + 28, 4) == rr.SEQ_BUSY:
                w.tries += 1
                if w.tries == self.cap:
                    stack.pop()
            else:
                w.idx, w.step = idx, 1
            return
        if w.step < 0:
            self.heads[h] -= 1
            self.put(TRACE + RINGS + h * RING_SIZE + HEAD, self.heads[h],
                     self.unit)
            stack.pop()
            return
        at = self.slot(h, w.idx)
        if w.step == 1:
            self.put(at + 28, rr.SEQ_BUSY, 4)
        elif w.step < 6:
            off, size = rr.EVENT_FIELDS[w.step - 2]
            self.put(at + off, content(h, w.idx)[w.step - 2], size)
        else:
            self.put(at + 28, w.idx + 1, 4)
            stack.pop()
            return
        w.step += 1

    def read(self, addr, size):
        """A copy, unit by unit in any order, writers running meanwhile
        once the drain has started."""
        if not self.live:
            return bytes(self.mem[addr - BASE:addr - BASE + size])
        out = bytearray(size)
        units = list(range(0, size, self.unit))
        self.rng.shuffle(units)
        for u in units:
            while self.busy() and self.rng.random() < self.noise:
                self.step()
            out[u:u + self.unit] = \
                self.mem[addr - BASE + u:addr - BASE + u + self.unit]
        return bytes(out[:size])

    def ram(self):
        return [(BASE, SIZE)]


def run(seed, mutant):
    """The faults of one drain of a random target."""
    rng = random.Random(seed)
    xlen = rng.choice((32, 64))
    cap = rng.choice((2, 3, 4, 8, 16))
    stop = rng.random() < 0.2
    start = 0
    if xlen == 32 and not stop and rng.random() < 0.5:
        start = (1 << 32) - rng.randrange(cap, 4 * cap + 8)
    elif stop and rng.random() < 0.5:
        start = (1 << (xlen - 1)) - rng.randrange(0, 8)
    target = Target(rng, xlen, rng.randrange(1, 4), cap, stop, start,
                    events=rng.randrange(50, 400),
                    nest=rng.choice((0, 0.05, 0.3)),
                    noise=rng.choice((0.01, 0.1, 0.3)))
    layout = rr.find_layout(target)
    drain = rr.Drain(target, layout)
    if mutant:
        mutate(drain, mutant)
    drain.start()
    target.live = True
    try:
        while target.busy():
            drain.run_pass()
            for _ in range(rng.randrange(0, 40)):
                if target.busy():
                    target.step()
        drain.run_pass(final=True)
    except rr.Restarted as e:
        return ["a pass ended the run: %s" % e]
    drain.finish()
    return check(target, drain)


def mutate(drain, mutant):
    """Replace some of the three copies of a pass by the one before, or
    take every move of a head modulo the word (no head goes back)."""
    if mutant == "forward-only":
        drain.step = lambda raw, old: (raw - old) & drain.word_mask
        return
    copy, calls = drain.copy, []

    def copied(plan):
        k = len(calls) % 3
        repeat = {"one-copy": (1, 2), "no-first": (1,), "no-third": (2,)}
        calls.append(calls[-1] if k in repeat[mutant] else copy(plan))
        return calls[-1]
    drain.copy = copied


def check(target, drain):
    faults = []
    for h in range(target.nr):
        drain.spool[h].seek(0)
        raw = drain.spool[h].read()
        last = -1
        for i, ev in enumerate(struct.iter_unpack("<QQQII", raw)):
            idx = (ev[0] - h) // 7
            want = content(h, idx)
            if target.xlen == 32:       # the reader's lower_words()
                want = (want[0], want[1] & 0xFFFFFFFF,
                        want[2] & 0xFFFFFFFF, want[3])
            whole = ev[:4] == want and ev[4] == (idx + 1) & rr.SEQ_MASK
            if not whole or idx <= last:
                faults.append("hart %d event %d: %s after claim %d" %
                              (h, i, ev, last))
                break
            last = idx
        claims = target.heads[h]
        if drain.taken[h] + drain.lost[h] + drain.dropped(h) != claims:
            faults.append("hart %d: %d taken, %d lost, %d dropped, %d "
                          "claims" % (h, drain.taken[h], drain.lost[h],
                                      drain.dropped(h), claims))
    return faults


def restart_case(ignore_generation):
    """The faults when a tracer starts again during a pass's copies: a
    drain that does not raise Restarted, or that took a new-run event."""
    target = Target(random.Random(1), 64, 2, 8, False, 0, events=6,
                    nest=0, noise=0)
    drain = rr.Drain(target, rr.find_layout(target))
    if ignore_generation:
        state = rr.State.__init__

        def old_state(self, layout, raw):
            state(self, layout, raw)
            self.geometry = self.geometry[:4]
        rr.State.__init__ = old_state
    drain.start()
    target.live = True
    while target.busy():
        target.step()
    copy = drain.copy

    def copy_then_restart(plan):
        out = copy(plan)
        if not target.get(TRACE + GENERATION, 8) > 2:
            target.restart(12)
        return out
    drain.copy = copy_then_restart
    faults = []
    try:
        drain.run_pass()
        faults.append("no Restarted for a start during the pass")
    except rr.Restarted:
        pass
    finally:
        if ignore_generation:
            rr.State.__init__ = state
    for h in range(target.nr):
        drain.spool[h].seek(0)
        for ev in struct.iter_unpack("<QQQII", drain.spool[h].read()):
            if ev[1] >> 56:
                faults.append("hart %d took claim %d of the new run" %
                              (h, ev[1] & 0xFFFF))
                break
    return faults


def lower_words_case():
    """On rv32 the reader keeps a data event's three 64-bit values and
    takes the lower words of the func and caller of any other event."""
    data = (1, 0xFFFFFFFF00000002, 0xFFFFFFFF00000003, rr.KIND_DATA, 1)
    marker = (4, 0xFFFFFFFF00000005, 0xFFFFFFFF00000006, MARKER, 2)
    raw = struct.pack("<QQQII", *data) + struct.pack("<QQQII", *marker)
    got = list(struct.iter_unpack("<QQQII", rr.lower_words(raw)))
    return got == [data, (4, 5, 6, MARKER, 2)]


def main():
    if not lower_words_case():
        sys.exit("drain_model: FAIL: rv32 events not taken as the target "
                 "reads them")
    faults = restart_case(False)
    if faults:
        sys.exit("drain_model: FAIL: a start during a pass: %s" % faults[0])
    faults = restart_case(True)
    if not faults:
        sys.exit("drain_model: FAIL: a reader without the generation is "
                 "not fooled by a start during a pass")
    print("drain_model: a start during a pass ends the run; without the "
          "generation: %s" % faults[0])
    seeds = range(150)
    for s in seeds:
        faults = run(s, None)
        if faults:
            sys.exit("drain_model: FAIL: seed %d: %s" % (s, faults[0]))
    print("drain_model: the reader: %d seeds, every event whole, in order, "
          "once, and every claim accounted for" % len(seeds))
    for mutant in ("one-copy", "no-first", "no-third", "forward-only"):
        for s in seeds:
            faults = run(s, mutant)
            if faults:
                print("drain_model: the mutant %s fails at seed %d: %s" %
                      (mutant, s, faults[0]))
                break
        else:
            sys.exit("drain_model: FAIL: the mutant %s passes" % mutant)


if __name__ == "__main__":
    main()
