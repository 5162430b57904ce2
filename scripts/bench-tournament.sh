#!/usr/bin/env bash
# Tournament figures (docs/PERFORMANCE.md), whole commands on this machine,
# each the median of RUNS (default 3) runs after a warm-up:
#   games/s, double round robin, bot vs bot (the 8 bots: 112 games) and
#   neural vs neural (6 Cores, swift and sage: 60 games), 1 and 2 workers,
#   in-process, over JetStream with the workers in the process, and over
#   JetStream with the games played by 1 or 2 `dojo worker` processes;
#   a 2-game tournament: the command's fixed cost;
#   the in-process runs again beside a busy process;
#   the time to fetch and verify a fighter from IPFS (dojo fetch, embedded);
#   verify-result per game; the API's standings under 100 connections (wrk).
set -euo pipefail
cd "$(dirname "$0")/.."
CGO_ENABLED=0 go build -o bin/dojo ./cmd/dojo
command -v wrk >/dev/null || { echo "bench-tournament: needs wrk (apt-get install wrk)" >&2; exit 1; }
work=$(mktemp -d)
trap 'kill ${serve:-} ${busy:-} ${wpids[*]:-} 2>/dev/null || true; rm -rf "$work"' EXIT
d=bin/dojo
data=$work/data
b7=bot:rushdown,bot:turtle,bot:zoner,bot:brawler,bot:sniper,bot:wall,bot:random
bots=$b7,bot:sparring
cores=
for i in 1 2 3; do
	$d core new --archetype swift --seed $i --out "$work/swift$i" >/dev/null
	$d core new --archetype sage --seed $i --out "$work/sage$i" >/dev/null
	cores=$cores${cores:+,}core:$work/swift$i,core:$work/sage$i
done
head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n' >"$work/token"

now() { date +%s.%N; }
runs=${RUNS:-3}
run() { # label entrants games extra-flags...: the median of $runs runs
	local label=$1 entrants=$2 games=$3
	shift 3
	local t0 t1 times=()
	for _ in $(seq "$runs"); do
		t0=$(now)
		$d tournament --data-dir "$data" --entrants "$entrants" --format double-round-robin --seed 9 --out "$work/t-$RANDOM$RANDOM" "$@" >/dev/null 2>&1
		t1=$(now)
		times+=("$(awk -v a="$t0" -v b="$t1" 'BEGIN { print b - a }')")
	done
	printf '%s\n' "${times[@]}" | sort -g | awk -v l="$label" -v g="$games" '{ t[NR] = $1 } END { m = t[int((NR + 1) / 2)]; printf "%-44s %6.2f s  %7.1f games/s  (%d runs, %.2f–%.2f s)\n", l, m, g / m, NR, t[1], t[NR] }'
}
# The data directory's chain and IPFS node are made by the first command
# that opens it: made here, outside the timings.
$d tournament --data-dir "$data" --entrants bot:random,bot:zoner --out "$work/warm-up" >/dev/null 2>&1
workers() { # n: start n dojo worker processes on the queue at 127.0.0.1:14333
	wpids=()
	for _ in $(seq "$1"); do
		$d worker --nats nats://127.0.0.1:14333 --nats-token-file "$work/token" 2>/dev/null &
		wpids+=($!)
	done
}
stop_workers() { kill "${wpids[@]}" 2>/dev/null || true; wait "${wpids[@]}" 2>/dev/null || true; }
queue=(--nats-listen 127.0.0.1:14333 --nats-token-file "$work/token" --workers 0)

echo "== tournaments (whole command, double round robin)"
run "fixed cost: 2 bots, 2 games" bot:zoner,bot:turtle 2 --workers 1
for w in 1 2; do run "bot vs bot, $w worker(s)" $bots 112 --workers $w; done
for w in 1 2; do run "bot vs bot, JetStream, $w worker(s) in process" $bots 112 --workers $w --nats-listen 127.0.0.1:0; done
for w in 1 2; do workers $w; run "bot vs bot, JetStream, $w worker process(es)" $bots 112 "${queue[@]}"; stop_workers; done
for w in 1 2; do run "neural vs neural, $w worker(s)" "$cores" 60 --workers $w; done
for w in 1 2; do run "neural vs neural, JetStream, $w worker(s) in process" "$cores" 60 --workers $w --nats-listen 127.0.0.1:0; done
for w in 1 2; do workers $w; run "neural vs neural, JetStream, $w worker process(es)" "$cores" 60 "${queue[@]}"; stop_workers; done

echo "== the same in-process runs with a busy process beside them (a shell loop)"
sh -c 'while :; do :; done' &
busy=$!
for w in 1 2; do run "bot vs bot, $w worker(s), loaded" $bots 112 --workers $w; done
for w in 1 2; do run "neural vs neural, $w worker(s), loaded" "$cores" 60 --workers $w; done
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
$d tournament --data-dir "$data" --entrants "$b7,$cores" --format swiss --rounds 5 --seed 2 --out "$work/v" >/dev/null 2>&1
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
