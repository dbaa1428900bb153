#!/bin/sh
# timeout: 240
# The GEM userfault lists through real page faults of a real process
# (/bin/wakeref-simuser mapping objects of the sim's device nodes):
# i915's GGTT list (vm_fault_gtt, per-vma userfault bit and count, partial
# views) and lmem list (vm_fault_ttm), xe's VRAM list (xe_gem_fault); every
# way off a list (revoke, release, move, destroy, exit); the runtime-suspend
# drain, after which the next touch faults and wakes the device.  The oracle
# is checked against the process's own view (its page faults, its data).
. /lib/wakeref/lib.sh
export WAKEREF_FEATURES=all	# the views too

I=wakeref-sim-i915.0
X=wakeref-sim-xe.0
O=$WR_SIM_DIR/owners
G=$WR_SIM_DIR/gem

# uf_count DEV LIST / uf_objs DEV LIST: the oracle's list, objects in its order
uf_count() {
	awk -v d="$1" -v l="$2" '$1 == "userfault" && $2 == d && $3 == l && $4 ~ /^count=/ {
		print substr($4, 7) }' "$O"
}
uf_objs() {
	awk -v d="$1" -v l="$2" '$1 == "userfault" && $2 == d && $3 == l && $4 ~ /^obj=/ {
		printf "%s%s", s, substr($4, 5); s = " " }' "$O"
}
# uf_is DEV LIST "ADDR..." MSG: the list holds exactly these objects
uf_is() {
	local want n
	want=$(for a in $3; do echo "$a"; done | sort | tr '\n' ' ')
	n=$(echo $3 | wc -w)
	assert_eq "$(uf_count "$1" "$2")|$(uf_objs "$1" "$2")" "$n|${want% }" "$4"
}
# gem_get DEV NAME KEY: a field of the object's line in the gem file
gem_get() {
	awk -v d="$1" -v n="$2" -v k="$3=" '$1 == "gem" && $2 == d && $3 == n {
		for (i = 4; i <= NF; i++) if (index($i, k) == 1) print substr($i, length(k) + 1) }' "$G"
}
# uf_stat DEV KEY: a counter of the device's userfault_stats line
uf_stat() {
	awk -v d="$1" -v k="$2=" '$1 == "userfault_stats" && $2 == d {
		for (i = 3; i <= NF; i++) if (index($i, k) == 1) print substr($i, length(k) + 1) }' "$O"
}
# touch SLOT OFF LEN FAULTS MSG: the process touches, taking FAULTS page faults
touch_pages() {
	simuser_cmd "$1" touch "$2" "$3" || return 1
	assert_eq "${SIMUSER_REPLY##*minflt=}" "$4" "$5"
}
stat_field() {
	awk -v d="$1" -v k="$2=" '$1 == "stats" && $2 == d {
		for (i = 3; i <= NF; i++) if (index($i, k) == 1) print substr($i, length(k) + 1) }' "$O"
}

# a long userfault wakeref: the checks below run before it expires
sim_load xe_devs=1 userfault_autosuspend_ms=1500 || test_end
[ -c /dev/$I ] && [ -c /dev/$X ] && pass "device nodes /dev/$I and /dev/$X" ||
	fail "no device nodes: $(ls /dev | grep wakeref)"
for l in "$I ggtt" "$I lmem" "$X vram"; do
	uf_is $l "" "$l: empty, its count line printed"
done
sim_owners_lacks "^userfault $X (ggtt|lmem)|^userfault $I vram" "each driver its own lists"

# what each driver refuses
sim_ctl_fails gem_create i915.0 bad vram
sim_ctl_fails gem_create xe.0 bad gtt
sim_ctl_fails gem_create i915.0 bad gpu
sim_ctl_fails gem_revoke xe.0 bad
sim_ctl_fails bo_move i915.0 bad
sim_ctl_fails gem_destroy i915.0 nosuch

sim_ctl gem_create i915.0 g1 gtt pages=8 chunk=4
sim_ctl gem_create i915.0 g2 gtt pages=2
sim_ctl gem_create i915.0 l1 lmem pages=4
sim_ctl_fails gem_create i915.0 g1 gtt
G1=$(gem_get $I g1 obj) G2=$(gem_get $I g2 obj) L1=$(gem_get $I l1 obj)
[ -n "$G1" ] && [ -n "$G2" ] && [ -n "$L1" ] || { fail "objects missing"; cat "$G"; test_end; }

