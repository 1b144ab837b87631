#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""check_decode.py DECODER ELF OUTDIR -- QEMU_COMMAND...

Runs the RTOS example (main.c) on QEMU, keeps its console in
OUTDIR/console.log and checks what rvtrace-decode makes of the trace it
printed, task by task:

- the per-task graph (--format graph --task NAME) is exactly the task's call
  sequence, which main.c makes independent of timing (each task's calls
  depend only on its own loop counts) and which EXPECTED below spells out;
  no "no exit" line, no exit without its entry, no lost event, in any graph;
- the per-task profile (--format profile) adds up to the time each task
  ran: the time the decoder says it ran is what the switch events say
  (--format text), the task's entry function took no more than that (on
  one hart: all of it but the few instructions around its entry and
  return), and the self times of the task's functions add up to the entry
  function's time.

- the events in order: a hart's timestamps never go back, and no task has
  two events stamped alike in two rings. The recorder masks interrupts while
  it writes an event, so a task is neither preempted nor moved inside it
  (before it did, a task preempted there stamped its event when it ran
  again, or wrote it into the ring of the hart it had left).

Each output is kept in OUTDIR for a look after a failure.
"""
import re
import subprocess
import sys
from pathlib import Path

# As main.c has them.
ROUNDS = 16
LOG_EVERY = 4
CALIB_ROUNDS = 3
REPORT_ROUNDS = 3


# The run time a task's entry function may miss on one hart: its start
# (leaving the tick, rtos_task_boot) and its end (rtos_task_exit, up to the
# last tick). With more harts only the least is checked: QEMU's -icount runs
# one hart at a time, and a hart that waits (in wfi for its tick, on the
# lock) sees the other's instructions pass, a time slice of them, or up to
# the 100 ms QEMU takes to move on when no timer is due.
ROOT_SLACK_NS = 2000


def call(name, *children):
    return (name, children)


def acquire():
    adc_read = call("adc_read", call("adc_convert", call("mix")))
    return call("acquire", adc_read, adc_read)


def control_round(i):
    calls = [
        call("fifo_get", call("rtos_sem_wait"), call("rtos_sem_post")),
        call("control_step",
             call("pid", call("clamp"), call("derivative", call("mix"))),
             call("clamp")),
    ]
    if i == ROUNDS // 2:
        calls.append(call("rtos_task_create"))
    if i % LOG_EVERY == LOG_EVERY - 1:
        calls.append(call("rtos_sem_post"))
    return calls


# Each task's calls, its entry function first.
EXPECTED = {
    "calib": call("calib_task", *[acquire() for _ in range(CALIB_ROUNDS)]),
    "sensor": call("sensor_task", *[
        c for _ in range(ROUNDS)
        for c in (acquire(), call("fifo_put", call("rtos_sem_wait"),
                                  call("rtos_sem_post")))]),
    "control": call("control_task", call("rtos_task_join"),
                    *[c for i in range(ROUNDS) for c in control_round(i)],
                    call("rtos_task_join")),
    "logger": call("logger_task", *[
        c for _ in range(ROUNDS // LOG_EVERY)
        for c in (call("rtos_sem_wait"),
                  call("log_line", call("isqrt"), call("format_number"),
                       call("emit", call("checksum",
                                         call("crc", call("mix"))))))]),
    "report": call("report_task", *[
        call("stats", call("isqrt"), call("mix"))
        for _ in range(REPORT_ROUNDS)]),
}

failures = []


def fail(msg):
    failures.append(msg)
    print(f"check_decode: FAIL: {msg}", file=sys.stderr)


def flatten(node, depth=0, out=None):
    """A call tree as (depth, name) in call order."""
    out = [] if out is None else out
    out.append((depth, node[0]))
    for child in node[1]:
        flatten(child, depth + 1, out)
    return out


def decode(decoder, elf, log, out, *args):
    cmd = [decoder, "--elf", elf, *args, log]
    r = subprocess.run(cmd, capture_output=True, text=True)
    Path(out).write_text(r.stdout)
    if r.returncode:
        sys.exit(f"check_decode: {' '.join(cmd)} failed:\n{r.stderr}")
    return r.stdout


# A graph line: "HART) TASK-ID | DURATION | CODE" (the task column with
# tasks), or a switch "HART) TASK-ID => TASK-ID" between dashed lines.
GRAPH_LINE = re.compile(r"\s*(\d+)\)\s+(\S+)\s+(=>|\|)")


def graph_calls(text, task, where):
    """The calls of a task's graph as (depth, name), in order."""
    calls, depth = [], 0
    for line in text.splitlines():
        if not line.strip() or line.startswith(("#", " ---")):
            continue
        m = GRAPH_LINE.match(line)
        if not m:
            fail(f"{where}: a line not understood: {line!r}")
            continue
        if m.group(3) == "=>":
            continue
        if m.group(2).rsplit("-", 1)[0] != task:
            fail(f"{where}: a line of another task: {line!r}")
            continue
        code = line.rsplit("|", 1)[1].strip()
        if code.endswith("() {"):
            calls.append((depth, code[:-4]))
            depth += 1
        elif code.endswith("();"):
            calls.append((depth, code[:-3]))
        elif code == "}" and depth:
            depth -= 1
        else:
            fail(f"{where}: {line.strip()!r}")
    if depth:
        fail(f"{where}: {depth} calls still open at the end")
    return calls


