#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""One kind of corrupted names table in a dump that carries one (made by
mkdump names): decoded without --elf, the table is left out with a warning
saying what is wrong, and every event still comes out, its addresses in
hex; never a crash. A table that does not fit in its header is a corrupted
header, refused like the others (bad_input.py).

  bad_names.py DECODER NAMES.bin WORKDIR CASE
"""
import os
import re
import struct
import subprocess
import sys

HEADER_SIZE_AT = 10     # struct rvt_dump_header.header_size, u16
NAMES_SIZE_AT = 104     # struct rvt_dump_header.names_size, u32


def table_at(dump):
    header = struct.unpack_from("<H", dump, HEADER_SIZE_AT)[0]
    size = struct.unpack_from("<I", dump, NAMES_SIZE_AT)[0]
    return header - size, size


def with_table(dump, edit):
    """dump with edit(table) in place of its names table."""
    at, size = table_at(dump)
    table = bytearray(dump[at:at + size])
    edit(table)
    assert len(table) == size
    return dump[:at] + bytes(table) + dump[at + size:]


def entry(table, i):
    return struct.unpack_from("<iI", table, 8 + 8 * i)


def set_name(table, i, at):
    struct.pack_into("<I", table, 8 + 8 * i + 4, at)


def magic(t):
    t[0:4] = b"RVTX"


def count(t):
    struct.pack_into("<I", t, 4, 0x7FFFFFFF)


def name_beyond(t):
    set_name(t, 0, 0xFFFFFFF0)


def name_in_entries(t):
    set_name(t, 1, 8)


def unterminated(t):
    n = struct.unpack_from("<I", t, 4)[0]
    last = entry(t, n - 1)[1]
    t[last:] = b"x" * (len(t) - last)


def empty(t):
    at = entry(t, 0)[1]
    set_name(t, 0, t.index(0, at))


def short(dump):
    """A table of 4 bytes: too short for its own header."""
    at, size = table_at(dump)
    header = at + 4
    dump = dump[:at] + b"RVTN" + dump[at + size:]
    dump = dump[:HEADER_SIZE_AT] + struct.pack("<H", header) + \
        dump[HEADER_SIZE_AT + 2:]
    return dump[:NAMES_SIZE_AT] + struct.pack("<I", 4) + \
        dump[NAMES_SIZE_AT + 4:]


def too_big(dump):
    header = struct.unpack_from("<H", dump, HEADER_SIZE_AT)[0]
    return dump[:NAMES_SIZE_AT] + struct.pack("<I", header) + \
        dump[NAMES_SIZE_AT + 4:]


# name: (make the bad dump from the good one, what the warning says)
WARNED = {
    "magic": (lambda d: with_table(d, magic), r'no "RVTN" header'),
    "count": (lambda d: with_table(d, count),
              r"2147483647 entries do not fit in its \d+ bytes"),
    "name-beyond": (lambda d: with_table(d, name_beyond),
                    r"entry 0 names offset 4294967280, outside the names"),
    "name-in-entries": (lambda d: with_table(d, name_in_entries),
                        r"entry 1 names offset 8, outside the names"),
    "unterminated": (lambda d: with_table(d, unterminated),
                     r"the name of entry \d+ runs past its end"),
    "empty": (lambda d: with_table(d, empty), r"entry 0 has an empty name"),
    "short": (short, r'no "RVTN" header'),
}


def run(decoder, path):
    return subprocess.run([decoder, path], capture_output=True, timeout=30)


def events(out):
    return [l for l in out.decode().splitlines() if not l.startswith("#")]


def main():
    decoder, good_path, work, case = sys.argv[1:5]
    os.makedirs(work, exist_ok=True)
    good = open(good_path, "rb").read()
    bad_path = os.path.join(work, "names-" + case + ".bin")
    good_run = run(decoder, good_path)
    assert good_run.returncode == 0, good_run.stderr
    named = events(good_run.stdout)
    assert named and all(re.search(r": [a-z_]", l) for l in named), \
        "the good dump is not named: " + named[0]

    if case == "too-big":
        open(bad_path, "wb").write(too_big(good))
        r = run(decoder, bad_path)
        err = r.stderr.decode()
        if r.returncode != 1 or r.stdout or not re.search(
                r"corrupted header: a names table of \d+ bytes does not fit "
                r"in a header of \d+", err):
            sys.exit("FAIL: status %d, %d bytes out, stderr: %s" %
                     (r.returncode, len(r.stdout), err))
        print("refused: " + err.strip())
        return

    make, want = WARNED[case]
    open(bad_path, "wb").write(make(good))
    r = run(decoder, bad_path)
    err = r.stderr.decode()
    if r.returncode != 0:
        sys.exit("FAIL: status %d: %s" % (r.returncode, err))
    if not re.search(r"warning: corrupted names table: " + want +
                     r".*: addresses in hex", err):
        sys.exit("FAIL: the warning is not the expected one: " + err)
    hexed = events(r.stdout)
    if len(hexed) != len(named):
        sys.exit("FAIL: %d events, %d with the table intact" %
                 (len(hexed), len(named)))
    for line in hexed:
        if not re.search(r": (0x[0-9a-f]+|marker: \d+) (<-|->)0x[0-9a-f]+$",
                         line):
            sys.exit("FAIL: not in hex: " + line)
    print("warned: " + err.strip())


main()
