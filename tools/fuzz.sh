#!/bin/bash
# fuzz.sh FUZZER SECONDS CORPUS_SEED...: run a libFuzzer binary for SECONDS
# from a seed corpus, and report it as one test ("PASS fuzz/NAME" and a
# closing "N passed, N failed" line).  Crashes are kept in build/fuzz/.
set -uo pipefail
bin=${1:?usage: fuzz.sh FUZZER SECONDS SEED...}
secs=${2:?usage: fuzz.sh FUZZER SECONDS SEED...}
shift 2
name=$(basename "$bin")
dir=$(dirname "$bin")
corpus=$dir/corpus-$name
mkdir -p "$corpus"
for seed in "$@"; do
	[ -f "$seed" ] && cp "$seed" "$corpus/"
done
log=$dir/$name.log
"$bin" -max_total_time="$secs" -timeout=5 -rss_limit_mb=1024 -artifact_prefix="$dir/crash-" \
	"$corpus" > "$log" 2>&1
rc=$?
runs=$(grep -o 'Done [0-9]* runs' "$log" | tail -n1)
if [ $rc -eq 0 ]; then
	echo "PASS fuzz/$name (${runs:-?} in ${secs}s)"
	echo "1 passed, 0 failed"
else
	echo "FAIL fuzz/$name: exit $rc, see $log"
	grep -E 'ERROR|SUMMARY|crash-' "$log" | head -n 5 | sed 's/^/    /'
	echo "0 passed, 1 failed"
	exit 1
fi
