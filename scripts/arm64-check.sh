#!/usr/bin/env bash
# Same result on another CPU: records matches with the amd64 (host) build of
# dojo, then runs the arm64 build under qemu-user to verify every replay and to
# replay the same matches from scratch, and compares the final state hashes;
# every replay is re-driven there with the fighters that played it.
# Neural fighters too: a Core trained here fights on both CPUs (every one of
# its decisions feeds the state hash), and the brain and game test binaries
# check their golden action digests and hashes on arm64. Any difference fails
# the script.
set -euo pipefail

cd "$(dirname "$0")/.."
out=${TMPDIR:-/tmp}/dojo-arm64-check
rm -rf "$out" && mkdir -p "$out"
QEMU=${QEMU:-qemu-aarch64}
command -v "$QEMU" >/dev/null || { echo "arm64-check: $QEMU not found (apt-get install qemu-user)" >&2; exit 1; }

CGO_ENABLED=0 go build -o "$out/dojo.host" ./cmd/dojo
CGO_ENABLED=0 GOARCH=arm64 go build -o "$out/dojo.arm64" ./cmd/dojo
host() { "$out/dojo.host" "$@"; }
arm() { "$QEMU" "$out/dojo.arm64" "$@"; }

hash_of() { sed -n 's/.*"final_hash": "\([0-9a-f]*\)".*/\1/p'; }

fail=0
# same P1 P2 SEED NAME [REPLAY]: the match's final hash must be the same on
# both CPUs; with REPLAY, the host records it and arm64 must verify it,
# re-driving it with the same fighters (a Core is given with --p1/--p2, a
# bot comes from the arm64 build's own registry).
same() {
	local rec=() fighters=() h a
	[ -n "${5:-}" ] && rec=(--replay "$5")
	[[ $1 == core:* || $1 == sample:* ]] && fighters+=(--p1 "$1")
	[[ $2 == core:* || $2 == sample:* ]] && fighters+=(--p2 "$2")
	h=$(host fight --p1 "$1" --p2 "$2" --seed "$3" "${rec[@]}" --json | hash_of)
	a=$(arm fight --p1 "$1" --p2 "$2" --seed "$3" --json | hash_of)
	if [ -n "${5:-}" ] && ! arm replay verify "$5" "${fighters[@]}" >"$5.verify" 2>&1; then
		echo "FAIL $4: the arm64 build rejects the amd64 replay:" >&2
		cat "$5.verify" >&2
		fail=1
	elif [ -z "$h" ] || [ "$h" != "$a" ]; then
		echo "FAIL $4: final hash $(uname -m) $h, arm64 $a" >&2
		fail=1
	else
		echo "ok   $4: final hash $h on $(uname -m) and arm64${5:+; replay verified and re-driven under qemu}"
	fi
}

# golden PKG WHAT TEST...: each named test of PKG runs and passes on arm64.
# A -test.run pattern that matches nothing exits 0, so every named test must
# print its own "--- PASS" line (a renamed or deleted test fails the check).
golden() {
	local pkg=$1 what=$2 t missing=()
	shift 2
	local pattern
	pattern="^($(IFS='|'; echo "$*"))\$"
	CGO_ENABLED=0 GOARCH=arm64 go test -c -o "$out/$pkg.test" "./$pkg"
	if ! (cd "$pkg" && "$QEMU" "$out/$pkg.test" -test.run "$pattern" -test.v >"$out/$pkg.log" 2>&1); then
		echo "FAIL $pkg tests on arm64:" >&2
		cat "$out/$pkg.log" >&2
		fail=1
		return
	fi
	for t in "$@"; do
		grep -q "^--- PASS: $t (" "$out/$pkg.log" || missing+=("$t")
	done
	if [ ${#missing[@]} -gt 0 ]; then
		echo "FAIL $pkg on arm64: no '--- PASS' line for ${missing[*]} (renamed or removed?)" >&2
		fail=1
	else
		echo "ok   $pkg: $what hold on arm64 ($*)"
	fi
}

matches=(
	"bot:rushdown bot:zoner 7"
	"bot:turtle bot:random 3"
	"bot:zoner bot:turtle 11"
	"bot:random bot:random 42"
	"bot:rushdown bot:turtle 1001"
	"bot:brawler bot:sniper 5"
	"bot:wall bot:sparring 6"
)
for m in "${matches[@]}"; do
	set -- $m
	name="$1-$2-$3"
	name=${name//bot:/}
	same "$1" "$2" "$3" "$name" "$out/$name.replay"
done

# Neural fighters: a Core trained here must decide identically on arm64.
host core new --archetype sage --seed 5 --out "$out/core0" >/dev/null
host record --teacher bot:brawler --minutes 1 --out "$out/demos" >/dev/null 2>&1
host train --core "$out/core0" --demos "$out/demos" --out "$out/core1" --quiet >/dev/null 2>&1
core_matches=(
	"core:$out/core1 bot:rushdown 7"
	"core:$out/core0 core:$out/core1 8"
	"bot:turtle core:$out/core1 9"
	"sample:$out/core1 bot:wall 10"
)
for m in "${core_matches[@]}"; do
	set -- $m
	name="${1##*/}-${2##*/}-$3"
	name=${name//bot:/}
	[[ $1 == sample:* ]] && name="sampled-$name"
	same "$1" "$2" "$3" "neural $name" "$out/$name.replay"
done

# The packages' own golden checks, run on arm64.
golden brain "golden logit digests (integer and float policies) and Memories hashes" \
	TestDigestGolden TestPolicyMatchesReference TestNewCore
golden game "golden match hashes and mirror symmetry" \
	TestGolden TestSwapSidesMirrorsMatch TestReplayRoundTripVerifies
exit $fail
