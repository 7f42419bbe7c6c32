#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""The `make bench` harness: runs cordon's micro- and macro-benchmarks under
`qemu-system-riscv64 -M virt -icount shift=0,sleep=off` in three setups
(native OpenSBI fw_jump, cordon, cordon+offload), with Sstc on and off where
it matters, two QEMU instances at a time, and writes bench/results/latest.md
(+ latest.json, latest.png) and prints the table. docs/benchmarks.md
explains every figure.

usage: run.py --native-fw FW.bin --images DIR --kernel Image --initrd cpio
              --payload sbench.bin --out DIR [--smoke] [--smp4] [--jobs N]
  DIR (--images) holds cordon.bin, offload.bin (OS images around stock
  fw_jump), mbench-native.elf, mbench-cordon.bin, mbench-offload.bin.
"""
import argparse
import concurrent.futures as cf
import json
import os
import re
import statistics
import subprocess
import sys
import time

QEMU = "qemu-system-riscv64"
SETUPS = ["native", "cordon", "offload"]
SETUP_TITLE = {"native": "native", "cordon": "cordon", "offload": "cordon+offload",
               "protect": "cordon+offload+protect-os"}
CPU = {"on": "rv64", "off": "rv64,sstc=off"}

# Miralis (Spike, 1 instruction/cycle), for comparison (instructions).
MIRALIS = {
    "fw_csr": "386 / emulated instr",
    "sbi_impl_version": "2,650 round trip",
    "sbi_set_timer": "241 (offloaded)",
    "amo_mis_s": "561 (emulated misaligned load)",
}


def qemu_cmd(a, setup, bios_os, smp, cpu, kernel=None, initrd=None, append=None, bios=None):
    cmd = [QEMU, "-M", "virt", "-m", "512M", "-smp", str(smp), "-cpu", CPU[cpu],
           "-nographic", "-icount", "shift=0,sleep=off", "-seed", "1",
           "-rtc", "base=2020-01-01T00:00:00,clock=vm"]
    cmd += ["-bios", bios or bios_os[setup]]
    if kernel:
        cmd += ["-kernel", kernel]
    if initrd:
        cmd += ["-initrd", initrd]
    if append:
        cmd += ["-append", append]
    return cmd


def run(job, timeout):
    """Runs one QEMU job; returns (job, output, rc, wall seconds)."""
    t0 = time.time()
    try:
        p = subprocess.run(job["cmd"], stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT, timeout=timeout)
        out, rc = p.stdout.decode("utf-8", "replace").replace("\r", ""), p.returncode
    except subprocess.TimeoutExpired as e:
        out = (e.stdout or b"").decode("utf-8", "replace").replace("\r", "")
        rc = "timeout"
    return job, out, rc, time.time() - t0


def parse_bench(out):
    res = {}
    for m in re.finditer(r"^BENCH (\S+) (\d+) (\d+) (\d+)$", out, re.M):
        res[m.group(1)] = tuple(int(m.group(i)) for i in (2, 3, 4))
    for m in re.finditer(r"^BENCH (\S+) (\d+) (\d+)$", out, re.M):
        res[m.group(1)] = (int(m.group(2)), int(m.group(3)))
    return res


def parse_stats(out):
    """Sums cordon's STATS lines over the harts: {"OS exception ecall S": n, ...}."""
    st = {}
    for m in re.finditer(r"^\[cordon\]\s+(firmware|OS) (exception|interrupt) (.+?)\s+(\d+)$", out, re.M):
        key = f"{m.group(1)} {m.group(2)} {m.group(3).strip()}"
        st[key] = st.get(key, 0) + int(m.group(4))
    for m in re.finditer(r"^\[cordon\]\s+offloaded (.+?)\s+(\d+)$", out, re.M):
        key = f"offloaded {m.group(1).strip()}"
        st[key] = st.get(key, 0) + int(m.group(2))
    ws = sum(int(x) for x in re.findall(r"^\[cordon\] hart \d+: (\d+) world switches", out, re.M))
    if ws:
        st["world switches"] = ws
    return st


def parse_boot(out):
    """Boot figures from printk timestamps made absolute by the init stamp."""
    def ts(pat):
        m = re.search(r"^\[\s*(\d+)\.(\d{6})\] " + pat, out, re.M)
        return int(m.group(1)) * 10**9 + int(m.group(2)) * 1000 if m else None
    m = re.search(r"^\[\s*\d+\.\d+\] BENCH-STAMP init (\d+)", out, re.M)
    t_stamp, t_run, t_off = ts("BENCH-STAMP init"), ts("Run /init as init process"), ts("reboot: Power down")
    if not m or None in (t_stamp, t_run, t_off):
        return None
    offset = int(m.group(1)) - t_stamp  # instructions before sched_clock started
    return {"init": t_run + offset, "poweroff": t_off + offset, "offset": offset}