def compare_calls(task, got):
    want = flatten(EXPECTED[task])
    if got == want:
        return
    at = next((i for i, (g, w) in enumerate(zip(got, want)) if g != w),
              min(len(got), len(want)))

    def show(calls):
        return ", ".join(f"{'  ' * d}{n}" for d, n in
                         calls[max(at - 3, 0):at + 3])

    fail(f"task {task}: {len(got)} calls decoded, {len(want)} "
              f"expected; from call {at}: decoded [{show(got)}], expected "
              f"[{show(want)}]")


def ns(text):
    """A decoder time ("12.345 us" or seconds "0.0012345") in ns."""
    whole, _, frac = text.split()[0].partition(".")
    digits = 3 if text.endswith("us") else 9
    return int(whole) * 10**digits + int(frac.ljust(digits, "0"))


SWITCH = re.compile(r"\[(\d+)\]\s+(\d+\.\d+): sched_switch: "
                    r"prev=(\S+) ==> next=(\S+)")


def ran_from_switches(text):
    """Per task name, the time it ran: from the switch events alone."""
    ran, since = {}, {}
    for m in SWITCH.finditer(text):
        hart, ts = int(m.group(1)), ns(m.group(2))
        prev, nxt = (s.rsplit("-", 1)[0] for s in m.group(3, 4))
        if hart in since and since[hart][0] == prev:
            ran[prev] = ran.get(prev, 0) + ts - since[hart][1]
        since[hart] = (nxt, ts)
    return ran


EVENT = re.compile(r"\s*(\S+)-\d+\s+\[(\d+)\]\s+(\d+\.\d+): (.*)")


def mark(task, issue, line):
    """An event out of order, of a task (not of a hart's own)."""
    if not task.startswith("<"):
        fail(f"{issue}: {line.strip()}")


def check_order(text):
    """No event stamped late (a hart's timestamps going back), none after
    it in its ring stamped earlier, no task with two events stamped alike
    in two rings."""
    last, late, stamps = {}, {}, {}
    for line in text.splitlines():
        m = EVENT.match(line)
        if not m:
            continue
        task, hart, ts = m.group(1), int(m.group(2)), ns(m.group(3))
        if hart in last and last[hart][0] > ts and hart not in late:
            late[hart] = last[hart]
            mark(late[hart][1].group(1), "an event stamped late",
                 late[hart][1].group(0))
        if hart in late:
            if ts < late[hart][0]:
                mark(task, "an event after one stamped late", line)
            else:
                del late[hart]
        last[hart] = (ts, m)
        other = stamps.get((task, ts))
        if other and other.group(2) != m.group(2):
            mark(task, "events stamped alike in two rings",
                 f"{other.group(0).strip()} / {line}")
        stamps[(task, ts)] = m


def migrations_from_switches(text):
    """Per task name, the switches in on another hart than the last."""
    last, moves = {}, {}
    for m in SWITCH.finditer(text):
        hart, nxt = int(m.group(1)), m.group(4).rsplit("-", 1)[0]
        if nxt.startswith("<"):
            continue
        if nxt in last and last[nxt] != hart:
            moves[nxt] = moves.get(nxt, 0) + 1
        last[nxt] = hart
    return moves