# ---- i915 GTT: per-vma userfault bits, one list entry per object
sim_ctl get i915.0 get debugfs_status		# keep the device awake for a while
simuser_start 0 gem /dev/$I g1 || test_end
uf_is $I ggtt "" "mmap alone faults nothing in"
touch_pages 0 0 1p 1 "first touch: one page fault"
uf_is $I ggtt "$G1" "g1 on the GGTT list"
assert_eq "$(gem_get $I g1 userfault_count) $(gem_get $I g1 userfault_vmas)" "1 1" \
	"userfault_count 1: one vma faulted"
sim_owners_has "^owner $I vm_fault_gtt 1$" "the userfault wakeref, owned by vm_fault_gtt"
touch_pages 0 1p 3p 3 "three more pages of the same view"
assert_eq "$(gem_get $I g1 userfault_count)" 1 "same vma: count still 1"
touch_pages 0 4p 1p 1 "a page of the second partial view"
assert_eq "$(gem_get $I g1 userfault_count) $(gem_get $I g1 vmas)" "2 2" "two vmas, count 2"
uf_is $I ggtt "$G1" "still one list entry"
touch_pages 0 0 5p 0 "mapped pages do not fault again"

# i915_vma_revoke_mmap of one vma: off the list only with the last
sim_ctl gem_revoke i915.0 g1 vma=1
assert_eq "$(gem_get $I g1 userfault_count) $(gem_get $I g1 userfault_vmas)" "1 1" \
	"one vma revoked: count 1"
uf_is $I ggtt "$G1" "still listed by the other vma"
touch_pages 0 0 1p 0 "the other vma's pages stay mapped"
touch_pages 0 4p 1p 1 "the revoked view faults again"
assert_eq "$(gem_get $I g1 userfault_count)" 2 "and counts again"
sim_ctl gem_revoke i915.0 g1
uf_is $I ggtt "" "every vma revoked: off the list"
assert_eq "$(gem_get $I g1 userfault_count)" 0 "count 0"
simuser_cmd 0 check 0 5p && assert_eq "${SIMUSER_REPLY##*minflt=}" 5 \
	"the process refaults all five pages, data intact"
uf_is $I ggtt "$G1" "back on the list"
sim_ctl gem_release_mmap i915.0 g1
uf_is $I ggtt "" "i915_gem_object_release_mmap_gtt: off"
touch_pages 0 0 1p 1 "and faults again"
sim_ctl_fails gem_revoke i915.0 g1 vma=7

# ---- i915 lmem
simuser_start 1 gem /dev/$I l1 || test_end
touch_pages 1 0 4p 4 "lmem: four faults"
uf_is $I lmem "$L1" "l1 on the lmem list"
assert_eq "$(gem_get $I l1 userfault_count)" 1 "lmem userfault_count 1"
uf_is $I ggtt "$G1" "the GGTT list unchanged"
sim_ctl gem_release_mmap i915.0 l1
uf_is $I lmem "" "i915_ttm_unmap_virtual: off the lmem list"
touch_pages 1 0 1p 1 "and faults again"
uf_is $I lmem "$L1" "back on"

# ---- left on the list after munmap; freed by destroy
simuser_start 2 gem /dev/$I g2 || test_end
touch_pages 2 0 2p 2 "g2: two faults"
uf_is $I ggtt "$G1 $G2" "two objects on the GGTT list, sorted"
simuser_cmd 2 munmap 0 2p
uf_is $I ggtt "$G1 $G2" "munmap leaves g2 on the list"
assert_eq "$(gem_get $I g2 refs)" 1 "only the handle holds g2"
sim_ctl gem_destroy i915.0 g2
uf_is $I ggtt "$G1" "destroy frees g2 and takes it off"
[ -z "$(gem_get $I g2 obj)" ] && pass "g2 gone" || fail "g2 still in $G"
simuser_end 2

# destroyed while mapped: lives on until the process exits
sim_ctl gem_destroy i915.0 l1
assert_eq "$(gem_get $I l1 handle) $(gem_get $I l1 refs)" "0 1" "l1: no handle, the mapping's ref"
uf_is $I lmem "$L1" "still on the lmem list"
simuser_cmd 1 exit
simuser_end 1
uf_is $I lmem "" "process exit freed l1 and took it off"
[ -z "$(gem_get $I l1 obj)" ] && pass "l1 gone" || fail "l1 still in $G"

