# SPDX-License-Identifier: BSD-2-Clause
"""rvtrace-drain.py against stand-ins for QEMU's QMP monitor and OpenOCD's
Tcl port that serve memory images made by drain_model.py: each thing that
can be wrong must end the tool with status 1 and a message that says what
it is, and write no dump; a good image must give a dump that rvtrace-decode
reads, the same through both.

    drain_errors.py CAPTURE-DIR DECODER ELF-WITHOUT-DESCRIPTOR WORKDIR
"""
import json
import os
import shutil
import socket
import struct
import subprocess
import sys
import random
import threading

import drain_model as model

capture, decoder, old_elf, work = sys.argv[1:5]
tool = os.path.join(capture, "rvtrace-drain.py")
RAM_INFO = ('FlatView #1\n AS "memory", root: system\n'
            '  %016x-%016x (prio 0, ram): fake.ram\n' %
            (model.BASE, model.BASE + model.SIZE - 1))


def fail(msg):
    sys.exit("drain_errors: FAIL: %s" % msg)


class FakeQmp(threading.Thread):
    """Serves one client: memory from image (outside it, zeros, as QEMU
    reads unmapped addresses); closes after `commands` commands, if set."""

    def __init__(self, path, image, commands=None, greeting=None):
        super().__init__(daemon=True)
        self.image, self.commands = image, commands
        self.greeting = greeting or json.dumps({"QMP": {"version": {}}})
        self.server = socket.socket(socket.AF_UNIX)
        self.server.bind(path)
        self.server.listen(1)
        self.start()

    def run(self):
        conn, _ = self.server.accept()
        stream = conn.makefile("rwb", buffering=0)
        stream.write(self.greeting.encode() + b"\r\n")
        for line in stream:
            if self.commands is not None:
                if not self.commands:
                    break
                self.commands -= 1
            msg = json.loads(line)
            args = msg.get("arguments", {})
            ret = {}
            if msg["execute"] == "pmemsave":
                at = args["val"] - model.BASE
                data = bytes(self.image[max(0, at):at + args["size"]]) \
                    if 0 <= at < len(self.image) else b""
                with open(args["filename"], "wb") as f:
                    f.write(data + bytes(args["size"] - len(data)))
            elif msg["execute"] == "human-monitor-command":
                ret = RAM_INFO
            elif msg["execute"] == "query-status":
                ret = {"running": True}
            stream.write(json.dumps({"return": ret}).encode() + b"\r\n")
        conn.close()
        self.server.close()


class FakeOpenOcd(threading.Thread):
    """OpenOCD's Tcl port as the tool uses it: commands and replies end
    with 0x1a; read_memory ADDR 32 COUNT replies with the words in hex."""

    def __init__(self, image):
        super().__init__(daemon=True)
        self.image = image
        self.server = socket.create_server(("127.0.0.1", 0))
        self.port = self.server.getsockname()[1]
        self.start()

    def run(self):
        conn, _ = self.server.accept()
        pending = b""
        while True:
            more = conn.recv(4096)
            if not more:
                break
            pending += more
            while b"\x1a" in pending:
                line, _, pending = pending.partition(b"\x1a")
                conn.sendall(self.reply(line.decode().split()) + b"\x1a")
        conn.close()
        self.server.close()

    def reply(self, words):
        if words[:1] != ["read_memory"] or words[2:3] != ["32"]:
            return b"invalid command name \"%s\"" % words[0].encode()
        at, count = int(words[1], 0) - model.BASE, int(words[3])
        if at < 0 or at + 4 * count > len(self.image):
            return b"Failed to read memory at %s" % words[1].encode()
        return " ".join("0x%08x" % w for w in struct.unpack_from(
            "<%dI" % count, self.image, at)).encode()


def image(**change):
    """A target's memory: 2 harts, rings of 4 events, 3 published on each."""
    t = model.Target(random.Random(1), 64, 2, 4, False, 0, 0, 0, 0)
    for h in range(2):
        for idx in range(3):
            t.publish(h, idx)
        t.put(model.TRACE + model.RINGS + h * model.RING_SIZE + model.HEAD,
              3, 8)
    if "version" in change:
        t.put(model.LAYOUT_AT + 16, change["version"], 2)
    if "nr_harts" in change:
        t.put(model.TRACE + model.NR_HARTS, change["nr_harts"], 4)
    if "no_layout" in change:
        t.mem[:model.TRACE - model.BASE] = bytes(model.TRACE - model.BASE)
    return t.mem


