#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""The digests cordon's measured boot takes (src/core/measure.c), computed
on the host, as an allowlist for `make image ALLOW=FILE`:

  measure.py [--firmware FILE] [--os IMAGE] [--dtb FILE] [--reset-vector ADDR]

  firmware: the bytes cordon loads at the reset vector (an ELF's loadable
            segments laid out as tools/mkimage.py does, or a raw binary);
  os:       a RISC-V Linux Image: its first image_size bytes (the header's
            field at offset 16: the kernel's whole footprint), the bytes past
            the file being the zeros of fresh memory;
  dtb:      a flattened device tree: its fdt_totalsize bytes.

Prints "SHA256-HEX ROLE" lines (ROLE: firmware, os, dtb).
"""
import argparse
import hashlib
import os
import struct
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import mkimage  # noqa: E402  (the firmware's bytes exactly as the image holds them)

LINUX_MAGIC2 = 0x05435352  # "RSC\x05" at offset 56 of a RISC-V Linux Image


def die(msg):
    sys.exit(f"measure: {msg}")


def linux_image_bytes(path):
    data = open(path, "rb").read()
    if len(data) < 64 or struct.unpack_from("<I", data, 56)[0] != LINUX_MAGIC2:
        die(f"{path}: not a RISC-V Linux Image (no RSC\\x05 magic at offset 56)")
    size = struct.unpack_from("<Q", data, 16)[0]
    if size < len(data):
        return data[:size]
    return data + bytes(size - len(data))


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--firmware")
    ap.add_argument("--os")
    ap.add_argument("--dtb")
    ap.add_argument("--reset-vector", default="0x80000000", type=lambda s: int(s, 0))
    a = ap.parse_args()
    if not (a.firmware or a.os or a.dtb):
        ap.error("nothing to measure")
    if a.firmware:
        _, _, blob = mkimage.firmware_blob(a.firmware, a.reset_vector)
        print(hashlib.sha256(blob).hexdigest(), "firmware")
    if a.os:
        print(hashlib.sha256(linux_image_bytes(a.os)).hexdigest(), "os")
    if a.dtb:
        d = open(a.dtb, "rb").read()
        if len(d) < 8 or struct.unpack_from(">I", d, 0)[0] != 0xD00DFEED:
            die(f"{a.dtb}: not a flattened device tree")
        print(hashlib.sha256(d[:struct.unpack_from(">I", d, 4)[0]]).hexdigest(), "dtb")


if __name__ == "__main__":
    main()