# ---- the runtime-suspend drain
sim_ctl put i915.0 debugfs_status
wait_owners "^device $I driver=i915 count=0 " 5000 "the userfault wakeref expires"
wait_runtime_status $I suspended 3000 && pass "then the device suspends"
uf_is $I ggtt "" "suspended: the GGTT list is drained"
uf_is $I lmem "" "and lmem's"
[ "$(uf_stat $I drained)" -ge 1 ] && pass "drained counted" || fail "drained=$(uf_stat $I drained)"
assert_eq "$(gem_get $I g1 userfault_count)" 0 "g1 revoked by the suspend"
resumes=$(stat_field $I resumes)
touch_pages 0 0 1p 1 "the next touch faults..."
assert_eq "$(stat_field $I resumes)" $((resumes + 1)) "...and resumes the device"
uf_is $I ggtt "$G1" "g1 back on the list"
wait_runtime_status $I suspended 5000 && pass "suspends again"
uf_is $I ggtt "" "drained again"
simuser_cmd 0 check 0 5p && pass "the process's data survived every revoke"

# the module stays while a process maps one of its objects
if rmmod wakeref_sim 2>/dev/null; then
	fail "rmmod succeeded with an object mapped"
	test_end
fi
pass "rmmod refused while mapped"
simuser_end 0
sim_ctl gem_destroy i915.0 g1
assert_eq "$(grep -c "^gem $I " "$G")" 0 "every i915 object freed"

# ---- xe VRAM
sim_ctl get xe.0 xe_get xe_exec			# awake while we look
sim_ctl gem_create xe.0 v1 vram pages=4
sim_ctl gem_create xe.0 v2 vram pages=2
sim_ctl gem_create xe.0 s1 system pages=2
V1=$(gem_get $X v1 obj) V2=$(gem_get $X v2 obj)
simuser_start 3 gem /dev/$X v1 || test_end
touch_pages 3 0 4p 4 "v1: four faults"
uf_is $X vram "$V1" "v1 on the VRAM list"
assert_eq "$(gem_get $X v1 on_list)" 1 "gem file agrees"
sim_owners_has "^device $X driver=xe count=1 wakeref_count=1 " "the fault's reference was put"
simuser_start 4 gem /dev/$X s1 || test_end
touch_pages 4 0 2p 2 "s1: two faults"
uf_is $X vram "$V1" "a system BO is not listed"

sim_ctl bo_move xe.0 v1 system
uf_is $X vram "" "moved out of VRAM: off (xe_bo_move_notify)"
assert_eq "$(gem_get $X v1 placement)" system "v1 in system memory"
touch_pages 3 0 1p 1 "TTM zapped the mapping: a fault"
uf_is $X vram "" "a fault in system memory lists nothing"
sim_ctl bo_move xe.0 v1 vram
touch_pages 3 0 1p 1 "back in VRAM: a fault"
uf_is $X vram "$V1" "listed again"
sim_ctl_fails bo_move xe.0 s1 vram
sim_ctl gem_release_mmap xe.0 v1
uf_is $X vram "" "xe_bo_runtime_pm_release_mmap_offset: off"
touch_pages 3 0 1p 1 "and faults again"
sim_ctl_fails gem_release_mmap xe.0 s1
simuser_cmd 3 check 0 4p && pass "v1's data survived moves and releases"

# left on the list by a killed process; xe_ttm_bo_destroy takes it off
simuser_start 5 gem /dev/$X v2 || test_end
touch_pages 5 0 1p 1 "v2: a fault"
uf_is $X vram "$V1 $V2" "v1 and v2 listed"
kill -9 "$(simuser_pid 5)"
simuser_end 5
uf_is $X vram "$V1 $V2" "killed: v2 stays listed"
sim_ctl gem_destroy xe.0 v2
uf_is $X vram "$V1" "destroy took v2 off"

# the drain: nothing keeps xe awake, no wakeref_auto
sim_ctl put xe.0 xe_exec
wait_runtime_status $X suspended 3000 && pass "xe suspends"
uf_is $X vram "" "xe_pm_runtime_suspend drained the list"
resumes=$(stat_field $X resumes)
touch_pages 3 0 1p 1 "the next touch faults..."
assert_eq "$(stat_field $X resumes)" $((resumes + 1)) "...and resumes xe"
wait_runtime_status $X suspended 3000 && pass "xe suspends again"
uf_is $X vram "" "drained again"
[ "$(uf_stat $X drained)" -ge 2 ] && pass "drains counted" || fail "drained=$(uf_stat $X drained)"

simuser_end 3
simuser_end 4
sim_ctl gem_destroy xe.0 v1
sim_ctl gem_destroy xe.0 s1
assert_eq "$(grep -c '^gem ' "$G")" 0 "every object freed"
sim_owners_lacks "^stats .* asserts=[1-9]" "no driver assert"
sim_unload
test_end
