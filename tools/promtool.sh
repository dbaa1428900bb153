#!/bin/bash
# promtool.sh: print the path of a promtool to run: the one in PATH, else
# the one of Debian's prometheus package, downloaded with apt as configured
# and unpacked (not installed) in $WAKEREF_CACHE/promtool (default
# ~/.cache/wakeref).  It needs only libc.
set -euo pipefail
export LC_ALL=C

if command -v promtool > /dev/null; then
	command -v promtool
	exit 0
fi
dir=${WAKEREF_CACHE:-$HOME/.cache/wakeref}/promtool
bin=$dir/x/usr/bin/promtool
if [ ! -x "$bin" ]; then
	mkdir -p "$dir"
	rm -f "$dir"/prometheus_*.deb
	(cd "$dir" && apt-get download prometheus) > "$dir/download.log" 2>&1 || {
		cat "$dir/download.log" >&2
		echo "promtool.sh: error: apt-get download prometheus failed (above): is apt configured and reachable?" >&2
		exit 1
	}
	rm -rf "$dir/x"
	dpkg-deb -x "$dir"/prometheus_*.deb "$dir/x"
	[ -x "$bin" ] || { echo "promtool.sh: error: no usr/bin/promtool in Debian's prometheus package" >&2; exit 1; }
fi
echo "$bin"
