#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""Checks of rvtrace-decode's outputs with independent parsers.

  check_output.py chrome FILE --calls N --harts N [--task NAME]...
      JSON that parses, with the fields Perfetto and Chrome need: N calls
      (complete events of category "function") and N hart tracks in the
      firmware's process. With --task, a process "tasks" whose tracks are
      exactly a track per task NAME given and one "tasks on hart N" per
      hart track, the latter with slices that do not overlap, each named
      after a task or "hart N".
  check_output.py svg FILE [--has NAME]... [--hart N]... [--root NAME]...
      XML that parses, an <svg> with a titled box per NAME, its script
      inline and nothing loaded from elsewhere; with --hart and --root, a
      box "hart N" or NAME on the root for exactly each one given.
  check_output.py search DOM --svg FILE --folded FILE --term T [--none]
      The flame graph's DOM after its script searched for T (a regular
      expression): the boxes of the functions matching T highlighted, and
      "Matched: NN.N%" the share of the time of the folded stacks' paths
      through a function matching T. --none: T matches nothing, 0.0%.
  check_output.py png FILE --min-colours N
      A PNG whose pixels are not all one colour (a rendered flame graph).
Exits 0 when the file passes, 1 with a message otherwise.
"""
import argparse
import json
import re
import struct
import sys
import xml.etree.ElementTree as ET
import zlib

SVG = "{http://www.w3.org/2000/svg}"


def fail(msg):
    print("check_output: " + msg, file=sys.stderr)
    sys.exit(1)


def check_chrome(args):
    with open(args.file) as f:
        doc = json.load(f)
    events = doc.get("traceEvents")
    if not isinstance(events, list):
        fail("no traceEvents list")
    # Tracks by (pid, tid): a task's tid may be a hart's in another process.
    complete, threads, processes, slices = 0, {}, {}, {}
    for ev in events:
        for key in ("ph", "name", "pid", "tid"):
            if key not in ev:
                fail("an event lacks %r: %r" % (key, ev))
        track = (ev["pid"], ev["tid"])
        if ev["ph"] == "M":
            if ev["name"] == "thread_name":
                threads[track] = ev["args"]["name"]
            elif ev["name"] == "process_name":
                processes[ev["pid"]] = ev["args"]["name"]
            continue
        if not isinstance(ev.get("ts"), (int, float)) or ev["ts"] < 0:
            fail("bad ts: %r" % ev)
        if ev["ph"] == "X":
            if not isinstance(ev.get("dur"), (int, float)) or ev["dur"] < 0:
                fail("bad dur: %r" % ev)
            if track not in threads:
                fail("an event on a track without a name: %r" % ev)
            if ev.get("cat") == "function":
                complete += 1
            else:
                slices.setdefault(track, []).append(ev)
        elif ev["ph"] == "i":
            if ev.get("s") not in ("t", "p", "g"):
                fail("an instant event without a scope: %r" % ev)
        else:
            fail("unexpected phase %r" % ev["ph"])
    if args.calls is not None and complete != args.calls:
        fail("%d complete events, expected %d" % (complete, args.calls))
    harts = [n for (pid, _), n in threads.items() if pid == 0]
    if args.harts is not None and len(harts) != args.harts:
        fail("%d hart tracks, expected %d" % (len(harts), args.harts))
    if args.task:
        check_task_tracks(args.task, harts, threads, processes, slices)
    elif len(processes) != 1:
        fail("processes %s, expected the firmware only" % processes)


def check_task_tracks(tasks, harts, threads, processes, slices):
    """The process "tasks": a track per task, the harts' runs."""
    pids = [pid for pid, name in processes.items() if name == "tasks"]
    if len(pids) != 1:
        fail("processes %s, expected one named tasks" % processes)
    tracks = {tid: n for (pid, tid), n in threads.items() if pid == pids[0]}
    runs = {tid: n for tid, n in tracks.items() if n.startswith("tasks on ")}
    named = sorted(n for tid, n in tracks.items() if tid not in runs)
    if named != sorted(tasks):
        fail("task tracks %s, expected %s" % (named, sorted(tasks)))
    if sorted(runs.values()) != sorted("tasks on " + h for h in harts):
        fail("run tracks %s for the harts %s" % (list(runs.values()), harts))
    for (pid, tid), evs in slices.items():
        if pid != pids[0] or tid not in runs:
            fail("a slice that is no call outside the run tracks: %r" %
                 evs[0])
        evs.sort(key=lambda ev: ev["ts"])
        for a, b in zip(evs, evs[1:]):
            if b["ts"] < a["ts"] + a["dur"] - 1e-6:
                fail("runs overlap on %s: %r %r" % (runs[tid], a, b))
        for ev in evs:
            if ev["name"] not in tasks and not ev["name"].startswith("hart "):
                fail("a run of %r on %s" % (ev["name"], runs[tid]))


def svg_boxes(root):
    """The boxes of a flame graph, in the order the script numbers them."""
    for g in root.iter(SVG + "g"):
        if g.get("id") == "boxes":
            return list(g)
    fail("no box container")