def build_jobs(a):
    bios_os = {"native": a.native_fw, "cordon": os.path.join(a.images, "cordon.bin"),
               "offload": os.path.join(a.images, "offload.bin"),
               "protect": os.path.join(a.images, "protect.bin")}
    mb = {"native": os.path.join(a.images, "mbench-native.elf"),
          "cordon": os.path.join(a.images, "mbench-cordon.bin"),
          "offload": os.path.join(a.images, "mbench-offload.bin")}
    jobs = []
    for s in SETUPS:
        jobs.append({"kind": "fw", "setup": s, "sstc": "on",
                     "cmd": qemu_cmd(a, s, bios_os, 1, "on", bios=mb[s])})
        for c in (["on"] if a.smoke else ["on", "off"]):
            jobs.append({"kind": "payload", "setup": s, "sstc": c,
                         "cmd": qemu_cmd(a, s, bios_os, 4, c, kernel=a.payload)})
            if s == "offload":  # the others spin while they wait: see sbench.c
                jobs.append({"kind": "payload", "setup": s, "sstc": c,
                             "cmd": qemu_cmd(a, s, bios_os, 4, c,
                                             kernel=a.payload.replace("sbench.bin", "sbench-rfence.bin"))})
    # protect-os (make image PROTECT=1): the SBI round trip and the 1-hart boot.
    for c in (["on"] if a.smoke else ["on", "off"]):
        jobs.append({"kind": "payload", "setup": "protect", "sstc": c,
                     "cmd": qemu_cmd(a, "protect", bios_os, 4, c, kernel=a.payload)})
        if not a.smoke:
            jobs.append({"kind": "linux", "name": "boot", "smp": 1, "setup": "protect", "sstc": c,
                         "cmd": qemu_cmd(a, "protect", bios_os, 1, c, kernel=a.kernel,
                                         initrd=a.initrd, append="console=ttyS0 cordon.bench=boot")})
    linux = []
    if a.smoke:
        linux = [("boot", 1, "off"), ("timer", 1, "off")]
        wl_n = {"timer": 500}
    else:
        for smp in ((1, 4) if a.smp4 else (1,)):
            for c in ("on", "off"):
                linux.append(("boot", smp, c))
        linux += [("timer", 1, "off"), ("timer", 1, "on"), ("cpu", 1, "off")]
        if a.smp4:  # see docs/benchmarks.md: 4-hart Linux under -icount stalls
            linux += [("ipi", 4, "off"), ("ipi", 4, "on")]
        wl_n = {}
    for name, smp, c in linux:
        for s in SETUPS:
            arg = f"{name}:{wl_n[name]}" if name in wl_n else name  # smoke: fewer operations
            append = f"console=ttyS0 cordon.bench={arg}"
            jobs.append({"kind": "linux", "name": name, "smp": smp, "setup": s, "sstc": c,
                         "cmd": qemu_cmd(a, s, bios_os, smp, c, kernel=a.kernel, initrd=a.initrd,
                                         append=append)})
    return jobs