def drain(name, args, server=None):
    """Runs the tool; its status, its standard error and whether it wrote
    the dump."""
    out = os.path.join(work, name + ".bin")
    sock = os.path.join(work, name + ".sock")
    if server:
        server(sock)
    r = subprocess.run([sys.executable, tool, "--qmp", sock, "-o", out] +
                       args, stderr=subprocess.PIPE, text=True, timeout=60)
    return r.returncode, r.stderr, os.path.exists(out), out


def expect_error(name, args, want, server=None):
    status, err, wrote, _ = drain(name, args, server)
    if status != 1 or want not in err or wrote:
        fail("%s: status %d, dump %s, said %r; expected status 1 and %r" %
             (name, status, "written" if wrote else "not written", err,
              want))
    print("drain_errors: %s: %s" % (name, err.strip()))


def main():
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)

    def serve(img, **kw):
        return lambda path: FakeQmp(path, img, **kw)

    expect_error("no-socket", ["--once"], "no QMP socket")
    expect_error("not-qmp", ["--once"], "is not a QMP socket",
                 serve(image(), greeting="QEMU 7.2.22 monitor - type 'help' "
                       "for more information"))
    expect_error("not-riscv", ["--once", "--elf", sys.executable],
                 "is not a RISC-V ELF", serve(image()))
    expect_error("old-rvtrace", ["--once", "--elf", old_elf],
                 "linked with rvtrace but has no rvt_ring_layout",
                 serve(image()))
    expect_error("no-layout", ["--once"],
                 "no rvtrace ring layout descriptor in RAM",
                 serve(image(no_layout=True)))
    newer = model.rr.LAYOUT_VERSION + 1
    expect_error("version", ["--once"], "is version %d; this tool reads "
                 "version %d" % (newer, newer - 1),
                 serve(image(version=newer)))
    expect_error("never-started", ["--once"], "tracing never started",
                 serve(image(nr_harts=0)))
    expect_error("not-initialised", ["--once"], "is not initialised",
                 serve(image(nr_harts=0xa5a5a5a5)))
    expect_error("exited", [], "QEMU has exited (its QMP socket closed) "
                 "before a tracer started",
                 serve(image(nr_harts=0), commands=6))

    status, err, wrote, out = drain("good", ["--once"], serve(image()))
    if status or not wrote:
        fail("a good image: status %d: %s" % (status, err))
    text = subprocess.run([decoder, out], stdout=subprocess.PIPE, text=True,
                          check=True).stdout
    if text.count(" marker: ") != 6:
        fail("a good image: %d markers decoded, 6 expected:\n%s" %
             (text.count(" marker: "), text))
    print("drain_errors: a good image: %s" % err.strip())

    ram = "%#x:%d" % (model.BASE, model.SIZE)
    ocd = FakeOpenOcd(image())
    r = subprocess.run([sys.executable, tool, "--openocd", str(ocd.port),
                        "--ram", ram, "--once", "-o", out + ".ocd"],
                       stderr=subprocess.PIPE, text=True, timeout=60)
    if r.returncode or open(out + ".ocd", "rb").read() != \
            open(out, "rb").read():
        fail("through OpenOCD: status %d, %s; not the dump taken through "
             "QMP" % (r.returncode, r.stderr))
    print("drain_errors: the same image through OpenOCD: the same dump")
    ocd = FakeOpenOcd(image())
    r = subprocess.run([sys.executable, tool, "--openocd",
                        "127.0.0.1:%d" % ocd.port, "--ram",
                        "%#x:%d" % (model.BASE, model.SIZE + 4096),
                        "--once", "-o", out + ".bad"],
                       stderr=subprocess.PIPE, text=True, timeout=60)
    if r.returncode != 1 or "OpenOCD cannot read" not in r.stderr:
        fail("a read OpenOCD refuses: status %d, %s" % (r.returncode,
                                                        r.stderr))
    print("drain_errors: a read OpenOCD refuses: %s" % r.stderr.strip())


if __name__ == "__main__":
    main()