PROFILE_HEAD = re.compile(r"# (\S+) \(task .*\): ran (\d+\.\d+ us)")
US = re.compile(r"\d+\.\d{3} us")


def profile_tables(text):
    """Per task name: (ran, {function: (hits, total, self)})."""
    tables, rows = {}, None
    for line in text.splitlines():
        m = PROFILE_HEAD.match(line)
        if m:
            rows = {}
            tables[m.group(1)] = (ns(m.group(2)), rows)
        elif line.startswith("#"):
            rows = None
        elif rows is not None and US.search(line):
            name, hits = line.split()[:2]
            times = [ns(t) for t in US.findall(line)]
            rows[name] = (int(hits), times[0], times[-1])
    return tables


def check_profile(task, ran_switches, tables, harts):
    if task not in tables:
        fail(f"profile: no table for task {task}")
        return
    ran, rows = tables[task]
    root = EXPECTED[task][0]
    if ran != ran_switches.get(task):
        fail(f"profile: {task} ran {ran} ns, the switch events say "
             f"{ran_switches.get(task)} ns")
    if root not in rows or rows[root][0] != 1:
        fail(f"profile: {task}: no single call of {root}")
        return
    total = rows[root][1]
    if total > ran or (harts == 1 and ran - total > ROOT_SLACK_NS):
        fail(f"profile: {task}: {root} took {total} ns of the "
                  f"{ran} ns the task ran")
    selfs = sum(r[2] for r in rows.values())
    if selfs != total:
        fail(f"profile: {task}: the self times add up to "
                  f"{selfs} ns, {root} took {total} ns")
    for name, (_, t, _) in rows.items():
        if t > ran:
            fail(f"profile: {task}: {name} took {t} ns, more "
                      f"than the {ran} ns the task ran")


def main():
    if len(sys.argv) < 6 or sys.argv[4] != "--":
        sys.exit(__doc__)
    decoder, elf, outdir, qemu = (sys.argv[1], sys.argv[2],
                                  Path(sys.argv[3]), sys.argv[5:])
    outdir.mkdir(parents=True, exist_ok=True)
    log = outdir / "console.log"
    with open(log, "w") as f:
        rc = subprocess.run(qemu, stdin=subprocess.DEVNULL, stdout=f).returncode
    console = log.read_text(errors="replace")
    report = [l for l in console.splitlines() if l.startswith("rtos:")]
    print("\n".join(report))
    if rc:
        sys.exit(f"check_decode: the firmware exited with status {rc}")
    harts = int(re.search(r"^rtos: (\d+) harts?,", console, re.M).group(1))

    text = decode(decoder, elf, log, outdir / "text.txt", "--format", "text")
    check_order(text)
    whole = decode(decoder, elf, log, outdir / "graph.txt", "--format",
                   "graph")
    for line in whole.splitlines():
        if re.search(r"no exit|\} /\*|lost event", line):
            fail(f"graph: {line.strip()!r}")
    for task in EXPECTED:
        graph = decode(decoder, elf, log, outdir / f"graph-{task}.txt",
                       "--format", "graph", "--task", task)
        compare_calls(task, graph_calls(graph, task, f"graph of {task}"))

    ran = ran_from_switches(text)
    tables = profile_tables(decode(decoder, elf, log,
                                   outdir / "profile.txt", "--format",
                                   "profile"))
    for task in EXPECTED:
        check_profile(task, ran, tables, harts)

    # The migrations the scheduler counted, as the switch events show them.
    moves = migrations_from_switches(text)
    for line in report:
        m = re.match(r"rtos: task (\S+).* (\d+) migrations", line)
        if m and moves.get(m.group(1), 0) != int(m.group(2)):
            fail(f"task {m.group(1)}: {moves.get(m.group(1), 0)} "
                 f"migrations in the switch events, {m.group(2)} counted")

    if failures:
        sys.exit(f"check_decode: {len(failures)} failures (outputs in "
                 f"{outdir})")
    print(f"check_decode: {len(EXPECTED)} tasks, {harts} hart(s), "
          f"{sum(moves.values())} migrations: graphs as expected, profiles "
          f"add up, events in order")


if __name__ == "__main__":
    main()
