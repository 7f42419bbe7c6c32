#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""cordon's trusted base, file by file, and the evidence that covers each file.

Everything here is computed from the tree, never written by hand, so that
docs/tcb.md cannot drift from the code:
  - the files: the sources the Makefile links into cordon.elf (SRCS, ASM_SRCS),
    the headers they include (gcc -MM), the linker script;
  - lines: non-blank lines that are not only comments (C and assembly);
  - what it is for: the first sentence of the file's header comment;
  - unit tests and fuzz harnesses: the host objects are compiled and their
    symbols read (nm): a test or harness covers a .c file when the file is
    linked into it (mk/test.mk UNIT_CORE, mk/fuzz.mk FUZZ_SRCS_*) and some of
    its functions are reachable from the test's own references, file by file
    through the linked files' references (a file-level call graph); a header
    is covered when the test's compilation includes it;
  - proofs: the source files tests/proofs/run.sh gives Frama-C.
Every linked file also runs in every QEMU suite (difftests, random difftests,
boot, attacks, Linux): that is said once in docs/tcb.md, not per file.

usage: tcb.py --summary          the totals by part (tools/count-tcb.sh)
       tcb.py --update           rewrite the table in docs/tcb.md
       tcb.py --check            fail if docs/tcb.md is not what --update writes
"""
import os
import re
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DOC = os.path.join(ROOT, "docs", "tcb.md")
BEGIN = "<!-- tcb.py: generated from here; edit the code, then make tcb -->"
END = "<!-- tcb.py: end -->"
CACHE = os.environ.get("CACHE") or os.path.join(os.path.expanduser("~"), ".cache", "cordon")
# As the Makefile names it: one suffix per patch of src/lib/libfdt.
LIBFDT = os.path.join(
    CACHE,
    "libfdt-linux-6.1-p%d"
    % len([f for f in os.listdir(os.path.join(ROOT, "src", "lib", "libfdt")) if f.endswith(".patch")]),
)

# Parts of the summary, by path prefix (first match wins).
PARTS = [
    ("core (virtualization, boot)", ("src/core/",)),
    ("policies (offload, protect-os)", ("src/policy/",)),
    ("arch/riscv assembly (entry, trap)", ("src/arch/riscv/", ".S")),
    ("arch/riscv C (hardware access)", ("src/arch/riscv/",)),
    ("platform + drivers", ("src/platform/", "src/drivers/")),
    ("lib (string, log, crc32, sha256)", ("src/lib/",)),
    ("headers (constants, interfaces)", ("src/include/",)),
]


def die(msg):
    sys.stderr.write("tcb.py: %s\n" % msg)
    sys.exit(1)


_VARS = {}


def make_vars(names):
    """The build's own variables, as make expands them (make print-vars)."""
    want = [n for n in names if n not in _VARS]
    if want:
        r = subprocess.run(["make", "-s", "--no-print-directory", "print-vars", "VARS=" + " ".join(want)],
                           cwd=ROOT, capture_output=True, text=True)
        if r.returncode != 0:
            die("make print-vars failed:\n" + r.stderr[-2000:])
        for line in r.stdout.splitlines():
            k, _, v = line.partition("=")
            _VARS[k] = v.split()
    return [_VARS.get(n, []) for n in names]


def words(name):
    return make_vars([name])[0]


def count_lines(path):
    """Non-blank lines once // and /* */ comments are gone (as tools/count-tcb.sh did)."""
    n, incomment = 0, False
    for line in open(os.path.join(ROOT, path), errors="replace"):
        line = line.rstrip("\n")
        if not path.endswith(".ld"):
            line = re.sub(r"//.*$", "", line)
        out = ""
        while True:
            if incomment:
                e = line.find("*/")
                if e < 0:
                    line = ""
                    break
                line, incomment = line[e + 2:], False
            s = line.find("/*")
            if s < 0:
                break
            out += line[:s]
            rest = line[s + 2:]
            e = rest.find("*/")
            if e >= 0:
                line = rest[e + 2:]
            else:
                line, incomment = "", True
        out += line
        if out.strip():
            n += 1
    return n


def purpose(path):
    """The first sentence of the header comment."""
    text = open(os.path.join(ROOT, path), errors="replace").read()
    m = re.search(r"/\*(.*?)\*/", text, re.S)
    if not m:
        return ""
    body = " ".join(l.strip().lstrip("*").strip() for l in m.group(1).splitlines())
    body = re.sub(r"SPDX-License-Identifier:\s*\S+\s*", "", body).strip()
    if not body:  # an SPDX-only block: the next comment
        m2 = re.search(r"/\*(.*?)\*/", text[m.end():], re.S)
        if not m2:
            return ""
        body = " ".join(l.strip().lstrip("*").strip() for l in m2.group(1).splitlines()).strip()
    body = body.split("  ")[0] if "  " in body else body
    sent = ""
    for m in re.finditer(r"(.*?\.)(\s|$)", body):  # whole sentences up to 40 characters or more
        sent += m.group(0)
        if len(sent) >= 40:
            break
    sent = (sent or body).strip()
    if len(sent) > 200:
        sent = sent[:200].rsplit(" ", 1)[0] + " ..."
    return sent.replace("|", "\\|")


