#!/usr/bin/env bash
# Tournament figures (docs/PERFORMANCE.md), whole commands on this machine:
#   games/s bot vs bot (7 bots, double round robin: 84 games) and neural vs
#   neural (4 Cores, swift and sage: 24 games), 1 and 2 workers, in-process
#   and over JetStream (embedded nats-server, in-process workers);
#   the time to fetch and verify a fighter from IPFS (dojo fetch, embedded);
#   the in-process runs again beside a busy process;
#   verify-result per game; the API's standings under 100 connections (wrk).
set -euo pipefail
cd "$(dirname "$0")/.."
CGO_ENABLED=0 go build -o bin/dojo ./cmd/dojo
command -v wrk >/dev/null || { echo "bench-tournament: needs wrk (apt-get install wrk)" >&2; exit 1; }
work=$(mktemp -d)
trap 'kill ${serve:-} ${busy:-} 2>/dev/null || true; rm -rf "$work"' EXIT
d=bin/dojo
data=$work/data
bots=bot:rushdown,bot:turtle,bot:zoner,bot:brawler,bot:sniper,bot:wall,bot:random
for i in 1 2; do
	$d core new --archetype swift --seed $i --out "$work/swift$i" >/dev/null
	$d core new --archetype sage --seed $i --out "$work/sage$i" >/dev/null
done
cores=core:$work/swift1,core:$work/swift2,core:$work/sage1,core:$work/sage2

now() { date +%s.%N; }
run() { # label entrants games extra-flags...
	local label=$1 entrants=$2 games=$3
	shift 3
	local t0 t1
	t0=$(now)
	$d tournament --data-dir "$data" --entrants "$entrants" --format double-round-robin --seed 9 --out "$work/t-$RANDOM$RANDOM" "$@" >/dev/null 2>&1
	t1=$(now)
	awk -v l="$label" -v g="$games" -v a="$t0" -v b="$t1" 'BEGIN { printf "%-44s %6.2f s  %7.1f games/s\n", l, b - a, g / (b - a) }'
}
echo "== tournaments (whole command, double round robin)"
run "bot vs bot, 1 worker" $bots 84 --workers 1
run "bot vs bot, 2 workers" $bots 84 --workers 2
run "bot vs bot, JetStream, 1 worker" $bots 84 --workers 1 --nats-listen 127.0.0.1:0
run "bot vs bot, JetStream, 2 workers" $bots 84 --workers 2 --nats-listen 127.0.0.1:0
run "neural vs neural, 1 worker" "$cores" 24 --workers 1
run "neural vs neural, 2 workers" "$cores" 24 --workers 2
run "neural vs neural, JetStream, 1 worker" "$cores" 24 --workers 1 --nats-listen 127.0.0.1:0
run "neural vs neural, JetStream, 2 workers" "$cores" 24 --workers 2 --nats-listen 127.0.0.1:0

echo "== the same with a busy process beside it (one core kept busy by a shell loop)"
sh -c 'while :; do :; done' &
busy=$!
run "bot vs bot, 1 worker, loaded" $bots 84 --workers 1
run "bot vs bot, 2 workers, loaded" $bots 84 --workers 2
run "neural vs neural, 1 worker, loaded" "$cores" 24 --workers 1
run "neural vs neural, 2 workers, loaded" "$cores" 24 --workers 2
kill $busy
busy=

echo "== fetch and verify a fighter from IPFS (dojo fetch, embedded defaults, 5 runs)"
$d mint --data-dir "$data" --name Bench --archetype sage --random-form --seed 3 >/dev/null
for i in 1 2 3 4 5; do
	t0=$(now)
	$d fetch 1 --data-dir "$data" --out "$work/fetched$i" >/dev/null
	t1=$(now)
	awk -v a="$t0" -v b="$t1" 'BEGIN { printf "  %.3f s\n", b - a }'
done

echo "== verify-result"
$d tournament --data-dir "$data" --entrants "$bots,$cores" --format swiss --rounds 5 --seed 2 --out "$work/v" >/dev/null 2>&1
$d verify-result --data-dir "$data" "$work/v/results.json"

echo "== the API under load: GET /api/standings, 100 connections, 10 s"
$d serve --data-dir "$data" --out "$work/serve" --listen 127.0.0.1:18090 >/dev/null 2>&1 &
serve=$!
for _ in $(seq 50); do curl -s -o /dev/null http://127.0.0.1:18090/api/status && break; sleep 0.1; done
for s in bot:rushdown bot:zoner bot:brawler bot:random; do
	curl -s -o /dev/null -H 'Content-Type: application/json' -d "{\"spec\":\"$s\"}" http://127.0.0.1:18090/api/entrants
done
curl -s -o /dev/null -H 'Content-Type: application/json' -d '{"format":"double-round-robin","seed":"1"}' http://127.0.0.1:18090/api/tournaments
until curl -s http://127.0.0.1:18090/api/status | grep -q finished; do sleep 0.1; done
wrk -t2 -c100 -d10s http://127.0.0.1:18090/api/standings
