#!/bin/bash
# run-tests.sh [VMTEST-ARGS...]: the whole test suite (what `make test` runs).
#
# 1. the host unit tests: the command in $UNIT_TEST_CMD, if set;
# 2. tools/vmtest.sh --kernel K --skip-release [VMTEST-ARGS...] for each K
#    in $KERNELS (default "7.x"; set but empty: none): the whole guest suite
#    but tests/guest/release-only;
# 3. tools/vmtest.sh --kernel K --kernel-specific [VMTEST-ARGS...] for each K
#    in $SPECIFIC_KERNELS (default "6.1 6.12"; set but empty: none): only
#    the tests of tests/guest/kernel-specific;
# 4. tools/realtest.sh --kernel K [VMTEST-ARGS...] for each K in
#    $REAL_KERNELS (default none): the tests against Debian's real modules;
# 5. tools/vmtest.sh --kernel K --release-only for each K in $RELEASE_KERNELS
#    (default none; make realtest: 7.x): what 2 leaves out.
# With $WAKEREF_TEST_LANES=2 (the default), 3 and 4 run one after the other
# (and 5) beside 2, their output shown when 2 is done; 1: all in turn.
# Each part must end its output with "N passed, N failed".  A part that
# ends without that line (it crashed, or its build failed) counts as 1
# failed, and so does one that exits non-zero while reporting 0 failed.
# Every part runs even after a failure.  The last line is the sum,
# "N passed, N failed"; the exit status is 0 iff that sum has 0 failed.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive

here=$(cd "$(dirname "$0")" && pwd)
kernels=${KERNELS-7.x}
specific_kernels=${SPECIFIC_KERNELS-6.1 6.12}
real_kernels=${REAL_KERNELS-}
release_kernels=${RELEASE_KERNELS-}
lanes=${WAKEREF_TEST_LANES:-2}
[[ $lanes =~ ^[1-9]$ ]] || { echo "run-tests: WAKEREF_TEST_LANES is '$lanes': give 1 (one guest at a time) or 2" >&2; exit 2; }
total_passed=0
total_failed=0
summaries=()

log() { echo "run-tests: $*" >&2; }

# count_part LABEL OUT RC: add the count that ends OUT (a part's stdout; RC
# its exit code) to the totals
count_part() {
	local label=$1 out=$2 rc=$3 last p f note=
	last=$(tail -n 1 "$out")
	if [[ $last =~ ^([0-9]+)\ passed,\ ([0-9]+)\ failed$ ]]; then
		p=${BASH_REMATCH[1]}
		f=${BASH_REMATCH[2]}
		if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
			f=1
			note=" (exited with rc=$rc: counted as 1 failed)"
		fi
	else
		p=0
		f=1
		note=" (exited with rc=$rc without a count: counted as 1 failed)"
	fi
	total_passed=$((total_passed + p))
	total_failed=$((total_failed + f))
	summaries+=("$label: $p passed, $f failed$note")
}

# run_part LABEL CMD...: run CMD with its stdout shown and kept, then add
# its final count to the totals
run_part() {
	local label=$1 out rc=0
	shift
	out=$(mktemp)
	log "== $label"
	"$@" | tee "$out" || rc=$?
	count_part "$label" "$out" "$rc"
	rm -f "$out"
}

# The guest parts other than the whole suite's: "LABEL|SCRIPT|ARGS..." lines
other_parts() {
	local k
	for k in $specific_kernels; do
		echo "vm $k (kernel-specific)|vmtest.sh|--kernel $k --kernel-specific"
	done
	for k in $real_kernels; do
		echo "real $k|realtest.sh|--kernel $k"
	done
	for k in $release_kernels; do
		echo "vm $k (release-only)|vmtest.sh|--kernel $k --release-only"
	done
}

# Second lane: the other guest parts one after the other, in the background,
# each one's stdout, stderr and exit code in $lane_dir/N.{out,err,rc}.  Its
# guests run beside the whole suite's: on TCG a guest leaves much of the
# machine idle while its tests wait (sleeps, timers, the other vCPU), and
# the two lanes take about the same time.
start_lane() {
	local i=0 label script args rc
	lane_dir=$(mktemp -d)
	(
		while IFS='|' read -r label script args; do
			rc=0
			# shellcheck disable=SC2086 # ARGS are words
			"$here/$script" $args "$@" > "$lane_dir/$i.out" 2> "$lane_dir/$i.err" || rc=$?
			echo "$rc" > "$lane_dir/$i.rc"
			i=$((i + 1))
		done < <(other_parts)
	) &
	lane_pid=$!
}

# finish_lane: wait for the second lane, show each part's output, count it
finish_lane() {
	local i=0 label script args
	wait "$lane_pid" || true
	while IFS='|' read -r label script args; do
		log "== $label (run beside the whole suite)"
		cat "$lane_dir/$i.err" >&2 2> /dev/null || true
		cat "$lane_dir/$i.out" 2> /dev/null || true
		count_part "$label" "$lane_dir/$i.out" "$(cat "$lane_dir/$i.rc" 2> /dev/null || echo 1)"
		i=$((i + 1))
	done < <(other_parts)
	rm -rf "$lane_dir"
}

main() {
	local k s
	if [ -n "${UNIT_TEST_CMD:-}" ]; then
		run_part unit bash -c "$UNIT_TEST_CMD"
	else
		log "UNIT_TEST_CMD is not set: no host unit tests"
	fi
	if [ "$lanes" -ge 2 ] && [ -n "$kernels" ] && [ -n "$(other_parts)" ]; then
		start_lane "$@"
		for k in $kernels; do
			run_part "vm $k" "$here/vmtest.sh" --kernel "$k" --skip-release "$@"
		done
		finish_lane
	else
		for k in $kernels; do
			run_part "vm $k" "$here/vmtest.sh" --kernel "$k" --skip-release "$@"
		done
		for k in $specific_kernels; do
			run_part "vm $k (kernel-specific)" "$here/vmtest.sh" --kernel "$k" \
				--kernel-specific "$@"
		done
		for k in $real_kernels; do
			run_part "real $k" "$here/realtest.sh" --kernel "$k" "$@"
		done
		for k in $release_kernels; do
			run_part "vm $k (release-only)" "$here/vmtest.sh" --kernel "$k" \
				--release-only "$@"
		done
	fi
	# the real drivers' call graphs, on the host, for every kernel fetched above
	for k in $(printf '%s\n' $kernels $specific_kernels $real_kernels | awk '!seen[$0]++'); do
		[ -f "$here/../tests/callgraph/$k.known" ] || continue
		run_part "callgraph $k" "$here/callgraph-test.sh" --kernel "$k"
	done
	echo
	for s in "${summaries[@]}"; do
		echo "  $s"
	done
	echo "$total_passed passed, $total_failed failed"
	[ "$total_failed" -eq 0 ]
}

main "$@"