def host_flags():
    flags = ["-std=c11", "-O0", "-w", "-Isrc/include", "-Isrc/core", "-Itests/unit", "-Itests/fuzz",
             "-DCORDON_HOST", "-D_DEFAULT_SOURCE", "-DCORDON_SIZE=0x100000UL"]
    if os.path.isdir(LIBFDT):
        flags += ["-isystem", LIBFDT]
    return flags


def compile_obj(src, tmp, extra=()):
    obj = os.path.join(tmp, src.replace("/", "_") + ".o")
    r = subprocess.run(["gcc"] + host_flags() + list(extra) + ["-c", "-o", obj, src], cwd=ROOT,
                       capture_output=True, text=True)
    if r.returncode != 0:
        die("cannot compile %s for the host:\n%s" % (src, r.stderr[-2000:]))
    return obj


def symbols(obj):
    """(defined globals, undefined) of an object."""
    out = subprocess.run(["nm", obj], capture_output=True, text=True, check=True).stdout
    defined, undef = set(), set()
    for line in out.splitlines():
        f = line.split()
        if len(f) == 2 and f[0] == "U":
            undef.add(f[1])
        elif len(f) == 3 and f[1] in "TDBR":
            defined.add(f[2])
    return defined, undef


def headers_of(src, target=False):
    """The src/ headers a file includes: as cordon's build compiles it (target) or the host's."""
    if target:
        cross, cflags = make_vars(["CROSS", "CFLAGS"])
        cmd = [(cross[0] if cross else "") + "gcc"] + [f for f in cflags if f not in ("-MMD", "-MP")] + ["-MG"]
    else:
        cmd = ["gcc"] + host_flags()
    r = subprocess.run(cmd + ["-MM", src], cwd=ROOT, capture_output=True, text=True)
    if r.returncode != 0:
        die("gcc -MM %s failed:\n%s" % (src, r.stderr[-2000:]))
    deps = r.stdout.replace("\\\n", " ").split(":", 1)[1].split()
    deps = {os.path.normpath(d) for d in deps}
    return {d for d in deps if d.startswith("src/") and d.endswith(".h")}


def reach(test_src, linked, tmp, cache):
    """The .c files of `linked` reachable from test_src's references."""
    def syms(src):
        if src not in cache:
            cache[src] = symbols(compile_obj(src, tmp))
        return cache[src]
    _, todo = syms(test_src)
    included = set()
    text = open(os.path.join(ROOT, test_src)).read()
    for inc in re.findall(r'#include "(?:\.\./)*(src/[^"]+\.c)"', text):
        included.add(inc)  # a test that includes a .c (test_string) covers it
    covered, seen = set(included), set()
    for inc in included:
        todo |= syms(inc)[1]
    while todo:
        sym = todo.pop()
        if sym in seen:
            continue
        seen.add(sym)
        for f in linked:
            d, u = syms(f)
            if sym in d and f not in covered:
                covered.add(f)
                todo |= u
    return covered


def linked_files():
    """cordon's files: the sources the build links, the headers they include, the linker script;
    and the files of src/ that are none of those."""
    srcs, asm = make_vars(["SRCS", "ASM_SRCS"])
    for f in srcs + asm:
        if not os.path.isfile(os.path.join(ROOT, f)):
            die("the Makefile links %s, which does not exist" % f)
    headers = set()
    for f in srcs:
        headers |= headers_of(f, target=True)
    files = sorted(srcs + asm) + sorted(headers) + ["src/arch/riscv/link.ld"]
    every = set()
    for d, _, names in os.walk(os.path.join(ROOT, "src")):
        for n in names:
            every.add(os.path.relpath(os.path.join(d, n), ROOT))
    return files, sorted(every - set(files))


def gather():
    files, unused = linked_files()
    tests = {}
    with tempfile.TemporaryDirectory() as tmp:
        cache = {}
        unit_core = words("UNIT_CORE") + ["tests/unit/fake_hw.c"]
        unit = sorted(f for f in os.listdir(os.path.join(ROOT, "tests/unit")) if f.startswith("test_"))
        for t in unit:
            src = "tests/unit/" + t
            name = "unit/" + t[:-2]
            cov = reach(src, unit_core, tmp, cache)
            for f in cov | headers_of(src):
                tests.setdefault(f, []).append(name)
        for h in words("FUZZ_NAMES"):
            src = "tests/fuzz/fuzz_%s.c" % h
            linked = [s for s in words("FUZZ_SRCS_" + h) if s.startswith(("src/", "tests/"))]
            cov = reach(src, linked, tmp, cache)
            for f in cov | headers_of(src):
                tests.setdefault(f, []).append("fuzz/" + h)
    proofs = {}
    text = open(os.path.join(ROOT, "tests/proofs/run.sh")).read()
    # run.sh proves src/core/<name>.c for each [<name>]=functions of its FUNCS.
    for name in sorted(set(re.findall(r"^\t\[(\w+)\]=", text, re.M))):
        proofs.setdefault("src/core/%s.c" % name, []).append("proof")
    # Frama-C's contracts are in the .c files; say which functions carry them.
    for f in proofs:
        n = len(re.findall(r"^\s*/\*@", open(os.path.join(ROOT, f)).read(), re.M))
        proofs[f] = ["proof (%d contract%s)" % (n, "" if n == 1 else "s")]
    return files, unused, tests, proofs


