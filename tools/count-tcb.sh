#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# The lines of code that run in M-mode (cordon's trusted base), by part:
# non-blank, non-comment-only lines of C and assembly, of the files the build
# links and the headers they include. File by file, with the evidence that
# covers each: docs/tcb.md (make tcb, tools/tcb.py).
exec python3 "$(dirname "$0")/tcb.py" --summary
