#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""The per-task views of rvtrace-decode against a model of the dump.

  task_views.py DECODER ELF LOG WORKDIR CHECK_OUTPUT.py [BABELTRACE2]

Reads the dump of LOG itself (--format raw), rebuilds from its events when
each task ran (the switch events) and its calls (each task nested on its
own; a call's time without the time its task was switched out), and checks
that the views agree; then the same with a dump of two harts that it
writes, where a task moves from one hart to the other inside a call, a task
has no record and an interrupt's call spans a switch:

  profile  has a section per task and per hart's own context, each headed
           by the time it ran, these adding up to the harts' time; its
           rows are the model's; the time of a task's top-level calls does
           not exceed the time it ran, and its self times add up to it; the
           table of all tasks is the sum of the sections;
  folded   roots each stack at its task, with the model's self times;
  svg      has a box per task on the root;
  chrome   has a track per task and a run track per hart (check_output.py),
           the runs as slices, and each call's thread duration (tdur) its
           time;
  ctf      read by babeltrace2 (when given), has every event with its task
           and every switch with the tasks it leaves and enters.

Exits 0 when all hold, 1 with a message otherwise.
"""
import json
import os
import re
import struct
import subprocess
import sys

HEADER = struct.Struct("<8sHHHHBBHIQQQBBHI")
TASKS_AT = 112         # task_size, nr_tasks in struct rvt_dump_header
HART = struct.Struct("<IIQQ")
EVENT = struct.Struct("<QQQII")
TASK = struct.Struct("<BBHI16s")
ENTRY, EXIT, MARKER, SWITCH = 1, 2, 3, 4


def fail(msg):
    print("task_views: " + msg, file=sys.stderr)
    sys.exit(1)


def run(*cmd):
    return subprocess.run(cmd, check=True, stdout=subprocess.PIPE,
                          universal_newlines=True).stdout


class Dump:
    """The parts of a version 3 or 4 binary dump that the views show."""

    def __init__(self, data):
        h = HEADER.unpack_from(data)
        if h[0] != b"RVTRACE\0" or h[1] not in (3, 4):
            fail("not a version 3 or 4 dump")
        header_size, hart_size, event_size = h[2], h[3], h[4]
        self.hz = h[9]
        nr_harts, nr_profile = h[7], h[15]
        task_size, nr_tasks = struct.unpack_from("<HH", data, TASKS_AT)
        self.harts = []         # (hart id, [events])
        pos = header_size
        for _ in range(nr_harts):
            hart, nr, _, _ = HART.unpack_from(data, pos)
            pos += hart_size
            events = []
            for _ in range(nr):
                ts, func, caller, info, seq = EVENT.unpack_from(data, pos)
                pos += event_size
                events.append({"ts": ts, "func": func, "caller": caller,
                               "kind": info & 0xf,
                               "depth": (info >> 4) & 0xfff,
                               "task": info >> 24, "seq": seq})
            self.harts.append((hart, events))
        pos += nr_profile * h[14]
        self.names = {}
        for _ in range(nr_tasks):
            tag, _, _, _, name = TASK.unpack_from(data, pos)
            pos += task_size
            self.names[tag] = name.split(b"\0")[0].decode()
        # A lost slot has no time: that of the event before it.
        for _, events in self.harts:
            last = 0
            for ev in events:
                if ev["kind"] == 0:
                    ev["ts"] = last
                last = ev["ts"]

    def context(self, tag, h):
        """Tasks by tag; a hart's own context by its index."""
        return ("task", tag) if tag else ("hart", h)

    def label(self, ctx):
        if ctx[0] == "hart":
            return "hart %d" % self.harts[ctx[1]][0]
        return self.names.get(ctx[1]) or "task %d" % ctx[1]

    def us(self, ticks):
        """What the decoder prints: nanoseconds rounded down."""
        ns = ticks * 10**9 // self.hz
        return "%d.%03d us" % (ns // 1000, ns % 1000)

    def runs(self):
        """(context, start, end, hart index): who ran between switches."""
        out = []
        for h, (_, events) in enumerate(self.harts):
            if not events:
                continue
            switches = [ev for ev in events if ev["kind"] == SWITCH]
            if switches:
                ctx = self.context(switches[0]["func"], h)
            else:
                tags = [ev["task"] for ev in events if ev["task"]]
                ctx = self.context(tags[0] if tags else 0, h)
            at = events[0]["ts"]
            for ev in switches:
                out.append((ctx, at, ev["ts"], h))
                ctx, at = self.context(ev["caller"], h), ev["ts"]
            out.append((ctx, at, events[-1]["ts"], h))
        return [r for r in out if r[2] > r[1]]

    def merged(self):
        """(hart index, event) in time order, each hart's order kept."""
        pos = [0] * len(self.harts)
        while True:
            heads = [(evs[pos[h]]["ts"], h)
                     for h, (_, evs) in enumerate(self.harts)
                     if pos[h] < len(evs)]
            if not heads:
                return
            h = min(heads)[1]
            yield h, self.harts[h][1][pos[h]]
            pos[h] += 1

    def calls(self):
        """Every call, each task nested on its own, in time order."""
        stacks, away, out_at, calls = {}, {}, {}, []
        for h, ev in self.merged():
            ts = ev["ts"]
            if ev["kind"] == SWITCH:
                src = self.context(ev["func"], h)
                dst = self.context(ev["caller"], h)
                if src != dst:
                    out_at[src] = ts
                if dst in out_at:
                    away[dst] = away.get(dst, 0) + max(ts - out_at[dst], 0)
                    del out_at[dst]
                continue
            ctx = self.context(ev["task"], h)
            stack = stacks.setdefault(ctx, [])
            if ev["kind"] == ENTRY:
                call = {"ctx": ctx, "func": ev["func"], "depth": ev["depth"],
                        "start": ts, "away0": away.get(ctx, 0), "child": 0,
                        "parent": stack[-1] if stack else None, "time": None}
                calls.append(call)
                stack.append(call)
            elif ev["kind"] == EXIT:
                for k in range(len(stack) - 1, -1, -1):
                    c = stack[k]
                    if c["func"] == ev["func"] and c["depth"] == ev["depth"]:
                        break
                else:
                    continue
                end = max(ts, c["start"])
                gone = min(away.get(ctx, 0) - c["away0"], end - c["start"])
                c["time"] = end - c["start"] - gone
                if c["parent"]:
                    c["parent"]["child"] += c["time"]
                del stack[k:]
        for c in calls:
            if c["time"] is not None:
                c["self"] = max(c["time"] - c["child"], 0)
        return calls


def rows(dump, calls, name):
    """The profile's rows of these calls, by function name."""
    out = {}
    for c in calls:
        if c["time"] is None:
            continue
        r = out.setdefault(name[c["func"]], [0, 0, None, 0, 0])
        r[0] += 1
        r[1] += c["time"]
        r[2] = c["time"] if r[2] is None else min(r[2], c["time"])
        r[3] = max(r[3], c["time"])
        r[4] += c["self"]
    return {f: fmt_row(dump, r) for f, r in out.items()}


def fmt_row(dump, r):
    hits, total, lo, hi, self = r
    ns = total * 10**9 // dump.hz // hits
    avg = "%d.%03d us" % (ns // 1000, ns % 1000)
    return (str(hits), dump.us(total), avg, dump.us(lo), dump.us(hi),
            dump.us(self))


ROW = re.compile(r"^  (.+?) +(\d+) +(\S+ us) +(\S+ us) +(\S+ us) +(\S+ us) "
                 r"+(\S+ us)$")
HEAD = re.compile(r"^# (.+?)(?: \((.+)\))?: ran (\S+ us), (\d+) functions?$")


def parse_profile(text):
    """{section label: (ran, {function: row})}, in order."""
    sections, cur = {}, None
    for line in text.splitlines():
        m = HEAD.match(line)
        if m:
            cur = {}
            sections[m.group(1)] = (m.group(3), cur, int(m.group(4)))
            continue
        m = ROW.match(line)
        if m and cur is not None:
            cur[m.group(1)] = m.groups()[1:]
    return sections


def check_profile(dump, calls, runs, name, text):
    sections = parse_profile(text)
    all_label = "all tasks and harts"
    if all_label not in sections:
        fail("profile: no section of all tasks")
    # Tasks by tag, then the harts' own contexts.
    contexts = sorted({c["ctx"] for c in calls} | {r[0] for r in runs},
                      key=lambda ctx: (ctx[0] == "hart", ctx[1]))
    want = [all_label] + [dump.label(ctx) for ctx in contexts]
    if list(sections) != want:
        fail("profile: sections %s, expected %s" % (list(sections), want))
    span = sum(ev[-1]["ts"] - ev[0]["ts"] for _, ev in dump.harts if ev)
    ran = {ctx: sum(r[2] - r[1] for r in runs if r[0] == ctx)
           for ctx in contexts}
    if sum(ran.values()) != span:
        fail("profile: the runs add up to %d ticks of the harts' %d" %
             (sum(ran.values()), span))
    if sections[all_label][0] != dump.us(span):
        fail("profile: all ran %s, the harts %s" %
             (sections[all_label][0], dump.us(span)))
    total = {}
    for ctx in contexts:
        label = dump.label(ctx)
        got_ran, got, nr = sections[label]
        mine = [c for c in calls if c["ctx"] == ctx]
        if got_ran != dump.us(ran[ctx]):
            fail("profile: %s ran %s, its runs %s" %
                 (label, got_ran, dump.us(ran[ctx])))
        # A task's time includes the interrupts taken while it ran, whose
        # calls are the hart's own: only a task's calls are within its runs.
        top = sum(c["time"] for c in mine
                  if c["time"] is not None and c["parent"] is None)
        if ctx[0] == "task" and top > ran[ctx]:
            fail("profile: %s's top-level calls took %s, it ran %s" %
                 (label, dump.us(top), dump.us(ran[ctx])))
        # Self times telescope: to the calls whose caller did not end.
        outer = sum(c["time"] for c in mine if c["time"] is not None and
                    (c["parent"] is None or c["parent"]["time"] is None))
        if sum(c["self"] for c in mine if c["time"] is not None) != outer:
            fail("profile: %s's self times do not add up to %s" %
                 (label, dump.us(outer)))
        if got != rows(dump, mine, name) or nr != len(got):
            fail("profile: %s's rows %s, the model's %s" %
                 (label, got, rows(dump, mine, name)))
        print("task_views: %s ran %s, its calls %s" %
              (label, got_ran, dump.us(outer)))
        for f, r in got.items():
            total.setdefault(f, []).append(r)
    if sections[all_label][1] != rows(dump, calls, name):
        fail("profile: the rows of all tasks are not the model's")
    for f, rs in total.items():
        if sum(int(r[0]) for r in rs) != int(sections[all_label][1][f][0]):
            fail("profile: %s's hits in the sections do not add up" % f)
    return ran


def check_folded(dump, calls, ran, text):
    weight = {}
    for line in text.splitlines():
        path, w = line.rsplit(" ", 1)
        root = path.split(";")[0]
        weight[root] = weight.get(root, 0) + int(w)
    for ctx in ran:
        self = sum(c["self"] for c in calls
                   if c["ctx"] == ctx and c["time"] is not None)
        if weight.pop(dump.label(ctx), 0) != self:
            fail("folded: %s's stacks weigh not its self time, %d ticks" %
                 (dump.label(ctx), self))
        if ctx[0] == "task" and self > ran[ctx]:
            fail("folded: %s's stacks weigh more than it ran" %
                 dump.label(ctx))
    if weight:
        fail("folded: stacks rooted at %s" % list(weight))


def check_chrome(dump, calls, runs, doc):
    us = [ev for ev in doc["traceEvents"] if ev["ph"] == "X"]
    tracks = {(ev["pid"], ev["tid"]): ev["args"]["name"]
              for ev in doc["traceEvents"] if ev["name"] == "thread_name"}

    def ticks_us(t):
        return t * 10**9 // dump.hz / 1000.0

    got = sorted((tracks[(ev["pid"], ev["tid"])], ev["name"], ev["ts"],
                  ev["dur"]) for ev in us if ev["cat"] == "task")
    want = sorted(("tasks on hart %d" % dump.harts[h][0], dump.label(ctx),
                   ticks_us(a), ticks_us(b - a)) for ctx, a, b, h in runs)
    if got != want:
        fail("chrome: runs %s, expected %s" % (got[:3], want[:3]))
    tdur = sorted((tracks[(ev["pid"], ev["tid"])], ev["ts"], ev["tdur"])
                  for ev in us if ev["cat"] == "function" and "tdur" in ev)
    mine = sorted((dump.label(c["ctx"]), ticks_us(c["start"]),
                   ticks_us(c["time"])) for c in calls
                  if c["time"] is not None)
    if tdur != mine:
        fail("chrome: the calls' thread durations are not their times")


CTX = re.compile(r"^\[[^]]*\] \([^)]*\) (\w+): \{ cpu_id = (\d+) \}, "
                 r"\{ task = (\d+), task_name = \"([^\"]*)\" \}, \{ (.*) \}$")


def check_ctf(dump, text):
    lines = text.splitlines()
    events = [(hart, ev) for hart, evs in dump.harts for ev in evs]
    if len(lines) != len(events):
        fail("babeltrace2 read %d events of %d" % (len(lines), len(events)))
    # babeltrace2 merges the streams by time; each hart's order stays.
    seen = {}
    for line in lines:
        m = CTX.match(line)
        if not m:
            fail("ctf: an event without its task: %s" % line)
        seen.setdefault(int(m.group(2)), []).append(m)
    for h, (hart, evs) in enumerate(dump.harts):
        for ev, m in zip(evs, seen.get(hart, [])):
            label = dump.label(dump.context(ev["task"], h))
            if int(m.group(3)) != ev["task"] or m.group(4) != label:
                fail("ctf: %s for an event of %s" % (m.group(0), label))
            if ev["kind"] == SWITCH:
                want = 'prev = %d, prev_name = "%s", next = %d, ' \
                    'next_name = "%s"' % (
                        ev["func"], dump.label(dump.context(ev["func"], h)),
                        ev["caller"],
                        dump.label(dump.context(ev["caller"], h)))
                if m.group(1) != "task_switch" or m.group(5) != want:
                    fail("ctf: %s for a switch, expected %s" %
                         (m.group(0), want))
    switches = sum(m.group(1) == "task_switch"
                   for ms in seen.values() for m in ms)
    print("task_views: babeltrace2 read %d events, %d switches" %
          (len(lines), switches))


def moving_dump():
    """Two harts (ids 0 and 3): task 1 moves from one to the other while
    in a call, task 3 has no record, an interrupt's call spans a switch.
    """
    main, isr, a1, a2, b1, c1 = (0x80001000 + 0x100 * k for k in range(6))
    harts = {
        0: [(100, ENTRY, main, 0, 0, 0), (110, SWITCH, 0, 1, 0, 0),
            (111, ENTRY, a1, 0, 0, 1), (112, ENTRY, a2, 0, 1, 1),
            (120, ENTRY, isr, 0, 1, 0), (125, SWITCH, 1, 2, 0, 0),
            (130, EXIT, isr, 0, 1, 0), (131, ENTRY, b1, 0, 0, 2),
            (140, EXIT, b1, 0, 0, 2), (150, SWITCH, 2, 0, 0, 0),
            (160, EXIT, main, 0, 0, 0)],
        3: [(105, ENTRY, c1, 0, 0, 3), (128, SWITCH, 3, 1, 0, 0),
            (129, EXIT, a2, 0, 1, 1), (133, EXIT, a1, 0, 0, 1),
            (135, SWITCH, 1, 3, 0, 0), (145, MARKER, 7, c1 + 8, 0, 3),
            (170, EXIT, c1, 0, 0, 3)],
    }
    names = [(1, 11, b"alpha"), (2, 12, b"beta")]
    header = struct.Struct(HEADER.format + "QB7x32sIIHHI")
    data = header.pack(b"RVTRACE\0", 3, header.size, HART.size, EVENT.size,
                       64, 0, len(harts), 64, 1000000, 0, 0, 2, 0, 48, 0,
                       0, 0, b"", 0, 0, TASK.size, len(names), 0)
    for hart, events in harts.items():
        data += HART.pack(hart, len(events), 0, 0)
        for seq, (ts, kind, func, caller, depth, task) in \
                enumerate(events, 1):
            caller = caller or (func + 0x40 if kind != SWITCH else 0)
            data += EVENT.pack(ts, func, caller,
                               kind | depth << 4 | hart << 16 | task << 24,
                               seq)
    for tag, ident, name in names:
        data += TASK.pack(tag, 0, 0, ident, name)
    return data


def check_views(decoder, args, work, check, babeltrace):
    """Every per-task view of the dump that args decode."""
    os.makedirs(work, exist_ok=True)
    raw = os.path.join(work, "dump.bin")
    run(decoder, "--format", "raw", "-o", raw, args[-1])
    with open(raw, "rb") as f:
        dump = Dump(f.read())
    if not dump.names or not dump.hz:
        fail("the dump has no named tasks or no clock")
    calls, runs = dump.calls(), dump.runs()

    def out(fmt, *more):
        return run(decoder, "--format", fmt, *more, *args)

    chrome = os.path.join(work, "tasks.json")
    out("chrome", "-o", chrome)
    with open(chrome) as f:
        doc = json.load(f)
    name = {int(ev["args"]["addr"], 16): ev["name"]
            for ev in doc["traceEvents"] if ev.get("cat") == "function"}
    ran = check_profile(dump, calls, runs, name, out("profile"))
    check_folded(dump, calls, ran, out("folded"))
    labels = [dump.label(ctx) for ctx in ran]
    tasks = sorted({dump.label(c) for c in ran if c[0] == "task"})
    run(sys.executable, check, "chrome", chrome, "--calls", str(len(calls)),
        "--harts", str(sum(1 for _, evs in dump.harts if evs)),
        *[a for t in tasks for a in ("--task", t)])
    check_chrome(dump, calls, runs, doc)
    svg = os.path.join(work, "tasks.svg")
    out("svg", "-o", svg)
    run(sys.executable, check, "svg", svg,
        *[a for t in labels for a in ("--root", t)])
    if babeltrace:
        ctf = os.path.join(work, "tasks.ctf")
        subprocess.run(["rm", "-rf", ctf], check=True)
        out("ctf", "-o", ctf)
        check_ctf(dump, run(babeltrace, ctf))
    print("task_views: %d calls of %s checked in every view" %
          (len(calls), ", ".join(tasks)))


def main():
    if len(sys.argv) not in (6, 7):
        fail("usage: task_views.py DECODER ELF LOG WORKDIR CHECK_OUTPUT.py "
             "[BABELTRACE2]")
    decoder, elf, log, work, check = sys.argv[1:6]
    babeltrace = sys.argv[6] if len(sys.argv) == 7 else None
    check_views(decoder, ["--elf", elf, log], os.path.join(work, "rtos"),
                check, babeltrace)
    moving = os.path.join(work, "moving.bin")
    os.makedirs(work, exist_ok=True)
    with open(moving, "wb") as f:
        f.write(moving_dump())
    check_views(decoder, [moving], os.path.join(work, "moving"), check,
                babeltrace)


if __name__ == "__main__":
    main()
