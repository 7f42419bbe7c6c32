#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""Where is each hart? Asks a running QEMU's monitor (a unix socket:
-monitor unix:SOCKET,server,nowait) for `info registers -a` and prints one
line a hart: its id, pc, mstatus, mip, mie, mcause, mepc, a0. With --raw,
the monitor's whole answer follows. Used by tools/stress-boot.sh on a lost
hart (docs/testing.md).

  qemu-harts.py [--raw] SOCKET
"""
import re
import socket
import sys
import time


def ask(path, command, quiet=1.5, limit=20.0):
    s = socket.socket(socket.AF_UNIX)
    s.connect(path)
    s.settimeout(0.3)
    out, start = b"", time.time()

    def drain(until_quiet):
        nonlocal out
        last = time.time()
        while time.time() - start < limit and time.time() - last < until_quiet:
            try:
                d = s.recv(65536)
            except socket.timeout:
                continue
            if not d:
                break
            out += d
            last = time.time()

    drain(0.5)  # the banner
    out = b""
    s.sendall(command.encode() + b"\n")
    drain(quiet)
    s.close()
    # The monitor echoes the command with terminal escapes: drop them.
    return re.sub(r"\x1b\[[0-9;]*[A-Za-z]", "", out.decode(errors="replace"))


def main():
    args = sys.argv[1:]
    raw = "--raw" in args
    args = [a for a in args if a != "--raw"]
    if len(args) != 1:
        sys.exit(__doc__)
    text = ask(args[0], "info registers -a")
    harts, cur = [], None
    for line in text.splitlines():
        m = re.match(r"\s*CPU#(\d+)", line)
        if m:
            cur = {"cpu": m.group(1)}
            harts.append(cur)
            continue
        if cur is None:
            continue
        for name in ("pc", "mhartid", "mstatus", "mip", "mie", "mcause", "mepc"):
            m = re.match(r"\s*%s\s+([0-9a-f]+)" % name, line)
            if m:
                cur[name] = m.group(1)
        m = re.search(r"x10/a0\s+([0-9a-f]+)", line)
        if m:
            cur["a0"] = m.group(1)
    if not harts:
        print("qemu-harts: no answer from the monitor", file=sys.stderr)
        sys.exit(1)
    for h in harts:
        print("hart %s: pc %s mstatus %s mip %s mie %s mcause %s mepc %s a0 %s" % (
            int(h.get("mhartid", h["cpu"]), 16) if "mhartid" in h else h["cpu"],
            h.get("pc", "?"), h.get("mstatus", "?"), h.get("mip", "?"), h.get("mie", "?"),
            h.get("mcause", "?"), h.get("mepc", "?"), h.get("a0", "?")))
    if raw:
        print(text)


if __name__ == "__main__":
    main()
