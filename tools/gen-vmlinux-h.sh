#!/bin/bash
# gen-vmlinux-h.sh [SERIES]: regenerate bpf/vmlinux.h from a Debian kernel's BTF.
# The build uses the committed bpf/vmlinux.h and never the running kernel.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
eval "$("$here/kernel-fetch.sh" "${1:-6.12}")"
{
	echo "/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */"
	echo "/*"
	echo " * vmlinux.h: kernel types for the BPF programs, generated with"
	echo " *   bpftool btf dump file <linux-headers-$KVER>/vmlinux format c"
	echo " * (tools/gen-vmlinux-h.sh).  CO-RE relocates every access against the"
	echo " * running kernel, so the same objects load on 6.1 … 7.x."
	echo " */"
	bpftool btf dump file "$VMLINUX" format c
} > "$here/../bpf/vmlinux.h"
