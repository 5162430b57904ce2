#!/usr/bin/env bash
# Times what a player runs on the NFT side, as whole commands (docs/PERFORMANCE.md):
#   - `dojo save` end to end (Memories → IPFS → Manifest → updateCore), on the
#     embedded defaults and on a real geth --dev + Kubo daemon, quiet and with a
#     busy process beside it;
#   - the bytes a Core takes on IPFS, per archetype;
#   - the gas of mint and updateCore.
# RUNS=5 by default. Needs the real geth and ipfs (make deps builds them).
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-5}
TOOLS=${DOJO_TOOLS:-$HOME/.cache/dojo-tools}
export DOJO_GETH_BIN=${DOJO_GETH_BIN:-$TOOLS/bin/geth} DOJO_IPFS_BIN=${DOJO_IPFS_BIN:-$TOOLS/bin/ipfs}
CGO_ENABLED=0 go build -o bin/dojo ./cmd/dojo
dojo=$PWD/bin/dojo
work=$(mktemp -d)
busy=""
cleanup() {
	[ -n "$busy" ] && kill "$busy" 2>/dev/null || true
	bash scripts/geth.sh stop "$work/geth" 2>/dev/null || true
	bash scripts/kubo.sh stop "$work/kubo" 2>/dev/null || true
	rm -rf "$work"
}
trap cleanup EXIT

# One trained Core to save, from 1 minute of the brawler's play.
$dojo core new --archetype swift --seed 1 --out "$work/minted" >/dev/null
$dojo record --teacher bot:brawler --minutes 1 --out "$work/demos" >/dev/null 2>&1
$dojo train --core "$work/minted" --demos "$work/demos" --out "$work/trained" --epochs 3 --quiet >/dev/null 2>&1

median() { sort -n | awk '{a[NR]=$1} END {m=(NR%2)?a[(NR+1)/2]:(a[NR/2]+a[NR/2+1])/2; printf "%.3f", m}'; }
# times RUNS saves of the trained Core onto token 1 and prints the median seconds.
time_saves() {
	for _ in $(seq "$RUNS"); do
		s=$(date +%s.%N)
		"$dojo" save --token 1 --core "$work/trained" "$@" >/dev/null
		e=$(date +%s.%N)
		echo "$e - $s" | bc
	done | median
}

echo "== dojo save, end to end, median of $RUNS (seconds)"
data=$work/data
$dojo mint --name Bench --archetype swift --random-form --seed 1 --data-dir "$data" >/dev/null
echo "embedded, quiet:        $(time_saves --data-dir "$data")"
python3 -c 'while True: pass' & busy=$!
echo "embedded, busy core:    $(time_saves --data-dir "$data")"
kill $busy; busy=""

mkdir -p "$work/geth" "$work/kubo"
bash scripts/geth.sh start "$work/geth"
bash scripts/kubo.sh start "$work/kubo"
rpc=$(cat "$work/geth/rpc.url"); api=$(cat "$work/kubo/api.url")
keys=(--keystore "$work/geth/keystore" --password "$work/geth/password")
contract=$($dojo deploy --rpc "$rpc" --admin-delay 0 "${keys[@]}" --json | sed -n 's/.*"contract": "\(0x[0-9a-fA-F]*\)".*/\1/p')
real=(--rpc "$rpc" --contract "$contract" --ipfs-api "$api" "${keys[@]}" --data-dir "$work/data-real")
mint_gas=$($dojo mint --name Bench --archetype swift --random-form --seed 1 "${real[@]}" --json | sed -n 's/.*"gas_used": \([0-9]*\).*/\1/p')
echo "geth + Kubo, quiet:     $(time_saves "${real[@]}")"
python3 -c 'while True: pass' & busy=$!
echo "geth + Kubo, busy core: $(time_saves "${real[@]}")"
kill $busy; busy=""
save_gas=$($dojo save --token 1 --core "$work/trained" "${real[@]}" --json | sed -n 's/.*"gas_used": \([0-9]*\).*/\1/p')

echo "== gas on geth --dev v1.17.10 (its fork schedule)"
echo "mint: $mint_gas   updateCore: $save_gas"

echo "== bytes on IPFS per archetype (Brain, Memories, Form, portrait, Manifest)"
for a in swift sage; do
	d=$work/size-$a
	$dojo mint --name "Size" --archetype $a --random-form --seed 1 --data-dir "$d" >/dev/null
	$dojo show 1 --data-dir "$d" --json | python3 -c '
import json,sys
s=json.load(sys.stdin); d=s["manifest"]["dojo"]
parts={k:d[k]["size"] for k in ("brain","memories","form","portrait")}
print("'$a'", parts, "total", sum(parts.values()))'
done
