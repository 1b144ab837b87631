# SPDX-License-Identifier: BSD-2-Clause
"""Streams made here, byte by byte as rvt_trace_read() writes them, against
rvtrace-decode: a binary stream decodes as one trace; a chunk repeated adds
nothing; a chunk missing shows as events lost on its hart; a text stream in
a log with other output decodes the same; --follow reads a pipe, a unix
socket (as QEMU's -serial unix:PATH,server offers it) and a pty to their
end and prints every event, and a growing file as it grows.

    stream_host.py DECODER WORKDIR
"""
import os
import socket
import struct
import subprocess
import sys
import threading
import time

HEADER = struct.Struct("<8sHHHHBBHIQQQBBHIQB7x32s")
HART = struct.Struct("<IIQQ")
EVENT = struct.Struct("<QQQII")
CHUNK = 1 << 6
FUNCTION = 1
MARKER = 3
CAP = 64


def chunk(harts):
    """harts: list of (hart, lost, [(seq, marker id)])."""
    nr_events = sum(len(ev) for _, _, ev in harts)
    body = b""
    lost = 0
    for hart, hart_lost, events in harts:
        body += HART.pack(hart, len(events), hart_lost, 0)
        lost += hart_lost
        for seq, ident in events:
            body += EVENT.pack(1000 * seq + hart, ident, 0x80001000,
                               MARKER | hart << 16, seq)
    assert nr_events <= CAP * len(harts)
    head = HEADER.pack(b"RVTRACE\0", 2, HEADER.size, HART.size, EVENT.size,
                       64, CHUNK, len(harts), CAP, 1000000, lost, 0,
                       FUNCTION, 0, 48, 0, 0, 0, b"")
    return head + body


def text_frame(data):
    """The framing of rvt_trace_dump_text(), as lib/dump.c writes it."""
    import base64
    import zlib
    out = "\n@rvtrace begin v1 %d\n" % len(data)
    for n, at in enumerate(range(0, len(data), 48)):
        piece = data[at:at + 48]
        out += "@rvtrace %d %s %08x\n" % (
            n, base64.b64encode(piece).decode(), zlib.crc32(piece))
    return out + "@rvtrace end %08x\n" % zlib.crc32(data)


def fail(msg):
    print("stream_host: FAIL: " + msg)
    sys.exit(1)


def decode(decoder, args, data=None):
    r = subprocess.run([decoder] + args, input=data, capture_output=True)
    if r.returncode:
        fail("%s: %s" % (" ".join(args), r.stderr.decode()))
    return r.stdout.decode()


def markers(text):
    """Per hart, the marker ids the text format printed, in order."""
    got = {}
    for line in text.splitlines():
        if ": marker: " in line:
            hart = int(line.split("[")[1].split("]")[0])
            got.setdefault(hart, []).append(int(line.split("marker: ")[1]
                                                .split()[0]))
    return got


def lost_in_header(text):
    """ftrace's header: entries-in-buffer/entries-written."""
    for line in text.splitlines():
        if line.startswith("# entries-in-buffer/entries-written:"):
            a, b = line.split(":")[1].split()[0].split("/")
            return int(b) - int(a)
    fail("no entries line")


