#!/usr/bin/env bash
# Same result on another CPU: records matches with the amd64 (host) build of
# dojo, then runs the arm64 build under qemu-user to verify every replay and to
# replay the same matches from scratch, and compares the final state hashes.
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

matches=(
	"bot:rushdown bot:zoner 7"
	"bot:turtle bot:random 3"
	"bot:zoner bot:turtle 11"
	"bot:random bot:random 42"
	"bot:rushdown bot:turtle 1001"
)
fail=0
for m in "${matches[@]}"; do
	set -- $m
	name="$1-$2-$3"
	name=${name//bot:/}
	h=$(host fight --p1 "$1" --p2 "$2" --seed "$3" --replay "$out/$name.replay" --json | hash_of)
	a=$(arm fight --p1 "$1" --p2 "$2" --seed "$3" --json | hash_of)
	if ! arm replay verify "$out/$name.replay" >"$out/$name.verify" 2>&1; then
		echo "FAIL $name: the arm64 build rejects the amd64 replay:" >&2
		cat "$out/$name.verify" >&2
		fail=1
	elif [ -z "$h" ] || [ "$h" != "$a" ]; then
		echo "FAIL $name: final hash $(uname -m) $h, arm64 $a" >&2
		fail=1
	else
		echo "ok   $name: final hash $h on $(uname -m) and arm64; replay verified under qemu"
	fi
done
# Neural fighters: a Core trained here must decide identically on arm64.
host core new --archetype sage --seed 5 --out "$out/core0" >/dev/null
host record --teacher bot:zoner --minutes 1 --out "$out/demos" >/dev/null 2>&1
host train --core "$out/core0" --demos "$out/demos" --out "$out/core1" --quiet >/dev/null 2>&1
core_matches=(
	"core:$out/core1 bot:rushdown 7"
	"core:$out/core0 core:$out/core1 8"
	"bot:turtle core:$out/core1 9"
)
for m in "${core_matches[@]}"; do
	set -- $m
	h=$(host fight --p1 "$1" --p2 "$2" --seed "$3" --json | hash_of)
	a=$(arm fight --p1 "$1" --p2 "$2" --seed "$3" --json | hash_of)
	name="${1##*/}-${2##*/}-$3"
	if [ -z "$h" ] || [ "$h" != "$a" ]; then
		echo "FAIL $name: final hash $(uname -m) $h, arm64 $a (policy actions differ)" >&2
		fail=1
	else
		echo "ok   $name: final hash $h on $(uname -m) and arm64 (neural fighter)"
	fi
done

# The packages' own golden checks, run on arm64.
CGO_ENABLED=0 GOARCH=arm64 go test -c -o "$out/brain.test" ./brain
CGO_ENABLED=0 GOARCH=arm64 go test -c -o "$out/game.test" ./game
if (cd brain && "$QEMU" "$out/brain.test" -test.run 'TestDigestGolden|TestPolicyMatchesReference|TestNewCore' >"$out/brain.log" 2>&1); then
	echo "ok   brain: golden action digests (integer and float policies) and Memories hashes hold on arm64"
else
	echo "FAIL brain tests on arm64:" >&2; cat "$out/brain.log" >&2; fail=1
fi
if (cd game && "$QEMU" "$out/game.test" -test.run 'TestGolden|TestSwapSidesMirrorsMatch|TestReplayRoundTripVerifies' >"$out/game.log" 2>&1); then
	echo "ok   game: golden match hashes and mirror symmetry hold on arm64"
else
	echo "FAIL game tests on arm64:" >&2; cat "$out/game.log" >&2; fail=1
fi
exit $fail
