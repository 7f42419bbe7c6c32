#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""Drive an interactive QEMU console for tests: wait for a pattern, send a
line, repeat; everything under one time limit.

  qemu-expect.py --timeout S --log FILE [--stamps FILE]
                 [--expect RE --send TEXT]... -- CMD...

Each --expect waits (in order) for a regular expression in the console
output; the --send that follows it is typed once it appears ("\\n" added).
--stamps FILE: one line per matched --expect, "SECONDS RE", the time since
the command started (e.g. the boot time to a login prompt).
Exit status: the command's own status once all steps are done and it has
exited; 124 on timeout (the last console lines are printed).
"""
import os
import re
import select
import subprocess
import sys
import time


def main():
    args = sys.argv[1:]
    if "--" not in args:
        sys.exit(__doc__)
    cmd = args[args.index("--") + 1:]
    opts = args[:args.index("--")]
    timeout, log, stamps, steps = 60.0, None, None, []
    i = 0
    while i < len(opts):
        if opts[i] == "--timeout":
            timeout = float(opts[i + 1])
        elif opts[i] == "--log":
            log = opts[i + 1]
        elif opts[i] == "--stamps":
            stamps = opts[i + 1]
        elif opts[i] == "--expect":
            steps.append([opts[i + 1], None])
        elif opts[i] == "--send":
            steps[-1][1] = opts[i + 1]
        i += 2
    proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT)
    out = b""
    start = time.monotonic()
    deadline = start + timeout
    matched = []
    step, searched = 0, 0
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            proc.kill()
            proc.wait()
            tail = out.decode(errors="replace").replace("\r", "").splitlines()[-20:]
            print(f"timeout after {timeout:.0f}s waiting for "
                  f"{steps[step][0] if step < len(steps) else 'exit'!r}; last console lines:")
            for line in tail:
                print("    | " + line)
            rc = 124
            break
        r, _, _ = select.select([proc.stdout], [], [], min(left, 0.2))
        if r:
            data = os.read(proc.stdout.fileno(), 65536)
            if not data:
                rc = proc.wait()
                if step < len(steps):
                    print(f"exited {rc} before {steps[step][0]!r} appeared")
                    rc = rc or 1
                break
            out += data
        while step < len(steps):
            m = re.compile(steps[step][0].encode()).search(out, searched)
            if not m:
                break
            searched = m.end()
            matched.append(f"{time.monotonic() - start:.1f} {steps[step][0]}")
            if steps[step][1] is not None:
                time.sleep(0.3)
                proc.stdin.write(steps[step][1].encode() + b"\n")
                proc.stdin.flush()
            step += 1
    if log:
        with open(log, "wb") as f:
            f.write(out)
    if stamps:
        with open(stamps, "w", encoding="utf-8") as f:
            f.write("".join(line + "\n" for line in matched))
    sys.exit(rc)


if __name__ == "__main__":
    main()
