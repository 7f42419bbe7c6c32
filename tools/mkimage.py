#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""Build a bootable cordon image: cordon's flat binary, then at _payload_start
a header (include/cordon/image.h) and the firmware's bytes.

The firmware may be an ELF (its PT_LOAD segments, laid out from the lowest
address) or a raw binary (loaded at the reset vector). The result boots with
plain `qemu-system-riscv64 -M virt -bios IMAGE`.
"""
import argparse
import os
import struct
import sys
import zlib

MAGIC = 0x4E4F44524F43
VERSION = 3
HEADER = struct.Struct("<QIIQQQII64sII96s")
ROLES = ("firmware", "dtb", "os")  # enum measure_what, in order
EM_RISCV = 243


def die(msg):
    print(f"mkimage: error: {msg}", file=sys.stderr)
    sys.exit(1)


def load_elf(data, path):
    if len(data) < 64 or data[4] != 2 or data[5] != 1:
        die(f"{path}: not a 64-bit little-endian ELF")
    (e_type, e_machine, _ver, e_entry, e_phoff, _shoff, _flags, _ehsize,
     e_phentsize, e_phnum) = struct.unpack_from("<HHIQQQIHHH", data, 16)
    if e_machine != EM_RISCV:
        die(f"{path}: not a RISC-V ELF (e_machine {e_machine})")
    segs = []
    for i in range(e_phnum):
        off = e_phoff + i * e_phentsize
        if off + 56 > len(data):
            die(f"{path}: truncated program headers")
        p_type, _fl, p_offset, _vaddr, p_paddr, p_filesz, _memsz, _al = \
            struct.unpack_from("<IIQQQQQQ", data, off)
        if p_type == 1 and p_filesz > 0:
            if p_offset + p_filesz > len(data):
                die(f"{path}: segment {i} runs past the end of the file (truncated?)")
            segs.append((p_paddr, data[p_offset:p_offset + p_filesz]))
    if not segs:
        die(f"{path}: no loadable segment")
    base = min(a for a, _ in segs)
    end = max(a + len(b) for a, b in segs)
    blob = bytearray(end - base)
    for a, b in segs:
        blob[a - base:a - base + len(b)] = b
    return base, e_entry, bytes(blob), e_type


ET_DYN = 3
R_RISCV_64 = 2
# Relocations that would put an absolute address in code: cordon must be PC-relative.
ABSOLUTE_IN_CODE = {1: "R_RISCV_32", 26: "R_RISCV_HI20", 27: "R_RISCV_LO12_I", 28: "R_RISCV_LO12_S"}
SHN_ABS = 0xFFF1


def reloc_table(path, link_base, limit):
    """Offsets (from link_base) of the 64-bit words holding addresses inside
    cordon, from the relocations kept by `ld --emit-relocs`, so that cordon can
    move itself to the top of RAM at boot."""
    data = open(path, "rb").read()
    e_shoff, = struct.unpack_from("<Q", data, 40)
    e_shentsize, e_shnum = struct.unpack_from("<HH", data, 58)
    sh = [struct.unpack_from("<IIQQQQIIQQ", data, e_shoff + i * e_shentsize) for i in range(e_shnum)]
    offsets = set()
    for (_n, typ, _f, _a, off, size, link, info, _al, entsize) in sh:
        if typ != 4:  # SHT_RELA
            continue
        target = sh[info]
        if not target[2] & 2:  # SHF_ALLOC
            continue
        symtab = sh[link]
        for i in range(size // entsize):
            r_offset, r_info, _addend = struct.unpack_from("<QQq", data, off + i * entsize)
            rtype, rsym = r_info & 0xFFFFFFFF, r_info >> 32
            if rtype in ABSOLUTE_IN_CODE and r_offset >= link_base:
                die(f"{path}: {ABSOLUTE_IN_CODE[rtype]} at {r_offset:#x}: cordon must be position-independent (-mcmodel=medany)")
            if rtype != R_RISCV_64:
                continue
            st_shndx, = struct.unpack_from("<H", data, symtab[4] + rsym * symtab[9] + 6)
            if st_shndx == SHN_ABS or r_offset < link_base:
                continue
            if r_offset + 8 > limit:
                die(f"{path}: relocation at {r_offset:#x} outside cordon")
            offsets.add(r_offset - link_base)
    return sorted(offsets)


FLAGS = {"stats": 0x1, "offload": 0x2, "straggler": 0x4, "measure": 0x8, "protect": 0x10}


def parse_flags(text):
    value = 0
    for f in filter(None, text.split(",")):
        if f not in FLAGS:
            die(f"unknown image flag {f!r} (known: {', '.join(FLAGS)})")
        value |= FLAGS[f]
    return value


def parse_allow(path):
    """An allowlist: lines "SHA256-HEX ROLE" (ROLE: firmware, dtb or os; # comments)."""
    mask, digests = 0, [bytes(32)] * len(ROLES)
    try:
        lines = open(path).read().splitlines()
    except OSError as e:
        die(f"allowlist {path!r}: {e.strerror}")
    for n, line in enumerate(lines, 1):
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        parts = line.split()
        if len(parts) != 2 or parts[1] not in ROLES or len(parts[0]) != 64:
            die(f"{path}:{n}: expected 'SHA256-HEX ROLE' with ROLE one of {', '.join(ROLES)}")
        try:
            d = bytes.fromhex(parts[0])
        except ValueError:
            die(f"{path}:{n}: not a hexadecimal digest")
        i = ROLES.index(parts[1])
        if mask & (1 << i):
            die(f"{path}:{n}: a second digest for {parts[1]}")
        mask |= 1 << i
        digests[i] = d
    if not mask:
        die(f"allowlist {path!r} names no digest")
    return mask, b"".join(digests)


def firmware_blob(path, reset_vector):
    """The firmware's bytes as loaded at the reset vector, and its entry."""
    if not os.path.isfile(path):
        die(f"firmware {path!r} does not exist")
    fw = open(path, "rb").read()
    if not fw:
        die(f"firmware {path!r} is empty")
    if fw[:4] == b"\x7fELF":
        load, entry, blob, e_type = load_elf(fw, path)
        if e_type == ET_DYN and load != reset_vector:
            # Position-independent (OpenSBI >= 1.5 links at 0 and relocates
            # itself): placed at the reset vector, as its .bin would be.
            entry += reset_vector - load
            load = reset_vector
    else:
        load, entry, blob = reset_vector, reset_vector, fw
    if load != reset_vector:
        die(f"firmware loads at {load:#x}, but the boot ROM enters {reset_vector:#x}")
    return load, entry, blob


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--cordon", required=True, help="cordon flat binary")
    ap.add_argument("--payload-offset", required=True, type=lambda s: int(s, 0),
                    help="offset of _payload_start in the flat binary")
    ap.add_argument("--reset-vector", default="0x80000000", type=lambda s: int(s, 0))
    ap.add_argument("--link-base", required=True, type=lambda s: int(s, 0))
    ap.add_argument("--elf", required=True, help="cordon.elf linked with --emit-relocs")
    ap.add_argument("--firmware", required=True)
    ap.add_argument("--flags", default="", help="comma-separated: stats, offload, straggler, measure, protect")
    ap.add_argument("--allow", default="", help="allowlist of SHA-256 digests (implies measure)")
    ap.add_argument("-o", "--output", required=True)
    a = ap.parse_args()

    load, entry, blob = firmware_blob(a.firmware, a.reset_vector)
    cordon = open(a.cordon, "rb").read()
    if len(cordon) > a.payload_offset:
        die("cordon binary overlaps its payload area")
    relocs = reloc_table(a.elf, a.link_base, a.reset_vector + a.payload_offset)
    table = struct.pack(f"<{len(relocs)}I", *relocs)
    table += bytes(-len(table) % 8)
    # The firmware follows cordon in the image, of any size: cordon moves
    # itself to the top of RAM before it copies the firmware to its load
    # address (src/core/boot.c, check_image); only RAM bounds it.
    name = os.path.basename(a.firmware).encode()[:63]
    flags = parse_flags(a.flags)
    allow_mask, allow = 0, bytes(32 * len(ROLES))
    if a.allow:
        allow_mask, allow = parse_allow(a.allow)
        flags |= FLAGS["measure"]
    hdr = HEADER.pack(MAGIC, VERSION, zlib.crc32(blob) & 0xFFFFFFFF, load, entry, len(blob),
                      len(relocs), flags, name, allow_mask, 0, allow)
    out = cordon + bytes(a.payload_offset - len(cordon)) + hdr + table + blob
    with open(a.output, "wb") as f:
        f.write(out)


if __name__ == "__main__":
    main()