def part_of(f):
    for name, keys in PARTS:
        prefix = [k for k in keys if k.endswith("/")]
        suffix = [k for k in keys if not k.endswith("/")]
        if any(f.startswith(p) for p in prefix) and all(f.endswith(s) for s in suffix):
            return name
    if f.endswith(".h") or f.endswith(".ld"):
        return "headers (constants, interfaces)"
    return "other"


def summary(files):
    totals = {}
    for f in files:
        if f.endswith(".ld"):
            continue
        p = part_of(f)
        totals[p] = totals.get(p, 0) + count_lines(f)
    out = ["%-34s %6s" % ("part", "lines")]
    total = 0
    for name, _ in PARTS:
        out.append("%-34s %6d" % (name, totals.get(name, 0)))
        total += totals.get(name, 0)
    out.append("%-34s %6d" % ("total (cordon's own)", total))
    if os.path.isdir(LIBFDT):
        n = sum(count_lines(os.path.join(LIBFDT, s)) for s in words("LIBFDT_SRCS"))
        out.append("%-34s %6d" % ("libfdt (Debian linux-source-6.1)", n))
    return "\n".join(out), total


def table(files, unused, tests, proofs):
    rows = ["| file | lines | what it is for | unit tests and fuzz harnesses | proofs |",
            "|---|---:|---|---|---|"]
    total = 0
    bare = []
    for f in files:
        n = count_lines(f)
        if not f.endswith(".ld"):
            total += n
        ev = sorted(set(tests.get(f, [])))
        units = [e[5:] for e in ev if e.startswith("unit/")]
        fuzz = [e[5:] for e in ev if e.startswith("fuzz/")]
        cells = []
        verb = "compiled in " if f.endswith(".h") else ""
        if units:
            cells.append(verb + "unit: " + ", ".join(u.replace("test_", "") for u in units))
        if fuzz:
            cells.append(verb + "fuzz: " + ", ".join(fuzz))
        if not cells and (f.endswith(".c") or f.endswith(".S")):
            bare.append(f)
        rows.append("| `%s` | %d | %s | %s | %s |" % (f[4:], n, purpose(f) if not f.endswith(".ld") else
                                                    "The memory layout of cordon.elf",
                                                    "; ".join(cells) or "QEMU suites only",
                                                    ", ".join(proofs.get(f, [])) or ""))
    rows.append("| **total** | **%d** | C, assembly and headers (the linker script not counted) | | |" % total)
    out = "\n".join(rows) + "\n"
    out += ("\nCode files that only the QEMU suites reach (no host test links them): %d of %d: %s.\n"
            % (len(bare), len([f for f in files if f.endswith((".c", ".S"))]),
               ", ".join("`%s`" % b[4:] for b in bare)))
    if unused:
        out += "\nIn `src/` but not linked into cordon: %s.\n" % ", ".join("`%s`" % u[4:] for u in unused)
    return out


def main():
    mode = sys.argv[1] if len(sys.argv) > 1 else "--summary"
    if mode == "--summary":
        files, _ = linked_files()
        print(summary(files)[0])
        return 0
    files, unused, tests, proofs = gather()
    body = BEGIN + "\n\n" + table(files, unused, tests, proofs) + "\n" + END
    doc = open(DOC).read() if os.path.exists(DOC) else None
    if doc is None or BEGIN not in doc or END not in doc:
        die("%s lacks the generated part's markers" % DOC)
    new = doc[:doc.index(BEGIN)] + body + doc[doc.index(END) + len(END):]
    if mode == "--update":
        if new != doc:
            open(DOC, "w").write(new)
            print("tcb.py: docs/tcb.md rewritten")
        return 0
    if mode == "--check":
        if new != doc:
            import difflib
            diff = difflib.unified_diff(doc.splitlines(), new.splitlines(), "docs/tcb.md", "generated", lineterm="")
            sys.stdout.write("\n".join(list(diff)[:40]) + "\n")
            die("docs/tcb.md does not match the tree: run make tcb and commit it")
        return 0
    die("unknown mode %s" % mode)


if __name__ == "__main__":
    sys.exit(main())