def main():
    decoder, work = sys.argv[1], sys.argv[2]
    os.makedirs(work, exist_ok=True)
    c1 = chunk([(0, 0, [(1, 101), (2, 102)]), (1, 0, [(1, 201)])])
    c2 = chunk([(0, 0, [(3, 103)]), (1, 2, [(4, 204), (5, 205)])])
    c3 = chunk([(0, 0, [(4, 104), (5, 105)]), (1, 0, [(6, 206)])])
    want = {0: [101, 102, 103, 104, 105], 1: [201, 204, 205, 206]}

    # Binary chunks end to end: one trace; the lost pair of hart 1 counted.
    path = os.path.join(work, "stream.bin")
    open(path, "wb").write(c1 + c2 + c3)
    out = decode(decoder, [path])
    if markers(out) != want:
        fail("binary stream: %s" % markers(out))
    if lost_in_header(out) != 2:
        fail("binary stream: lost %d, not 2" % lost_in_header(out))

    # A chunk seen twice adds nothing.
    open(path, "wb").write(c1 + c2 + c2 + c3)
    out = decode(decoder, [path])
    if markers(out) != want or lost_in_header(out) != 2:
        fail("repeated chunk: %s" % markers(out))

    # A chunk missing: its events are lost, by the sequence numbers.
    open(path, "wb").write(c1 + c3)
    out = decode(decoder, [path])
    if markers(out) != {0: [101, 102, 104, 105], 1: [201, 206]}:
        fail("missing chunk: %s" % markers(out))
    if lost_in_header(out) != 1 + 4:
        fail("missing chunk: lost %d, not 5" % lost_in_header(out))

    # One chunk alone, picked with --index, is just a dump.
    out = decode(decoder, ["--index", "1", path])
    if markers(out) != {0: [104, 105], 1: [206]}:
        fail("--index: %s" % markers(out))

    # Text frames among other output, one frame broken: reported, counted.
    log = ("boot\n" + text_frame(c1) + "other output\n" +
           text_frame(c2).replace("@rvtrace 0 ", "@rvtrace 0 x", 1) +
           text_frame(c3))
    r = subprocess.run([decoder, "-"], input=log.encode(),
                       capture_output=True)
    if r.returncode or "warning" not in r.stderr.decode():
        fail("text stream with a broken frame: %s" % r.stderr.decode())
    if markers(r.stdout.decode()) != {0: [101, 102, 104, 105],
                                      1: [201, 206]}:
        fail("text stream: %s" % markers(r.stdout.decode()))

    # --follow from a pipe: every event, and the loss, as they come.
    out = decode(decoder, ["--follow", "-"], c1 + c2 + c3)
    if markers(out) != want or "# hart-1: 2 events lost" not in out:
        fail("--follow (binary pipe): %s" % out)
    out = decode(decoder, ["--follow", "-"],
                 (text_frame(c1) + text_frame(c2)).encode())
    if markers(out) != {0: [101, 102, 103], 1: [201, 204, 205]}:
        fail("--follow (text pipe): %s" % markers(out))
    out = decode(decoder, ["--follow", "--hart", "1", "-"], c1 + c2 + c3)
    if markers(out) != {1: want[1]} or "# hart-1: 2 events lost" not in out:
        fail("--follow --hart 1: %s" % out)

    # --follow from a unix socket: the decoder connects, reads to the end.
    path = os.path.join(work, "serial.sock")
    if os.path.exists(path):
        os.unlink(path)
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server.bind(path)
    server.listen(1)

    def serve():
        conn, _ = server.accept()
        conn.sendall((text_frame(c1) + "other output\n").encode())
        time.sleep(0.2)
        conn.sendall(text_frame(c2).encode())
        conn.close()

    t = threading.Thread(target=serve)
    t.start()
    out = decode(decoder, ["--follow", path])
    t.join()
    server.close()
    if markers(out) != {0: [101, 102, 103], 1: [201, 204, 205]}:
        fail("--follow (unix socket): %s" % markers(out))

    # --follow from a pty: read until its other side closes.
    master, slave = os.openpty()
    p = subprocess.Popen([decoder, "--follow", os.ttyname(slave)],
                         stdout=subprocess.PIPE)
    # A pty's line discipline wants short lines: one line per write.
    for line in text_frame(c1).splitlines(True):
        os.write(master, line.encode())
    # Each chunk is printed as it comes; then the pty closes.
    seen = b""
    os.set_blocking(p.stdout.fileno(), False)
    for need, more in ((b"marker: 201", text_frame(c2)),
                       (b"marker: 205", "")):
        deadline = time.time() + 20
        while need not in seen and time.time() < deadline:
            time.sleep(0.05)
            seen += p.stdout.read() or b""
        for line in more.splitlines(True):
            os.write(master, line.encode())
    os.set_blocking(p.stdout.fileno(), True)
    os.close(master)
    os.close(slave)
    try:
        out = (seen + p.communicate(timeout=20)[0]).decode()
    except subprocess.TimeoutExpired:
        p.kill()
        fail("--follow on a pty did not end when the pty closed")
    if p.returncode or markers(out) != {0: [101, 102, 103],
                                        1: [201, 204, 205]}:
        fail("--follow (pty): %s" % markers(out))

    # --follow on a file that grows: the second chunk shows once written.
    path = os.path.join(work, "growing.log")
    open(path, "w").write(text_frame(c1))
    p = subprocess.Popen([decoder, "--follow", path], stdout=subprocess.PIPE)
    try:
        seen = b""
        os.set_blocking(p.stdout.fileno(), False)
        for step in range(2):
            deadline = time.time() + 20
            need = b"marker: 102" if step == 0 else b"marker: 205"
            while need not in seen and time.time() < deadline:
                time.sleep(0.05)
                seen += p.stdout.read() or b""
            if need not in seen:
                fail("--follow on a growing file: %r" % seen)
            if step == 0:
                open(path, "a").write(text_frame(c2))
    finally:
        p.kill()
        p.wait()
    print("stream_host: ok")


if __name__ == "__main__":
    main()
