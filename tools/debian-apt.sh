# shellcheck shell=bash
# debian-apt.sh: sourced by tools/kernel-fetch.sh and tools/buildroot.sh.
#
# The Debian mirror this machine's apt is configured with, and a private apt
# state over it for the suites after the system's own release (trixie,
# trixie-backports, sid, experimental).  The private state lives in
# $cache/apt: its own sources list, built at run time from the mirror URIs
# in /etc/apt (no host name is written anywhere else), its own lists and
# package cache.  The system's own apt state is never touched.
#
# The sourcing script defines $cache, log() and die() first.

# shellcheck disable=SC2154 # set by the sourcing script
papt_dir=$cache/apt
papt_opts=(-o "Dir::Etc::SourceList=$papt_dir/sources.list" -o Dir::Etc::SourceParts=/dev/null
	-o "Dir::State=$papt_dir/state" -o "Dir::Cache=$papt_dir/cache" -o Debug::NoLocking=1
	-o APT::Sandbox::User=root -o Dir::Cache::pkgcache=pkgcache.bin
	-o Dir::Cache::srcpkgcache=srcpkgcache.bin)
papt_suites="trixie trixie-backports sid experimental"

# mirror_entries: "URI SIGNED-BY" of the Debian archive as the system's apt
# sources configure it: the entries that carry the system's own release
# (not its -security or -updates suites), one-line or deb822 format;
# SIGNED-BY is "-" when the entry names no keyring
mirror_entries() {
	local codename f
	# shellcheck disable=SC1091 # the system's own file
	codename=$(. /etc/os-release && echo "${VERSION_CODENAME:-}")
	[ -n "$codename" ] || die "cannot tell the system's release from /etc/os-release"
	for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
		[ -f "$f" ] || continue
		awk -v c="$codename" '
			$1 != "deb" { next }
			{
				sb = ""; i = 2
				if ($2 ~ /^\[/) {
					for (; i <= NF; i++) {
						if (match($i, /signed-by=[^] ]+/)) sb = substr($i, RSTART + 10, RLENGTH - 10)
						if ($i ~ /\]$/) { i++; break }
					}
				}
				if ($(i + 1) == c) print $i, (sb == "" ? "-" : sb)
			}' "$f"
	done
	for f in /etc/apt/sources.list.d/*.sources; do
		[ -f "$f" ] || continue
		awk -v c="$codename" -v RS= '
			{
				types = uris = suites = sb = ""; enabled = 1
				n = split($0, l, "\n")
				for (j = 1; j <= n; j++) {
					k = l[j]; sub(/:.*/, "", k); v = l[j]; sub(/^[^:]*:[ \t]*/, "", v)
					if (k == "Types") types = v
					else if (k == "URIs") uris = v
					else if (k == "Suites") suites = v
					else if (k == "Signed-By") sb = v
					else if (k == "Enabled" && v == "no") enabled = 0
				}
				if (!enabled || (" " types " ") !~ / deb /) next
				if ((" " suites " ") !~ (" " c " ")) next
				m = split(uris, u, /[ \t]+/)
				for (j = 1; j <= m; j++) if (u[j] != "") print u[j], (sb ~ /^\// ? sb : "-")
			}' "$f"
	done
}

# mirror_entry: the first of mirror_entries, or a clear error
mirror_entry() {
	local e
	e=$(mirror_entries | head -n1)
	[ -n "$e" ] || die "no Debian mirror for this release in /etc/apt/sources.list{,.d}:" \
		"configure one for apt first"
	echo "$e"
}

# deb_line URI SIGNED-BY SUITE: a one-line sources entry for SUITE's main
deb_line() {
	if [ "$2" = - ]; then
		echo "deb $1 $3 main"
	else
		echo "deb [signed-by=$2] $1 $3 main"
	fi
}

papt() { "$@" "${papt_opts[@]}"; }

# papt_update [force]: write the private sources list and refresh its index
# when it is missing, older than $WAKEREF_APT_MAX_AGE minutes, or forced
papt_update() {
	local entries uri sb suite list=$papt_dir/sources.list max_age=${WAKEREF_APT_MAX_AGE:-360}
	mkdir -p "$papt_dir/state/lists/partial" "$papt_dir/cache/archives/partial"
	entries=$(mirror_entries | awk '!seen[$1]++')
	[ -n "$entries" ] || die "no Debian mirror for this release in /etc/apt/sources.list{,.d}"
	while read -r uri sb; do
		for suite in $papt_suites; do
			deb_line "$uri" "$sb" "$suite"
		done
	done <<< "$entries" > "$list.new"
	if ! cmp -s "$list.new" "$list"; then
		mv "$list.new" "$list"
		rm -f "$papt_dir/.updated"
	else
		rm -f "$list.new"
	fi
	if [ "${1:-}" != force ] && [ -f "$papt_dir/.updated" ] &&
		[ -z "$(find "$papt_dir/.updated" -mmin +"$max_age")" ]; then
		return 0
	fi
	log "refreshing the private apt index ($papt_suites)"
	papt apt-get -q update >&2 || die "apt-get update of the private apt state failed"
	touch "$papt_dir/.updated"
}

# papt_available PKG: the private index has a downloadable PKG (grep reads
# all: with -q, apt-cache could die of SIGPIPE and pipefail say "no")
papt_available() { papt apt-cache show "$1" 2>/dev/null | grep -c '^Filename: ' >/dev/null; }

# papt_field PKG FIELD: FIELD of PKG's candidate in the private index
papt_field() {
	papt apt-cache show "$1" 2>/dev/null | awk -v f="$2:" '$1 == f { sub(/^[^:]*: */, ""); print; exit }'
}

# papt_suite PKG: the suite the private index offers PKG's candidate from
# ("trixie-backports")
papt_suite() {
	papt apt-cache policy "$1" 2>/dev/null | awk '
		$1 == "Candidate:" { cand = $2 }
		cand != "" && $1 == cand { want = 1; next }
		want && / Packages$/ { n = split($3, s, "/"); print s[1]; exit }'
}
