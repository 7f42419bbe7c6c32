#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""Random differential test firmwares for cordon (issue 13 section 1).

From (seed, case) this writes one M-mode test firmware (C, linked with
tests/firmware/lib like every test firmware) made of random steps of
privileged operations. After each step the firmware prints every trap it
took (cause@epc:tval, M and S handler), the registers the step wrote, and
a dump of every readable M/S CSR. tests/difftest-random.sh runs it natively
and under cordon and compares. The same (seed, case) always gives the same
file; a step's contents depend only on (seed, case, step index), so a
subset of the steps (--steps, used by the shrinker) is the same steps.

  difftest-gen.py gen --seed S --first F --count N --out DIR [--steps-per-case K]
  difftest-gen.py one --seed S --case C [--keep 0,3,7] [--name NAME] -o FILE
  difftest-gen.py shrink --seed S --case C --check CMD -o FILE
      (CMD FILE exits 0 if FILE shows no divergence, 1 if it does)

Step kinds (docs/testing.md): csr, xret, mret_m, ecall, illegal, deleg,
pmp, irq, wfi, satp.
"""
import argparse
import os
import random
import subprocess
import sys

STEPS_DEFAULT = 12
KINDS = [("csr", 30), ("xret", 12), ("mret_m", 4), ("ecall", 4),
         ("illegal", 8), ("deleg", 8), ("pmp", 14), ("irq", 10),
         ("wfi", 4), ("satp", 8)]

MSTATUS_MPRV = 1 << 17

# --------------------------------------------------------------- CSRs
# CSRs whose values a faithful monitor must reproduce (printed); all others
# (counters, time) print only whether the access trapped.
PRINTABLE = set([
    0x300, 0x301, 0x302, 0x303, 0x304, 0x305, 0x306, 0x30a, 0x310, 0x31a,
    0x320, 0x340, 0x341, 0x342, 0x343, 0x344, 0x34a, 0x34b, 0x3a0, 0x3a1,
    0x3a3, 0x747, 0x757, 0xf11, 0xf12, 0xf13, 0xf14, 0xf15,
    0x100, 0x104, 0x105, 0x106, 0x10a, 0x140, 0x141, 0x142, 0x143, 0x144,
    0x14d, 0x180, 0x5a8, 0x001, 0x002, 0x003, 0x015,
    0x600, 0x602, 0x603, 0x604, 0x606, 0x607, 0x60a, 0x643, 0x644,
    0x645, 0x64a, 0x680, 0x6a8, 0xe12, 0x200, 0x204, 0x205, 0x240, 0x241,
    0x242, 0x243, 0x244, 0x24d, 0x280, 0x7a0, 0x7a1, 0x7a2, 0x7a3, 0x7a4,
    0x7a5, 0x7a8, 0x7b0, 0x7b1, 0x7b2, 0x7b3,
] + list(range(0x3b0, 0x3b8)) + list(range(0x323, 0x340)))
# Timing-dependent although not counters: htimedelta is fine, but mip/sip
# are printed (mtimecmp is kept at -1, so MTIP is 0 on both sides).
KNOWN = sorted(PRINTABLE | set(range(0xb00, 0xb20)) | set(range(0xb80, 0xba0)) |
               set(range(0xc00, 0xc20)) | set(range(0xc80, 0xca0)) | {0x605, 0x615, 0x61a})
# Cordon gives the firmware fewer PMP entries than the hardware has: only
# entries 0..7 are touched (tests/firmware/README.md).
EXCLUDED = set(range(0x3b8, 0x3f0)) | {0x3a2}
# Writes that accumulate from step to step; every other CSR written by a
# csr step is restored right after its read-back (same asm block, no memory
# access in between), so the firmware keeps its trap vector, stacks, PMP
# and translation.
ACCUMULATE = set([0x341, 0x342, 0x343, 0x141, 0x142, 0x143, 0x306, 0x106,
                  0x320, 0x001, 0x002, 0x003, 0x302, 0x303, 0x10a, 0x34a,
                  0x34b] + list(range(0x323, 0x340)))
EPC_CSRS = {0x341, 0x141, 0x241}   # QEMU 7.2 keeps bit 0 on write (quirk)

# The dump: every readable M/S CSR the test prints, (name, number, mask).
DUMP = [("mstatus", 0x300, ~MSTATUS_MPRV), ("misa", 0x301, -1), ("medeleg", 0x302, -1),
        ("mideleg", 0x303, -1), ("mie", 0x304, -1), ("mip", 0x344, -1),
        ("mtvec", 0x305, -1), ("mcounteren", 0x306, -1), ("menvcfg", 0x30a, -1),
        ("mcountinhibit", 0x320, -1), ("mscratch", 0x340, -1), ("mepc", 0x341, ~1),
        ("mcause", 0x342, -1), ("mtval", 0x343, -1), ("mtinst", 0x34a, -1),
        ("mtval2", 0x34b, -1), ("mhartid", 0xf14, -1), ("mvendorid", 0xf11, -1),
        ("marchid", 0xf12, -1), ("mimpid", 0xf13, -1), ("mconfigptr", 0xf15, -1),
        ("mseccfg", 0x747, -1), ("pmpcfg0", 0x3a0, -1)] + \
       [("pmpaddr%d" % i, 0x3b0 + i, -1) for i in range(8)] + \
       [("sstatus", 0x100, -1), ("sie", 0x104, -1), ("sip", 0x144, -1),
        ("stvec", 0x105, -1), ("scounteren", 0x106, -1), ("senvcfg", 0x10a, -1),
        ("sscratch", 0x140, -1), ("sepc", 0x141, ~1), ("scause", 0x142, -1),
        ("stval", 0x143, -1), ("satp", 0x180, -1), ("stimecmp", 0x14d, -1)]

# CSRs an S/U-mode snippet may write (never stvec/sscratch: the S handler
# needs them; satp only when TVM=1 or from U).
LOWER_WRITABLE = [0x141, 0x142, 0x143, 0x106, 0x10a, 0x104, 0x144, 0x100]
LOWER_READ = [0x100, 0x104, 0x105, 0x106, 0x10a, 0x140, 0x141, 0x142, 0x143,
              0x144, 0x180, 0x14d, 0xc00, 0xc01, 0xc02, 0xc03, 0x300, 0x305,
              0x341, 0x3a0, 0x600, 0x200, 0x001, 0xf14, 0x015]

# ------------------------------------------------------------- memory
SCRATCH = 0x80400000          # PMP probe area: stores below DATA_END,
DATA_END = 0x80408000         # fetches (words holding `ret`) above
PROBE_END = 0x80410000
VPAGES_PA = 0x80410000        # 8 pages mapped at VA 0x40000000 by satp steps
PT_ROOT = 0x80420000
PT_L1 = 0x80421000
PT_L0 = 0x80422000
VA_BASE = 0x40000000
RET = 0x00008067              # jalr x0, 0(ra)

BOUNDARY = [0, 1, 2, 0x8, 0x80, 0x7ff, 0x800, 0xfff, 0x7fffffff, 0x80000000,
            0xffffffff, 0x100000000, 0x7fffffffffffffff, 0x8000000000000000,
            0xffffffffffffffff, 0xfffffffffffffffe, 0xaaaaaaaaaaaaaaaa,
            0x5555555555555555, 0x00000000000ff0ff]


def rval(r):
    c = r.random()
    if c < 0.4:
        return r.choice(BOUNDARY)
    if c < 0.6:
        return 1 << r.randrange(64)
    if c < 0.8:
        return r.getrandbits(64) & r.getrandbits(64)
    return r.getrandbits(64)


def hx(v):
    return "0x%xUL" % (v & 0xffffffffffffffff)


# -------------------------------------------------- SYSTEM encodings
def sys_word(f3, rd, rs1, imm):
    return ((imm & 0xfff) << 20) | ((rs1 & 31) << 15) | ((f3 & 7) << 12) | ((rd & 31) << 7) | 0x73


# Encodings a step must never execute: valid mret/sret (jump), wfi (may
# sleep for ever), the H loads/stores (access an arbitrary address).
def sys_forbidden(w):
    f3 = (w >> 12) & 7
    if f3 not in (0, 4):
        return True
    if w in (0x30200073, 0x10200073, 0x10500073):
        return True
    if f3 == 4 and ((w >> 25) & 0x7f) in range(0x30, 0x38):
        return True
    return False


def rand_illegal(r):
    known = [0x00000073, 0x00100073, 0x10200073, 0x30200073, 0x10500073,
             0x7b200073, 0x00200073, 0x70200073, 0x12000073, 0x16000073,
             0x18000073, 0x18100073, 0x22000073, 0x62000073, 0x26000073,
             0x66000073, 0x00004073, 0x60004073, 0x6c004073]
    while True:
        c = r.random()
        w = r.choice(known)
        if c < 0.4:
            w ^= 1 << r.choice([7, 8, 9, 10, 11, 15, 16, 17, 18, 19] + list(range(20, 32)))
        elif c < 0.6:
            w = sys_word(r.choice([0, 4]), r.randrange(32), r.randrange(32), r.getrandbits(12))
        elif c < 0.7:
            w = sys_word(r.choice([0, 4]), 0, 0, r.getrandbits(12))
        if not sys_forbidden(w):
            return w


# ------------------------------------------------------------ steps
class Gen:
    """Generates the steps of one case; one random stream per step."""

    def __init__(self, seed, case, nsteps):
        self.seed, self.case = seed, case
        r = random.Random("%d/%d" % (seed, case))
        self.nsteps = nsteps if nsteps else r.randint(6, 16)
        kinds = [k for k, w in KINDS for _ in range(w)]
        self.steps = []
        for i in range(self.nsteps):
            sr = random.Random("%d/%d/%d" % (seed, case, i))
            kind = sr.choice(kinds)
            self.steps.append((kind, getattr(self, "step_" + kind)(sr, i)))

    # Each step returns (C code of the step function body, C of lower fns,
    # whether mstatus.MPRV after it is a QEMU quirk).

    def csr_op(self, r, i, csr, quirk_ok=True):
        form = r.choice(["csrrw", "csrrs", "csrrc", "csrrwi", "csrrsi", "csrrci"])
        rd_x0 = r.random() < 0.2
        rs_x0 = r.random() < 0.2
        val = rval(r)
        imm = form.endswith("i")
        uimm = r.choice([0, 1, 8, 31, r.randrange(32)])
        if csr == 0x3a0:        # never set a lock bit at random (M would lose itself)
            val &= ~0x8080808080808080
            if form == "csrrsi":
                uimm &= 0x7f
        restore = csr not in ACCUMULATE
        rd = "x0" if rd_x0 else "%[r]"
        if imm:
            src = str(uimm)
        else:
            src = "x0" if rs_x0 else "%[w]"
        desc = "%s %s,0x%03x,%s" % (form, "x0" if rd_x0 else "rd", csr, src.replace("%[w]", "rs"))
        quirk = (form in ("csrrs", "csrrc") and not rs_x0 and val == 0)
        lines = []
        lines.append("\tulong s = 0, rv = 0x5a5aUL, a = 0x5a5aUL, pc, w = %s;" % hx(val))
        asm = ['".option push\\n.option norvc\\n"']
        if restore:
            asm.append('"csrr %%[s], 0x%03x\\n"' % csr)
        asm.append('"la %[pc], 1f\\n"')
        asm.append('"1: %s %s, 0x%03x, %s\\n"' % (form, rd, csr, src))
        asm.append('"csrr %%[a], 0x%03x\\n"' % csr)
        if restore:
            asm.append('"csrw 0x%03x, %%[s]\\n"' % csr)
        asm.append('".option pop"')
        lines.append("\t__asm__ volatile(" + "\n\t\t".join(asm) +
                     "\n\t\t: [s] \"+&r\"(s), [r] \"+&r\"(rv), [a] \"+&r\"(a), [pc] \"=&r\"(pc)"
                     "\n\t\t: [w] \"r\"(w) : \"memory\");")
        lines.append("\tpc_op = pc;")
        pr = csr in PRINTABLE
        m0 = "~1UL" if csr in EPC_CSRS else "~0UL"
        # QEMU 7.2 takes csrrs/csrrc with a register holding 0 as a read
        # (value-based), the spec as a write (encoding-based, Zicsr §9.1):
        # on a read-only CSR only cordon traps. The whole line is a quirk.
        if quirk:
            lines.append("\tputc_uart('\\n'); quirk();")
        lines.append('\tputs_raw("%s");' % desc)
        if pr:
            lines.append("\tif (mn == 0 || mlog[0].epc != pc) {")
            if not rd_x0:
                lines.append("\t\tpv(\"rd\", rv & %s);" % m0)
            lines.append("\t\tpv(\"after\", a & %s);" % m0)
            lines.append("\t}")
        lines.append("\tputc_uart('\\n');")
        if csr in EPC_CSRS and pr:
            lines.append('\tquirk(); pv("epc-bit0", (rv & 1) | ((a & 1) << 1)); putc_uart(\'\\n\');')
        return lines, quirk

    def step_csr(self, r, i):
        c = r.random()
        if c < 0.6:
            csr = r.choice(KNOWN)
        elif c < 0.75:
            csr = r.choice([0x300, 0x304, 0x344, 0x302, 0x303, 0x100, 0x104, 0x144,
                            0x180, 0x3a0, 0x3b0, 0x3b7, 0x305, 0x30a, 0x306, 0x320])
        else:
            csr = r.randrange(0x1000)
        while csr in EXCLUDED:
            csr = r.randrange(0x1000)
        lines = []
        n = r.choice([1, 1, 2, 3])
        quirk = False
        for _ in range(n):
            l, q = self.csr_op(r, i, csr)
            lines += ["\t{"] + ["\t" + x for x in l] + ["\t}"]
            quirk |= q
            if r.random() < 0.5:
                csr = r.choice(KNOWN)
                while csr in EXCLUDED:
                    csr = r.choice(KNOWN)
        return dict(body=lines, lower=[], mprv_quirk=False, trap_quirk=quirk)

    # ---- lower-mode snippets
    def lower_ops(self, r, i, mode, st, count, extra=None):
        """C statements for a function run in S/U-mode. st: the mstatus bits
        chosen (dict). Returns list of lines."""
        out = []
        cur = mode             # None once an sret may have changed the mode
        for k in range(count):
            kinds = ["csrr", "csrr", "csrw", "sfence", "ecall", "ebreak", "illegal",
                     "sret", "wfi", "load", "store", "fetch"]
            if extra:
                kinds += extra
            op = r.choice(kinds)
            if op == "csrr":
                c = r.choice(LOWER_READ)
                out.append(lcsr("csrr %%[v], 0x%03x" % c, k, c in PRINTABLE))
            elif op == "csrw":
                cands = list(LOWER_WRITABLE)
                if st.get("TVM") or cur == 0:
                    cands.append(0x180)
                c = r.choice(cands)
                v = rval(r)
                if c == 0x104 or c == 0x100:
                    v &= ~0x2     # no SIE/SSIE at random inside a snippet
                if c == 0x100:
                    # UXL/UBE: U-mode code is RV64 little-endian.
                    v &= ~((3 << 32) | (1 << 6))
                out.append(lasm('"li t0, %s\\n" "csrw 0x%03x, t0"' % (hx(v)[:-2], c), k))
            elif op == "sfence":
                out.append(lasm('"sfence.vma"', k))
            elif op == "ecall":
                out.append(lasm('"li a7, 0\\n" "ecall"', k, clob='"a7"'))
            elif op == "ebreak":
                out.append(lasm('"ebreak"', k))
            elif op == "illegal":
                out.append(lasm('".word 0x%08x"' % rand_illegal(r), k))
            elif op == "sret":
                out.append(lasm('"la t0, 2f\\n" "csrw sepc, t0\\n" "sret\\n" "2:"', k))
                if not st.get("TSR"):
                    cur = None
            elif op == "wfi":
                # S-mode wfi with TW=0 would sleep; U-mode wfi is illegal.
                if st.get("TW") or cur == 0:
                    out.append(lasm('"wfi"', k))
            elif op == "load":
                a = probe_addr(r, False)
                ins = r.choice(["ld", "lw", "lbu", "lhu", "lwu"])
                out.append(lload(ins, a, k))
            elif op == "store":
                a = probe_addr(r, True)
                ins = r.choice(["sd", "sw", "sb", "amoadd.w"])
                out.append(lstore(ins, a, k, r.getrandbits(32)))
            elif op == "fetch":
                out.append(lfetch(probe_addr(r, False, fetch=True), k))
        return out

    def mstatus_bits(self, r, allow_mprv=True):
        st = {}
        bits = 0
        for name, bit in [("MPIE", 7), ("MXR", 19), ("SUM", 18), ("TVM", 20), ("TW", 21),
                          ("TSR", 22), ("SPIE", 5), ("SIE", 1), ("SPP", 8)]:
            if r.random() < 0.4:
                st[name] = 1
                bits |= 1 << bit
        if allow_mprv and r.random() < 0.3:
            st["MPRV"] = 1
            bits |= MSTATUS_MPRV
        return st, bits

    def xret_common(self, r, i, extra_ops=None, nops=None, pre=None, st_force=None):
        mode = r.choice([0, 1])
        via = r.choice(["lower_call", "lower_call_sret"])
        st, bits = self.mstatus_bits(r)
        if st_force:
            st.update(st_force)
        mask = (1 << 7) | (1 << 19) | (1 << 18) | (1 << 20) | (1 << 21) | (1 << 22) | \
            (1 << 5) | (1 << 1) | (1 << 8) | MSTATUS_MPRV
        fn = "lf%d" % i
        ops = self.lower_ops(r, i, mode, st, nops if nops else r.randint(1, 5), extra_ops)
        lower = ["static long %s(long arg)" % fn, "{", "\t(void)arg;"] + ops + ["\treturn 0;", "}"]
        body = list(pre or [])
        if st.get("TSR"):
            # The S handler returns with sret, illegal with TSR=1: no
            # trap may go to S-mode then.
            body.append("\tcsr_write(medeleg, 0);")
            body.append("\tcsr_write(mideleg, 0);")
        body.append("\tcsr_clear(mstatus, %s);" % hx(mask))
        body.append("\tcsr_set(mstatus, %s);" % hx(bits))
        body.append('\tputs_raw("%s mode=%d mstatus-bits=%s"); putc_uart(\'\\n\');' % (
            via, mode, hx(bits)[:-2]))
        body.append("\t%s(%d, %s, 0);" % (via, mode, fn))
        body.append("\tpv(\"back\", lower_return_cause); pvals(%d); putc_uart('\\n');" % 8)
        return dict(body=body, lower=lower, mprv_quirk=True, trap_quirk=False)

    def step_xret(self, r, i):
        return self.xret_common(r, i)

    def step_deleg(self, r, i):
        med = 0
        for b in [0, 1, 2, 3, 4, 5, 6, 7, 8, 12, 13, 15]:
            if r.random() < 0.5:
                med |= 1 << b
        mid = 0
        for b in [1, 5, 9]:
            if r.random() < 0.5:
                mid |= 1 << b
        pre = ["\tcsr_write(medeleg, %s);" % hx(med), "\tcsr_write(mideleg, %s);" % hx(mid)]
        return self.xret_common(r, i, extra_ops=["ecall", "ebreak", "illegal", "load", "fetch"], pre=pre)

    def step_mret_m(self, r, i):
        st, bits = self.mstatus_bits(r)
        body = ["\tcsr_clear(mstatus, %s);" % hx((1 << 7) | MSTATUS_MPRV | (3 << 11)),
                "\tcsr_set(mstatus, %s);" % hx((bits & ((1 << 7) | MSTATUS_MPRV)) | (3 << 11)),
                '\t__asm__ volatile(".option push\\n.option norvc\\n" "la t0, 1f\\n" "csrw mepc, t0\\n" '
                '"mret\\n" "1:\\n" ".option pop" ::: "t0", "memory");',
                '\tputs_raw("mret to M bits=%s"); putc_uart(\'\\n\');' % (hx(bits)[:-2])]
        return dict(body=body, lower=[], mprv_quirk=False, trap_quirk=False)

    def step_ecall(self, r, i):
        body = []
        for _ in range(r.randint(1, 3)):
            ins = r.choice(['"ecall"', '"ebreak"', '".option rvc\\n" "c.ebreak"', '".word 0x00100073"'])
            body.append(masm(ins))
        body.append('\tputs_raw("ecall/ebreak"); putc_uart(\'\\n\');')
        return dict(body=body, lower=[], mprv_quirk=False, trap_quirk=False)

    def step_illegal(self, r, i):
        body = []
        for _ in range(r.randint(1, 4)):
            body.append(masm('".word 0x%08x"' % rand_illegal(r)))
        body.append('\tputs_raw("system encodings"); putc_uart(\'\\n\');')
        if r.random() < 0.5:
            return self.xret_common(r, i, extra_ops=["illegal", "illegal"], pre=body)
        return dict(body=body, lower=[], mprv_quirk=False, trap_quirk=False)

    def step_pmp(self, r, i):
        body = []
        n = r.randint(1, 7)
        entries = r.sample(range(7), n)
        cfg_desc = []
        for e in sorted(entries):
            mode = r.choice(["NAPOT", "NAPOT", "NA4", "TOR", "OFF"])
            if mode == "TOR" and e == 0:
                mode = "NAPOT"
            perm = r.randrange(8)
            lock = r.random() < 0.08
            if mode == "NAPOT":
                size = 1 << r.randint(3, 14)
                base = SCRATCH + r.randrange(0, PROBE_END - SCRATCH, size)
                addr = (base >> 2) | ((size >> 3) - 1)
            else:
                addr = (SCRATCH + r.randrange(0, PROBE_END - SCRATCH, 4)) >> 2
                if r.random() < 0.4:
                    addr &= ~0xff
            cfgb = {"OFF": 0, "TOR": 0x08, "NA4": 0x10, "NAPOT": 0x18}[mode] | perm | (0x80 if lock else 0)
            body.append("\tcsr_write(pmpaddr%d, %s);" % (e, hx(addr)))
            body.append("\tpmpcfg0_set(%d, 0x%02x);" % (e, cfgb))
            cfg_desc.append("%d:%02x" % (e, cfgb))
        body.append('\tputs_raw("pmp %s"); putc_uart(\'\\n\');' % " ".join(cfg_desc))
        # M-mode probes, plain and with MPRV
        for _ in range(r.randint(1, 4)):
            body += mprobe(r)
        lowers = []
        res = dict(body=body, lower=[], mprv_quirk=False, trap_quirk=False)
        if r.random() < 0.8:
            x = self.xret_common(r, i, extra_ops=["load", "store", "fetch", "load", "store", "fetch"],
                                 nops=r.randint(2, 6), pre=body)
            return x
        res["lower"] = lowers
        return res

    def step_irq(self, r, i):
        mid = sum(1 << b for b in [1, 5, 9] if r.random() < 0.5)
        mie = sum(1 << b for b in [1, 3, 5, 7, 9, 11] if r.random() < 0.5)
        mip = sum(1 << b for b in [1, 5, 9] if r.random() < 0.5)
        msip = 1 if r.random() < 0.4 else 0
        pend = (mip | (msip << 3)) & mie
        where = r.choice(["M", "lower", "lower"])
        body = ["\tcsr_write(mideleg, %s);" % hx(mid),
                "\tcsr_write(mie, %s);" % hx(mie),
                "\tcsr_set(mip, %s);" % hx(mip),
                "\tclint_set_msip(%d);" % msip,
                '\tputs_raw("irq mideleg=%x mie=%x mip=%x msip=%d in %s"); putc_uart(\'\\n\');' % (
                    mid, mie, mip, msip, where)]
        # QEMU 7.2 takes pending interrupts lowest cause first, not in the
        # §3.1.9 order: with two or more candidates the order is a quirk.
        quirk = bin(pend).count("1") > 1
        if where == "M":
            body.append(masm('"csrsi mstatus, 8\\n" "nop\\n" "nop\\n" "csrci mstatus, 8"'))
            return dict(body=body, lower=[], mprv_quirk=False, trap_quirk=quirk)
        x = self.xret_common(r, i, extra_ops=["wfi"], nops=r.randint(1, 3), pre=body)
        x["trap_quirk"] = quirk
        return x

    def step_wfi(self, r, i):
        bit = r.choice([1, 3, 5, 9])
        body = ["\tcsr_write(mie, %s);" % hx(1 << bit)]
        if bit == 3:
            body.append("\tclint_set_msip(1);")
        else:
            body.append("\tcsr_set(mip, %s);" % hx(1 << bit))
        body.append(masm('"wfi"'))
        body.append('\tputs_raw("wfi pending=%d"); putc_uart(\'\\n\');' % bit)
        return dict(body=body, lower=[], mprv_quirk=False, trap_quirk=False)

    def step_satp(self, r, i):
        body = []
        ptes = []
        for k in range(8):
            pa = VPAGES_PA + k * 0x1000
            bits = 1 if r.random() < 0.9 else 0          # V
            c = r.random()
            if c < 0.6:
                bits |= r.choice([0x2, 0x6, 0xa, 0xe, 0x8])  # R, RW, RX, RWX, X
            elif c < 0.7:
                bits |= 0x4                                 # W only: reserved
            bits |= r.choice([0, 0x10]) | r.choice([0, 0x40]) | r.choice([0, 0x80]) | r.choice([0, 0x20])
            ptes.append((pa >> 12) << 10 | bits)
        for k, p in enumerate(ptes):
            body.append("\t*(volatile ulong *)%s = %s;" % (hx(PT_L0 + 8 * k), hx(p)))
        asid = r.choice([0, 1, 0xffff, r.getrandbits(16)])
        satp = (8 << 60) | (asid << 44) | (PT_ROOT >> 12)
        body.append("\tcsr_write(satp, %s);" % hx(satp))
        body.append("\tsfence_vma();")
        body.append('\tputs_raw("satp sv39 ptes %s"); putc_uart(\'\\n\');' %
                    " ".join("%x" % (p & 0x3ff) for p in ptes))
        for _ in range(r.randint(1, 4)):
            body += mprobe(r, va=True)
        if r.random() < 0.7:
            st, bits = self.mstatus_bits(r, allow_mprv=False)
            # No TSR: the S handler returns with sret (see xret_common).
            mask = (1 << 19) | (1 << 18) | (1 << 20) | (1 << 21) | MSTATUS_MPRV
            bits &= mask
            ops = []
            for k in range(r.randint(1, 5)):
                op = r.choice(["load", "store", "fetch", "csrr"])
                page = r.randrange(8)
                va = VA_BASE + page * 0x1000
                # QEMU 7.2 quirk: natively S-mode executed from a U page with
                # SUM=1 after loading from it (a fetch from a U page must
                # fault in S-mode whatever SUM says: Priv §4.3.1); under
                # cordon it faults, a trap in between having flushed QEMU's
                # TLB (seemingly an entry filled by the load with execute
                # permission). Seed 2 case 2024. No such fetch.
                if op == "fetch" and (bits & (1 << 18)) and (ptes[page] & 0x10):
                    op = "csrr"
                    va += 0x800 + r.randrange(0, 0x800, 4)  # the same draws
                if op == "load":
                    ops.append(lload(r.choice(["ld", "lw", "lbu"]), va + r.randrange(0, 0x800, 8), k))
                elif op == "store":
                    ops.append(lstore(r.choice(["sd", "sw", "sb"]), va + r.randrange(0, 0x800, 8), k,
                                      r.getrandbits(32)))
                elif op == "fetch":
                    ops.append(lfetch(va + 0x800 + r.randrange(0, 0x800, 4), k))
                else:
                    ops.append(lcsr("csrr %[v], satp", k, True))
            fn = "lf%d" % i
            lower = ["static long %s(long arg)" % fn, "{", "\t(void)arg;"] + ops + ["\treturn 0;", "}"]
            body.append("\tcsr_clear(mstatus, %s);" % hx(mask))
            body.append("\tcsr_set(mstatus, %s);" % hx(bits))
            # U-mode code is not mapped (the identity gigapage is U=0): S only.
            body.append("\tlower_call(1, %s, 0);" % fn)
            body.append("\tpv(\"back\", lower_return_cause); pvals(8); putc_uart('\\n');")
        else:
            lower = []
        body.append("\tcsr_write(satp, 0);")
        body.append("\tsfence_vma();")
        body.append('\tputs_raw("ptes");')
        for k in range(8):
            body.append("\tpv(\"\", *(volatile ulong *)%s & 0x3ff);" % hx(PT_L0 + 8 * k))
        body.append("\tputc_uart('\\n');")
        return dict(body=body, lower=lower, mprv_quirk=False, trap_quirk=False)


def probe_addr(r, store, fetch=False):
    if fetch:
        return DATA_END + r.randrange(0, PROBE_END - DATA_END, 4)
    c = r.random()
    top = DATA_END if store else PROBE_END
    if c < 0.3:   # near a 4 KiB, 256 B or 8 B boundary
        b = SCRATCH + r.randrange(0, top - SCRATCH, r.choice([8, 256, 4096]))
        a = b + r.choice([-8, -4, -2, 0, 4])
    else:
        a = SCRATCH + r.randrange(0, top - SCRATCH, r.choice([1, 4, 8]))
    return min(max(a, SCRATCH), top - 8)


def lasm(insn, k, clob=None):
    cl = '"t0", "memory"' + (", " + clob if clob else "")
    return ('\t__asm__ volatile(".option push\\n.option norvc\\n" %s "\\n.option pop" ::: %s);'
            % (insn, cl))


def lcsr(insn, k, printable):
    s = ('\t{ ulong v = 0x5a5aUL; __asm__ volatile(".option push\\n.option norvc\\n" "%s\\n" '
         '".option pop" : [v] "+r"(v) :: "memory"); vals[%d] = %s; }' % (insn, k % 8, "v" if printable else "0"))
    return s


def lload(ins, a, k):
    return ('\t{ ulong v = 0x5a5aUL; __asm__ volatile(".option push\\n.option norvc\\n" "%s %%0, 0(%%1)\\n" '
            '".option pop" : "+r"(v) : "r"(%s) : "memory"); vals[%d] = v; }' % (ins, hx(a), k % 8))


def lstore(ins, a, k, v):
    if ins.startswith("amo"):
        return ('\t{ ulong v = %s; __asm__ volatile(".option push\\n.option norvc\\n" "%s %%0, %%0, (%%1)\\n" '
                '".option pop" : "+r"(v) : "r"(%s) : "memory"); vals[%d] = v; }' %
                (hx(v), ins, hx(a & ~3), k % 8))
    return ('\t__asm__ volatile(".option push\\n.option norvc\\n" "%s %%0, 0(%%1)\\n" ".option pop" '
            ':: "r"(%s), "r"(%s) : "memory");' % (ins, hx(v), hx(a)))


def lfetch(a, k):
    return ('\t__asm__ volatile(".option push\\n.option norvc\\n" "jalr ra, 0(%%0)\\n" ".option pop" '
            ':: "r"(%s) : "ra", "memory");' % hx(a))


def masm(insn):
    return ('\t__asm__ volatile(".option push\\n.option norvc\\n" %s "\\n.option pop" ::: "t0", "memory");'
            % insn)


def mprobe(r, va=False):
    """An M-mode probe: plain, or with MPRV (MPP = S or U, SUM/MXR)."""
    out = []
    if va:
        base = VA_BASE + r.randrange(8) * 0x1000
        st = r.random() < 0.5
        a = base + r.randrange(0, 0x800, 8)
        mprv = True
    else:
        st = r.random() < 0.5
        a = probe_addr(r, st, fetch=(not st and r.random() < 0.2))
        mprv = r.random() < 0.5
    if not mprv:
        if st:
            out.append(lstore(r.choice(["sd", "sw", "sb", "amoadd.w"]), a, 0, r.getrandbits(32)))
        elif a >= DATA_END and r.random() < 0.5:
            out.append(lfetch(a, 0))
        else:
            out.append(lload(r.choice(["ld", "lw", "lbu"]), a, 0))
        out.append('\tputs_raw("M probe %x"); pvals(1); putc_uart(\'\\n\');' % (a & 0xffffffff))
        return out
    mode = r.choice([0, 1])
    bits = (mode << 11) | r.choice([0, 1 << 18]) | r.choice([0, 1 << 19])
    if st:
        f = r.choice(["mprv_sd", "mprv_sw", "mprv_sb"])
        out.append("\t%s(%s, %s, %s);" % (f, hx(a), hx(r.getrandbits(32)), hx(bits)))
        out.append('\tputs_raw("%s %x bits=%x"); putc_uart(\'\\n\');' % (f, a, bits))
    else:
        f = r.choice(["mprv_ld", "mprv_lw", "mprv_lbu"])
        out.append("\tvals[0] = %s(%s, %s);" % (f, hx(a), hx(bits)))
        out.append('\tputs_raw("%s %x bits=%x"); pvals(1); putc_uart(\'\\n\');' % (f, a, bits))
    return out


# --------------------------------------------------------------- file
HARNESS = r'''
extern char trap_entry[], trap_stack_top[];

#define NLOG 8
struct tl {
	ulong cause, epc, tval, prv;
};
static volatile struct tl mlog[NLOG], slog[NLOG];
static volatile unsigned mn, sn;
static volatile ulong vals[8];
static volatile ulong pc_op;

static void pv(const char *n, ulong v);

static void log_trap(volatile struct tl *l, unsigned i, const struct trap_frame *f, ulong prv)
{
	if (i < NLOG) {
		l[i].cause = f->cause;
		l[i].epc = f->epc;
		l[i].tval = f->tval;
		l[i].prv = prv;
	}
}

/* Every M trap: logged, then skipped (interrupts: mie cleared). */
static int m_hook(struct trap_frame *f)
{
	unsigned i = mn++;

	log_trap(mlog, i, f, (f->status >> 11) & 3);
	if (i > 64) {
		puts_raw("trap storm");
		pv("cause", f->cause);
		pv("epc", f->epc);
		pv("tval", f->tval);
		putc_uart('\n');
		exit(4);
	}
	if (f->cause & CAUSE_INTR)
		csr_write(mie, 0);
	else
		skip_trapped_insn(f);
	return 1;
}

static int s_hook(struct trap_frame *f)
{
	unsigned i = sn++;

	log_trap(slog, i, f, (f->status >> 8) & 1);
	if (i > 64)
		exit(4);
	if (f->cause & CAUSE_INTR)
		csr_write(sie, 0);
	else
		skip_trapped_insn(f);
	return 1;
}

static void pv(const char *n, ulong v)
{
	putc_uart(' ');
	puts_raw(n);
	putc_uart('=');
	print_hex(v);
}

static __attribute__((unused)) void pvals(int n)
{
	for (int i = 0; i < n; i++)
		pv("v", vals[i]);
}

static void plog(const char *tag, volatile struct tl *l, unsigned n)
{
	puts_raw(tag);
	print_dec(n);
	for (unsigned i = 0; i < n && i < NLOG; i++) {
		putc_uart(' ');
		print_hex(l[i].cause);
		putc_uart('@');
		print_hex(l[i].epc);
		putc_uart(':');
		print_hex(l[i].tval);
		putc_uart('/');
		print_dec(l[i].prv);
	}
	putc_uart('\n');
}

/* The state every step starts from (PMP: locked entries stay). */
static void sanitize(void)
{
	csr_clear(mstatus, MSTATUS_MPRV | MSTATUS_MIE);
	csr_write(mtvec, (ulong)trap_entry);
	csr_write(mscratch, (ulong)trap_stack_top);
	csr_write(satp, 0);
	csr_write(mie, 0);
	csr_clear(mip, MIP_SSIP | MIP_STIP | MIP_SEIP);
	clint_set_msip(0);
	csr_clear(medeleg, 1UL << CAUSE_ECALL_S);
	csr_write(pmpaddr7, ~0UL);
	csr_write(pmpcfg0, 0x1fUL << 56);
	sfence_vma();
	s_trap_install();
	m_trap_hook = m_hook;
	s_trap_hook = s_hook;
	for (int i = 0; i < 8; i++)
		vals[i] = 0x5a5aUL;
	mn = 0;
	sn = 0;
	trap_begin();
}

/*
 * One CSR of the dump ("-": the read trapped). With q set (a step whose
 * interrupt order is a QEMU quirk) the trap CSRs and mip/sip print as "q"
 * and go to a "quirk: " line of their own.
 */
#define DUMPCSR(name, csr, mask, q) do { ulong __v = 0; unsigned __n = mn; \
	__asm__ volatile("csrr %0, " #csr : "+r"(__v) :: "memory"); \
	puts_raw(" " name "="); \
	if (mn != __n) { mn = __n; puts_raw("-"); } \
	else if (q) puts_raw("q"); \
	else print_hex(__v & (mask)); } while (0)

static void finish(int step, int mprv_quirk, int trap_quirk)
{
	ulong ms = csr_read(mstatus);

	csr_clear(mstatus, MSTATUS_MPRV);
	trap_end();
	if (trap_quirk)
		quirk();
	plog("mtraps ", mlog, mn);
	if (trap_quirk)
		quirk();
	plog("straps ", slog, sn);
	if (mprv_quirk)
		quirk();
	puts_raw("mprv=");
	print_dec((ms >> 17) & 1);
	putc_uart('\n');
	puts_raw("D");
	print_dec((ulong)step);
	mn = 0;
@DUMP@
	putc_uart('\n');
	if (!trap_quirk)
		return;
	quirk();
	puts_raw("Dq");
@DUMPQ@
	putc_uart('\n');
}
'''


QCSRS = {"mip", "mepc", "mcause", "mtval", "sip", "sepc", "scause", "stval", "mtinst", "mtval2"}


def dump_code(quirk_part=False):
    out = []
    for name, num, mask in DUMP:
        m = "~0UL" if mask == -1 else "%s" % hx(mask)
        if quirk_part:
            if name in QCSRS:
                out.append("\tDUMPCSR(\"%s\", 0x%03x, %s, 0);" % (name, num, m))
            continue
        if name == "mstatus":
            out.append("\tputs_raw(\" mstatus=\"); print_hex(ms & %s);" % m)
            continue
        out.append("\tDUMPCSR(\"%s\", 0x%03x, %s, %s);" % (name, num, m, "trap_quirk" if name in QCSRS else "0"))
    return "\n".join(out)


def emit(seed, case, nsteps=0, keep=None, name=None):
    g = Gen(seed, case, nsteps)
    name = name or "rand_%d_%d" % (seed, case)
    idx = list(range(g.nsteps)) if keep is None else sorted(keep)
    o = []
    o.append("// SPDX-License-Identifier: BSD-2-Clause")
    o.append("/*")
    o.append(" * Test firmware generated by tools/difftest-gen.py (seed %d, case %d%s):" %
             (seed, case, ", steps " + ",".join(map(str, idx)) if keep is not None else ""))
    o.append(" * random privileged operations, each followed by the traps it took and")
    o.append(" * a dump of every readable M/S CSR (docs/testing.md, random differential")
    o.append(" * testing). Do not edit: regenerate.")
    o.append(" */")
    o.append("/* steps: %d */" % len(idx))
    o.append('#include "test.h"')
    o.append(HARNESS.replace("@DUMP@", dump_code()).replace("@DUMPQ@", dump_code(True)))
    for i in idx:
        kind, s = g.steps[i]
        if s["lower"]:
            o += s["lower"]
            o.append("")
    for i in idx:
        kind, s = g.steps[i]
        o.append("static void step%d(void)" % i)
        o.append("{")
        o.append("\tsanitize();")
        o.append('\tputs_raw("S%d %s: ");' % (i, kind))
        o += s["body"]
        o.append("\tfinish(%d, %d, %d);" % (i, 1 if s["mprv_quirk"] else 0, 1 if s["trap_quirk"] else 0))
        o.append("}")
        o.append("")
    o.append("int main(void);")
    o.append("int main(void)")
    o.append("{")
    o.append('\ttest_begin("%s");' % name)
    o.append("\tcsr_write(mstatus, csr_read(mstatus));")
    o.append("\tclint_set_mtimecmp(~0UL);")
    for e in range(7):
        o.append("\tcsr_write(pmpaddr%d, %s);" % (e, hx(SCRATCH >> 2)))
    o.append("\tfor (ulong a = %s; a < %s; a += 4)" % (hx(SCRATCH), hx(PT_ROOT)))
    o.append("\t\t*(volatile uint32_t *)a = a < %s ? (uint32_t)a : %s;" % (hx(DATA_END), hx(RET)))
    o.append("\tfor (ulong a = %s; a < %s; a += 8)" % (hx(PT_ROOT), hx(PT_L0 + 0x1000)))
    o.append("\t\t*(volatile ulong *)a = 0;")
    # root[2]: identity gigapage at 0x80000000 (S, RWX, A, D); root[1] -> L1 -> L0
    o.append("\t*(volatile ulong *)%s = %s;" % (hx(PT_ROOT + 8 * 2), hx(((0x80000000 >> 12) << 10) | 0xcf)))
    o.append("\t*(volatile ulong *)%s = %s;" % (hx(PT_ROOT + 8 * 1), hx(((PT_L1 >> 12) << 10) | 1)))
    o.append("\t*(volatile ulong *)%s = %s;" % (hx(PT_L1), hx(((PT_L0 >> 12) << 10) | 1)))
    o.append("\tfence_i();")
    for i in idx:
        o.append("\tstep%d();" % i)
    o.append("\ttest_end();")
    o.append("}")
    return "\n".join(o) + "\n", len(idx)


def ddmin(items, fails):
    """Delta debugging: a 1-minimal subset of items for which fails() holds."""
    n = 2
    while len(items) >= 2:
        chunk = max(1, len(items) // n)
        subsets = [items[i:i + chunk] for i in range(0, len(items), chunk)]
        reduced = False
        for s in subsets:
            comp = [x for x in items if x not in s]
            if comp and fails(comp):
                items, n, reduced = comp, max(n - 1, 2), True
                break
        if not reduced:
            for s in subsets:
                if len(s) < len(items) and fails(s):
                    items, n, reduced = s, 2, True
                    break
        if not reduced:
            if n >= len(items):
                break
            n = min(len(items), n * 2)
    return items


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("cmd", choices=["gen", "one", "shrink"])
    ap.add_argument("--seed", type=int, required=True)
    ap.add_argument("--first", type=int, default=0)
    ap.add_argument("--count", type=int, default=1)
    ap.add_argument("--case", type=int, default=0)
    ap.add_argument("--steps-per-case", type=int, default=0)
    ap.add_argument("--keep", default=None)
    ap.add_argument("--name", default=None)
    ap.add_argument("--check", default=None)
    ap.add_argument("--out", default=".")
    ap.add_argument("-o", dest="output", default=None)
    a = ap.parse_args()
    if a.cmd == "gen":
        os.makedirs(a.out, exist_ok=True)
        for c in range(a.first, a.first + a.count):
            text, n = emit(a.seed, c, a.steps_per_case)
            with open(os.path.join(a.out, "rand_%d_%d.c" % (a.seed, c)), "w") as f:
                f.write(text)
        return 0
    if a.cmd == "one":
        keep = [int(x) for x in a.keep.split(",")] if a.keep else None
        text, n = emit(a.seed, a.case, a.steps_per_case, keep, a.name)
        with open(a.output, "w") as f:
            f.write(text)
        return 0
    # shrink: the check command gets a file holding a subset of the steps
    g = Gen(a.seed, a.case, a.steps_per_case)
    name = a.name or "rand_%d_%d" % (a.seed, a.case)
    tries = [0]

    def fails(sub):
        tries[0] += 1
        text, _ = emit(a.seed, a.case, a.steps_per_case, sub, name)
        with open(a.output, "w") as f:
            f.write(text)
        rc = subprocess.call(a.check.split() + [a.output])
        return rc == 1

    allsteps = list(range(g.nsteps))
    if not fails(allsteps):
        print("shrink: seed %d case %d does not diverge" % (a.seed, a.case), file=sys.stderr)
        return 2
    m = ddmin(allsteps, fails)
    text, _ = emit(a.seed, a.case, a.steps_per_case, m, name)
    with open(a.output, "w") as f:
        f.write(text)
    print("shrink: seed %d case %d: %d of %d steps (%s), %d runs" %
          (a.seed, a.case, len(m), g.nsteps, ",".join(map(str, m)), tries[0]), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
