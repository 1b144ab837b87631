#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""Checks of rvtrace-decode's outputs with independent parsers.

  check_output.py chrome FILE --calls N --harts N
      JSON that parses, with the fields Perfetto and Chrome need.
  check_output.py svg FILE [--has NAME]...
      XML that parses, an <svg> with a titled box per NAME.
  check_output.py png FILE --min-colours N
      A PNG whose pixels are not all one colour (a rendered flame graph).
Exits 0 when the file passes, 1 with a message otherwise.
"""
import argparse
import json
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
    complete, threads = 0, set()
    for ev in events:
        for key in ("ph", "name", "pid", "tid"):
            if key not in ev:
                fail("an event lacks %r: %r" % (key, ev))
        if ev["ph"] == "M":
            if ev["name"] == "thread_name":
                threads.add(ev["tid"])
            continue
        if not isinstance(ev.get("ts"), (int, float)) or ev["ts"] < 0:
            fail("bad ts: %r" % ev)
        if ev["ph"] == "X":
            if not isinstance(ev.get("dur"), (int, float)) or ev["dur"] < 0:
                fail("bad dur: %r" % ev)
            if ev["tid"] not in threads:
                fail("an event on a track without a name: %r" % ev)
            complete += 1
        elif ev["ph"] == "i":
            if ev.get("s") not in ("t", "p", "g"):
                fail("an instant event without a scope: %r" % ev)
        else:
            fail("unexpected phase %r" % ev["ph"])
    if args.calls is not None and complete != args.calls:
        fail("%d complete events, expected %d" % (complete, args.calls))
    if args.harts is not None and len(threads) != args.harts:
        fail("%d hart tracks, expected %d" % (len(threads), args.harts))


def check_svg(args):
    root = ET.parse(args.file).getroot()
    if root.tag != SVG + "svg":
        fail("the root element is %s" % root.tag)
    titles = [t.text or "" for t in root.iter(SVG + "title")]
    for name in args.has:
        if not any(t.split(" (")[0] == name for t in titles):
            fail("no box titled %s" % name)
    for g in root.iter(SVG + "g"):
        if g.find(SVG + "rect") is None or g.find(SVG + "title") is None:
            fail("a box without a rectangle or a tooltip")


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
    ap.add_argument("kind", choices=("chrome", "svg", "png"))
    ap.add_argument("file")
    ap.add_argument("--calls", type=int)
    ap.add_argument("--harts", type=int)
    ap.add_argument("--has", action="append", default=[])
    ap.add_argument("--min-colours", type=int, default=4)
    args = ap.parse_args()
    try:
        {"chrome": check_chrome, "svg": check_svg, "png": check_png}[
            args.kind](args)
    except (OSError, ValueError, ET.ParseError, zlib.error) as e:
        fail("%s: %s" % (args.file, e))


if __name__ == "__main__":
    main()
