#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""The per-task views of rvtrace-decode on the RTOS example's trace
(data/rtos-rv64.log: one hart, three tasks preempted inside traced calls):

  graph_tasks.py DECODER MKDUMP DATA WORKDIR

- graph: every call closes (no "no exit", no exit without its entry),
  whole and followed as a stream of two chunks (mkdump chunks), which
  shows the same lines as the whole dump, text and graph;
- --task by name and by tag show the same: only that task's lines and its
  switches, followed too; a task the dump lacks is refused (status 1,
  saying which tasks it has), followed too; --task with the profile
  format is a usage error (status 2).
"""
import os
import re
import subprocess
import sys

TASKS = "sensor, control, logger"


def fail(msg):
    sys.exit("graph_tasks: FAIL: " + msg)


def run(decoder, args, stdin=None, status=0):
    p = subprocess.run([decoder] + args, capture_output=True, timeout=60,
                       input=stdin)
    if p.returncode != status:
        fail("%s: status %d (want %d): %s" % (" ".join(args), p.returncode,
                                              status, p.stderr.decode()))
    return p.stdout.decode(), p.stderr.decode()


def body(out):
    """The output without its first line (the tracer, which says how)."""
    return out.split("\n", 1)[1]


def graph_procs(out):
    """The task column of each graph line (not of a switch block)."""
    return re.findall(r"^ +\d+\) +(\S+) +\| ", out, re.M)


def main():
    decoder, mkdump, data, work = sys.argv[1:]
    os.makedirs(work, exist_ok=True)
    elf = ["--elf", os.path.join(data, "rtos-rv64.elf")]
    log = os.path.join(data, "rtos-rv64.log")
    raw = os.path.join(work, "rtos.bin")
    chunks = os.path.join(work, "rtos-chunks.bin")
    run(decoder, ["--format", "raw", "-o", raw, log])
    subprocess.run([mkdump, "chunks", elf[1], raw, chunks], check=True)
    with open(chunks, "rb") as f:
        stream = f.read()

    graph, _ = run(decoder, elf + ["--format", "graph", log])
    for bad in ("no exit", "} /*"):
        if bad in graph:
            fail("graph: a call does not close: %r" % bad)
    for fmt in ("text", "graph"):
        whole, _ = run(decoder, elf + ["--format", fmt, log])
        followed, _ = run(decoder, elf + ["--follow", "--format", fmt, "-"],
                          stream)
        if fmt == "text":
            whole = "\n".join(l for l in whole.split("\n")
                              if not l.startswith("#"))
            followed = "\n".join(l for l in followed.split("\n")
                                 if not l.startswith("#"))
        if body(whole) != body(followed):
            fail("--follow --format %s differs from the whole dump" % fmt)

    for fmt in ("text", "graph"):
        named, _ = run(decoder, elf + ["--task", "control", "--format", fmt,
                                       log])
        tagged, _ = run(decoder, elf + ["--task", "2", "--format", fmt, log])
        if named != tagged:
            fail("--task control and --task 2 differ (%s)" % fmt)
    text, _ = run(decoder, elf + ["--task", "control", log])
    lines = [l for l in text.split("\n") if l and not l.startswith("#")]
    if not lines:
        fail("--task control: no events")
    for l in lines:
        if not (l.lstrip().startswith("control-2 ") or
                re.search(r"sched_switch: .*=control-2\b", l)):
            fail("--task control shows another task: %r" % l)
    graph, _ = run(decoder, elf + ["--task", "control", "--format", "graph",
                                   log])
    if set(graph_procs(graph)) != {"control-2"}:
        fail("--task control: graph lines of %s" % set(graph_procs(graph)))
    followed, _ = run(decoder, elf + ["--task", "control", "--follow",
                                      "--format", "graph", "-"], stream)
    if body(followed) != body(graph):
        fail("--task control --follow differs from the whole dump")
    graph, _ = run(decoder, elf + ["--task", "0", "--format", "graph", log])
    if set(graph_procs(graph)) != {"<hart0>-0"}:
        fail("--task 0: graph lines of %s" % set(graph_procs(graph)))

    want = (r"^rvtrace-decode: .*: the dump has no task 'nope' "
            r"\(it has: %s\)\n$" % TASKS)
    out, err = run(decoder, elf + ["--task", "nope", log], status=1)
    if out or not re.match(want, err):
        fail("--task nope: %r" % err)
    out, err = run(decoder, elf + ["--task", "9", "--format", "graph", log],
                   status=1)
    if out or "no task '9'" not in err:
        fail("--task 9: %r" % err)
    _, err = run(decoder, elf + ["--task", "nope", "--follow", "-"], stream,
                 status=1)
    if not re.match(want, err):
        fail("--task nope --follow: %r" % err)
    run(decoder, ["--task", "control", "--format", "profile", log], status=2)
    print("graph_tasks: passed")


if __name__ == "__main__":
    main()