def fmt(v, nd=0):
    if v is None:
        return "n/a"
    if isinstance(v, float) and nd:
        return f"{v:,.{nd}f}"
    return f"{v:,.0f}"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--native-fw", required=True)
    ap.add_argument("--images", required=True)
    ap.add_argument("--kernel", required=True)
    ap.add_argument("--initrd", required=True)
    ap.add_argument("--payload", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--size-info", default="")
    ap.add_argument("--smoke", action="store_true")
    ap.add_argument("--smp4", action="store_true",
                    help="also the 4-hart Linux runs (boot, IPI/TLB); natively they stall under -icount")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--timeout", type=int, default=150)
    ap.add_argument("--smp4-timeout", type=int, default=60,
                    help="for the 4-hart Linux runs, which stall where a hart spins (reported n/a)")
    a = ap.parse_args()
    os.makedirs(a.out, exist_ok=True)
    logdir = os.path.join(a.out, "logs-smoke" if a.smoke else "logs")
    os.makedirs(logdir, exist_ok=True)

    jobs = build_jobs(a)
    t_start = time.time()
    results = []
    failed = []
    stalled = []
    with cf.ThreadPoolExecutor(max_workers=a.jobs) as ex:
        futs = [ex.submit(run, j, a.smp4_timeout if j.get("smp") == 4 else a.timeout) for j in jobs]
        for f in cf.as_completed(futs):
            job, out, rc, wall = f.result()
            tag = "-".join(str(job.get(k)) for k in ("kind", "name", "smp", "setup", "sstc") if job.get(k))
            with open(os.path.join(logdir, tag + ".log"), "w") as fh:
                fh.write(" ".join(job["cmd"]) + "\n" + out)
            ok = rc == 0 and "BENCH done" in out if job["kind"] != "linux" else rc == 0 and "BENCH-STAMP end" in out
            stall = not ok and job.get("smp") == 4 and rc == "timeout"
            state = "ok" if ok else ("stalled (n/a)" if stall else "FAILED rc=" + str(rc))
            print(f"bench: {tag:34s} {state} ({wall:.1f} s)", file=sys.stderr, flush=True)
            if stall:
                stalled.append(tag)  # expected where a hart spins under -icount
            elif not ok:
                failed.append(tag)
            results.append((job, out, rc, tag))

    # ---- collect ----
    micro = {}   # (bench, sstc) -> setup -> cost per op
    macro = {}   # (label, sstc) -> setup -> instructions
    stats = {}   # (label, sstc) -> setup -> {cause: n}
    for job, out, rc, tag in results:
        s, c = job["setup"], job["sstc"]
        b = parse_bench(out)
        if job["kind"] in ("fw", "payload"):
            for name, v in b.items():
                if len(v) == 2:  # a total (os_entry)
                    micro.setdefault((name, c), {})[s] = float(v[0])
                    continue
                d, base, n = v
                if name.startswith("sbi_ipi") or name.startswith("sbi_rfence"):
                    cost = d / n
                elif name.startswith("sbi_"):
                    cost = (d - base) / n
                else:  # one instruction natively, plus what its trap costs
                    cost = 1 + (d - base) / n
                micro.setdefault((name, c), {})[s] = cost
            continue
        name, smp = job["name"], job["smp"]
        if name == "boot":
            bt = parse_boot(out)
            for k in ("init", "poweroff"):
                macro.setdefault((f"Linux boot to {'/init' if k == 'init' else 'poweroff'}, {smp} hart{'s' if smp > 1 else ''}", c), {})[s] = bt[k] if bt else None
            label = f"Linux boot to poweroff, {smp} hart{'s' if smp > 1 else ''}"
        else:
            title = {"timer": "timer-heavy: nanosleep(10 us)", "ipi": "IPI/TLB-heavy (4 harts)",
                     "cpu": "CPU-bound loop (control)"}[name]
            v = b.get(name)
            label = f"{title}, {smp} hart{'s' if smp > 1 else ''}"
            macro.setdefault((label, c), {})[s] = v[0] if v else None
            if v:
                macro[(label, c)]["ops"] = v[1]
        if s not in ("native", "protect"):
            stats.setdefault((label, c), {})[s] = parse_stats(out)

    # ---- targets ----
    def tgt_micro(name, row):
        n, co, of = row.get("native"), row.get("cordon"), row.get("offload")
        if name == "fw_csr" and n is not None and co is not None:
            return "<= +100", (co - n) <= 100
        if name == "sbi_impl_version" and n is not None and co is not None:
            return "<= +700", (co - n) <= 700
        if name == "sbi_set_timer" and n is not None and of is not None:
            return "offload <= 100 and < native", of <= 100 and of < n
        return "", None

    def tgt_macro(label, row):
        n, co, of = row.get("native"), row.get("cordon"), row.get("offload")
        if not n or co is None or of is None:
            return "", None
        rc, ro = co / n, of / n
        if label.startswith("Linux boot"):
            return "offload <= 1.01x, cordon <= 1.05x", ro <= 1.01 and rc <= 1.05
        if label.startswith("timer") or label.startswith("IPI"):
            return "offload <= 1.02x", ro <= 1.02
        if label.startswith("CPU"):
            return "1.00x (control)", abs(ro - 1) < 0.005 and abs(rc - 1) < 0.005
        return "", None

    micro_titles = {
        "fw_csr": "firmware `csrw mscratch` (M-mode fw)",
        "fw_clint": "firmware 64-bit store to mtimecmp (M-mode fw)",
        "sbi_impl_version": "SBI get_impl_version round trip (S)",
        "sbi_set_timer": "SBI set_timer, far future (S)",
        "amo_mis_s": "misaligned AMO from S: trap+redirect to S",
        "amo_mis_u": "misaligned AMO from U: trap+redirect to S",
        "sbi_ipi_pingpong": "SBI send_ipi ping-pong, 2 harts (2 IPIs)",
        "sbi_rfence_all": "SBI remote sfence.vma to the 3 other harts, until all done",
        "os_entry": "reset to OS entry at 0x80200000 (total, 4 harts)",
    }
    lines = []
    lines.append(f"# cordon benchmarks{' (smoke run: reduced, figures not comparable)' if a.smoke else ''}")
    lines.append("")
    lines.append("Guest instructions under `qemu-system-riscv64 -M virt -icount shift=0,sleep=off` "
                 "(QEMU 7.2; deterministic). native = stock OpenSBI 1.1 fw_jump in M-mode; cordon = "
                 "`make image OFFLOAD=0`; cordon+offload = `make image` (OFFLOAD=1, the default). Method: docs/benchmarks.md.")
    lines.append("")
    lines.append("## Micro-benchmarks (instructions per operation, median of rounds)")
    lines.append("")
    lines.append("| benchmark | Sstc | native | cordon | cordon+offload | cordon - native | offload - native | target | met | Miralis |")
    lines.append("|---|---|---:|---:|---:|---:|---:|---|---|---|")
    chart = []
    order = list(micro_titles)
    for name in order:
        for c in ("on", "off"):
            row = micro.get((name, c))
            if not row:
                continue
            n, co, of = row.get("native"), row.get("cordon"), row.get("offload")
            t, met = tgt_micro(name, row)
            d1 = fmt(co - n, 1) if None not in (n, co) else "n/a"
            d2 = fmt(of - n, 1) if None not in (n, of) else "n/a"
            lines.append(f"| {micro_titles[name]} | {c} | {fmt(n, 1)} | {fmt(co, 1)} | {fmt(of, 1)} | {d1} | {d2} | {t} | "
                         f"{'' if met is None else ('yes' if met else '**no**')} | {MIRALIS.get(name, '') if c == 'on' else ''} |")
    lines.append("")
    lines.append("Remote sfence.vma: n/a where the sender spins while it waits (OpenSBI, natively and "
                 "under cordon without offload): QEMU's icount round robin does not switch to the targets "
                 "before the next timer deadline, so that figure would measure QEMU's time slice "
                 "(the native run of it does not finish). cordon's offload sleeps in wfi while it waits. "
                 "Linux's TLB shootdowns are in the IPI/TLB-heavy workload. Plain misaligned loads/stores do "
                 "not trap on QEMU 7.2 (only the AMO/LR/SC path is measurable).")
    lines.append("")
    lines.append("## Macro-benchmarks (total guest instructions, all harts)")
    lines.append("")
    lines.append("| benchmark | Sstc | native | cordon | cordon+offload | cordon/native | offload/native | per op: native / cordon / offload | target | met |")
    lines.append("|---|---|---:|---:|---:|---:|---:|---|---|---|")
    cats = ["Linux boot to /init", "Linux boot to poweroff", "timer", "IPI", "CPU"]
    for (label, c), row in sorted(macro.items(), key=lambda kv: (
            [i for i, k in enumerate(cats) if kv[0][0].startswith(k)][0], kv[0][0], kv[0][1] == "off")):
        n, co, of = row.get("native"), row.get("cordon"), row.get("offload")
        r1 = f"{co / n:.3f}x" if n and co else "n/a"
        r2 = f"{of / n:.3f}x" if n and of else "n/a"
        per = ""
        if "ops" in row and n:
            per = " / ".join(fmt(v / row["ops"]) if v else "n/a" for v in (n, co, of))
        t, met = tgt_macro(label, row)
        lines.append(f"| {label} | {c} | {fmt(n)} | {fmt(co)} | {fmt(of)} | {r1} | {r2} | {per} | {t} | "
                     f"{'' if met is None else ('yes' if met else '**no**')} |")
        if n and co:
            chart.append((f"{label.replace(', ', ' ')} sstc={c}", co / n, (of / n) if of else 0))
    lines.append("")
    lines.append("## protect-os (`make image PROTECT=1`, with offload)")
    lines.append("")
    lines.append("The firmware loses the OS's memory at the first hand-over, and sees only the "
                 "argument registers of each SBI call (docs/security.md, I11, I12): such a call takes "
                 "cordon's general path with all registers saved.")
    lines.append("")
    lines.append("| benchmark | Sstc | native | cordon+offload | +protect-os | protect-os / cordon+offload | protect-os / native | target | met |")
    lines.append("|---|---|---:|---:|---:|---:|---:|---|---|")
    for key, title, is_micro in (("sbi_impl_version", micro_titles["sbi_impl_version"], True),
                                 ("Linux boot to /init, 1 hart", "Linux boot to /init, 1 hart", False),
                                 ("Linux boot to poweroff, 1 hart", "Linux boot to poweroff, 1 hart", False)):
        for c in ("on", "off"):
            row = (micro if is_micro else macro).get((key, c))
            if not row or "protect" not in row:
                continue
            n, of, pr = row.get("native"), row.get("offload"), row.get("protect")
            r_of = f"{pr / of:.3f}x" if of and pr else "n/a"
            r_n = f"{pr / n:.3f}x" if n and pr else "n/a"
            if is_micro:
                t, met = "<= 1.15x cordon", (pr / of <= 1.15) if of and pr else None
            elif "/init" in key:
                t, met = "<= 1.02x native", (pr / n <= 1.02) if n and pr else None
            else:
                t, met = "", None
            nd = 1 if is_micro else 0
            lines.append(f"| {title} | {c} | {fmt(n, nd)} | {fmt(of, nd)} | {fmt(pr, nd)} | {r_of} | {r_n} | {t} | "
                         f"{'' if met is None else ('yes' if met else '**no**')} |")
    lines.append("")
    lines.append("## Traps seen by cordon per macro-benchmark (all harts; STATS=1)")
    lines.append("")
    for (label, c), per in sorted(stats.items()):
        for s in ("cordon", "offload"):
            st = per.get(s)
            if not st:
                continue
            items = ", ".join(f"{k}: {v:,}" for k, v in sorted(st.items(), key=lambda kv: -kv[1]))
            lines.append(f"- {label}, Sstc {c}, {SETUP_TITLE[s]}: {items}")
    lines.append("")
    if a.size_info and os.path.exists(a.size_info):
        lines.append("## cordon's size")
        lines.append("")
        lines.append(open(a.size_info).read().strip())
        lines.append("")
    lines.append(f"Harness: {len(jobs)} QEMU runs, {a.jobs} at a time, {time.time() - t_start:.0f} s wall; "
                 f"logs in {os.path.relpath(logdir)}/.")
    if stalled:
        lines.append("")
        lines.append(f"Stalled (no progress within {a.smp4_timeout} s of wall time: a hart spins under "
                     "-icount, see docs/benchmarks.md), reported n/a: " + ", ".join(sorted(stalled)))
    if failed:
        lines.append("")
        lines.append("FAILED runs: " + ", ".join(sorted(failed)))
    md = "\n".join(lines) + "\n"
    name = "smoke" if a.smoke else "latest"
    with open(os.path.join(a.out, name + ".md"), "w") as fh:
        fh.write(md)
    with open(os.path.join(a.out, name + ".json"), "w") as fh:
        json.dump({"micro": {f"{k[0]}/sstc={k[1]}": v for k, v in micro.items()},
                   "macro": {f"{k[0]}/sstc={k[1]}": v for k, v in macro.items()},
                   "stats": {f"{k[0]}/sstc={k[1]}": v for k, v in stats.items()},
                   "failed": failed}, fh, indent=1, sort_keys=True)
    write_chart(chart, os.path.join(a.out, name + ".png"), a.out)
    print(md)
    return 1 if failed else 0


def write_chart(chart, png, out):
    """Bar chart of the macro ratios with gnuplot (skipped if it is missing)."""
    if not chart:
        return
    dat = os.path.join(out, ".chart.dat")
    with open(dat, "w") as fh:
        for label, r1, r2 in chart:
            fh.write(f"\"{label}\" {r1:.4f} {r2:.4f}\n")
    script = f"""
set terminal pngcairo size 1200,600 noenhanced font ",9"
set output "{png}"
set title "cordon: guest instructions relative to native OpenSBI (1.0 = native)"
set style data histogram
set style histogram cluster gap 1
set style fill solid 0.8 border -1
set boxwidth 0.9
set xtics rotate by -30 scale 0
set ylabel "x native"
set yrange [0.9:*]
set grid ytics
set key top left
plot "{dat}" using 2:xtic(1) title "cordon", "" using 3 title "cordon+offload", 1.0 with lines lc rgb "black" notitle
"""
    try:
        subprocess.run(["gnuplot"], input=script.encode(), check=True, timeout=60)
    except (OSError, subprocess.SubprocessError) as e:
        print(f"bench: no chart ({e})", file=sys.stderr)
    finally:
        os.unlink(dat)


if __name__ == "__main__":
    sys.exit(main())