def check_svg(args):
    root = ET.parse(args.file).getroot()
    if root.tag != SVG + "svg":
        fail("the root element is %s" % root.tag)
    titles = [t.text or "" for t in root.iter(SVG + "title")]
    for name in args.has:
        if not any(t.split(" (")[0] == name for t in titles):
            fail("no box titled %s" % name)
    boxes = svg_boxes(root)
    for g in boxes:
        if g.find(SVG + "rect") is None or g.find(SVG + "title") is None:
            fail("a box without a rectangle or a tooltip")
    scripts = list(root.iter(SVG + "script"))
    if len(scripts) != 1 or not (scripts[0].text or "").strip():
        fail("%d scripts, expected one inline" % len(scripts))
    for el in root.iter():
        texts = list(el.attrib.values())
        if el.tag in (SVG + "style", SVG + "script"):
            texts.append(el.text or "")
        if any(k.split("}")[-1] in ("href", "src") for k in el.attrib) or \
                any(w in t for t in texts for w in ("://", "url(", "@import")):
            fail("a <%s> refers to elsewhere" % el.tag.split("}")[-1])
    if args.hart or args.root:
        on_root = [g.get("data-n") for g in boxes if g.get("data-p") == "0"]
        want = ["hart %d" % h for h in args.hart] + args.root
        if sorted(on_root) != sorted(want):
            fail("boxes on the root %s, expected %s" % (on_root, want))
        if any("fn" in g.get("class", "").split() for g in boxes
               if g.get("data-p") == "0"):
            fail("a function box on the root")


def matcher(term):
    """The script's search: a regular expression, else plain text."""
    try:
        return re.compile(term).search
    except re.error:
        return lambda name: term in name


def check_search(args):
    match = matcher(args.term)
    total = hit = 0
    with open(args.folded) as f:
        for line in f:
            path, weight = line.rsplit(" ", 1)
            total += int(weight)
            if any(match(name) for name in path.split(";")):
                hit += int(weight)
    if args.none != (hit == 0):
        fail("%r matches %d of %d ticks of the folded stacks" %
             (args.term, hit, total))
    boxes = svg_boxes(ET.parse(args.svg).getroot())
    if not boxes or int(boxes[0].get("data-t")) != total:
        fail("the root's time is not the folded stacks' %d ticks" % total)
    want = [i for i, g in enumerate(boxes)
            if "fn" in g.get("class", "").split() and match(g.get("data-n"))]

    dom = ET.parse(args.file).getroot()
    status = [t for t in dom.iter(SVG + "text") if t.get("id") == "matched"]
    if len(status) != 1 or "off" in status[0].get("class", "").split():
        fail("no match percentage shown")
    m = re.fullmatch(r"Matched: (\d+\.\d)%", status[0].text or "")
    if not m:
        fail("the status reads %r" % status[0].text)
    # The script shows one decimal: the exact share rounded either way.
    share = 100.0 * hit / total
    if abs(float(m.group(1)) - share) > 0.05 + 1e-9:
        fail("%s for %r, the folded stacks give %.4f%%" %
             (m.group(0), args.term, share))
    if args.none and m.group(1) != "0.0":
        fail("%s for %r, which matches nothing" % (m.group(0), args.term))
    got = [i for i, g in enumerate(svg_boxes(dom))
           if "match" in g.get("class", "").split()]
    if got != want:
        fail("boxes %s highlighted for %r, expected %s" %
             (got, args.term, want))


def png_pixels(path):
    """The RGB(A) rows of an 8-bit non-interlaced PNG."""
    with open(path, "rb") as f:
        data = f.read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        fail("not a PNG")
    pos, idat, width = 8, b"", 0
    while pos < len(data):
        n, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + n]
        if kind == b"IHDR":
            width, height, depth, colour, _, _, interlace = \
                struct.unpack(">IIBBBBB", body)
            if depth != 8 or colour not in (2, 6) or interlace:
                fail("unexpected PNG format %d/%d/%d" %
                     (depth, colour, interlace))
            bpp = 3 if colour == 2 else 4
        elif kind == b"IDAT":
            idat += body
        pos += 12 + n
    raw = zlib.decompress(idat)
    stride = width * bpp
    prev = bytearray(stride)
    rows = []
    for y in range(height):
        ftype = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b = prev[i]
            c = prev[i - bpp] if i >= bpp else 0
            if ftype == 1:
                line[i] = (line[i] + a) & 255
            elif ftype == 2:
                line[i] = (line[i] + b) & 255
            elif ftype == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif ftype == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                pred = a if pa <= pb and pa <= pc else b if pb <= pc else c
                line[i] = (line[i] + pred) & 255
        rows.append(line)
        prev = line
    return rows, bpp


def check_png(args):
    rows, bpp = png_pixels(args.file)
    colours = set()
    for line in rows[::4]:
        for i in range(0, len(line), 4 * bpp):
            colours.add(bytes(line[i:i + 3]))
    if len(colours) < args.min_colours:
        fail("only %d colours: nothing was drawn" % len(colours))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("kind", choices=("chrome", "svg", "search", "png"))
    ap.add_argument("file")
    ap.add_argument("--calls", type=int)
    ap.add_argument("--harts", type=int)
    ap.add_argument("--has", action="append", default=[])
    ap.add_argument("--hart", type=int, action="append", default=[])
    ap.add_argument("--root", action="append", default=[])
    ap.add_argument("--task", action="append", default=[])
    ap.add_argument("--svg")
    ap.add_argument("--folded")
    ap.add_argument("--term")
    ap.add_argument("--none", action="store_true")
    ap.add_argument("--min-colours", type=int, default=4)
    args = ap.parse_args()
    try:
        {"chrome": check_chrome, "svg": check_svg, "search": check_search,
         "png": check_png}[args.kind](args)
    except (OSError, ValueError, ET.ParseError, zlib.error) as e:
        fail("%s: %s" % (args.file, e))


if __name__ == "__main__":
    main()
