#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# Count the lines of code that run in M-mode (cordon's trusted base), by
# part: non-blank, non-comment-only lines of C and assembly. Files that are
# not linked into cordon yet (NOT_LINKED: host-tested building blocks of a
# coming policy) are counted apart, outside the total.
cd "$(dirname "$0")/.." || exit 1
count() {
	# strip /* */ and // comments, then count non-blank lines
	cat "$@" | sed -e 's://.*$::' | awk '
		{ line = $0
		  while (1) {
			if (incomment) { e = index(line, "*/"); if (!e) { line = ""; break } line = substr(line, e + 2); incomment = 0 }
			s = index(line, "/*"); if (!s) break
			rest = substr(line, s + 2); e = index(rest, "*/")
			if (e) line = substr(line, 1, s - 1) substr(rest, e + 2)
			else { line = substr(line, 1, s - 1); incomment = 1 }
		  }
		  if (line ~ /[^ \t]/) n++ }
		END { print n + 0 }'
}
NOT_LINKED="" # none today
total=0
printf '%-34s %6s\n' "part" "lines"
for part in "core (virtualization, boot):src/core" "policies (offload, protect-os):src/policy" "arch/riscv C (hardware access):src/arch/riscv/*.c src/arch/riscv/*.h" \
	"arch/riscv assembly (entry, trap):src/arch/riscv/*.S" "platform + drivers:src/platform src/drivers" \
	"lib (string, log, crc32):src/lib" "headers (constants, interfaces):src/include"; do
	name=${part%%:*}
	files=$(for p in ${part#*:}; do find $p -name '*.[chS]' 2>/dev/null; done | sort -u |
		grep -vxF "$(printf '%s\n' $NOT_LINKED)")
	n=$(count $files)
	total=$((total + n))
	printf '%-34s %6d\n' "$name" "$n"
done
printf '%-34s %6d\n' "total (cordon's own)" "$total"
[ -n "$NOT_LINKED" ] && printf '%-34s %6d\n' "not linked yet" "$(count $NOT_LINKED)"
libfdt=${CACHE:-$HOME/.cache/cordon}/libfdt-linux-6.1
if [ -d "$libfdt" ]; then
	n=$(count "$libfdt"/fdt.c "$libfdt"/fdt_ro.c "$libfdt"/fdt_rw.c "$libfdt"/fdt_wip.c \
		"$libfdt"/fdt_strerror.c "$libfdt"/fdt_addresses.c)
	printf '%-34s %6d\n' "libfdt (Debian linux-source-6.1)" "$n"
fi
