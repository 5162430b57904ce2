#!/usr/bin/env bash
# Frame times of the desktop arena under Xvfb: two neural fighters (a swift
# and a sage Core, the integer Policy deciding for each) fight in the real
# window for FRAMES frames, three ways, one after the other:
#   quiet    the arena alone
#   teach    Teach trains a fighter on 5 minutes of recorded play, again and
#            again, beside the game (a player training while playing on)
#   loaded   the same, with a busy process on the other core as well
# It prints ticks/s, drawn frames/s, the work of a frame (Update + Draw) and
# the interval between drawn frames (median and 99th percentile, ms), and the
# time Teach takes for 5 minutes of play (median of the runs).
set -euo pipefail
cd "$(dirname "$0")/.."
FRAMES=${FRAMES:-1800}
bash scripts/arena-deps.sh --test
go build -o bin/dojo-arena ./cmd/dojo-arena
out=$(mktemp -d)
trap 'rm -rf "$out"; [ -n "${hog:-}" ] && kill "$hog" 2>/dev/null || true' EXIT

run() { # name, extra flags
	xvfb-run -a -s "-screen 0 1280x720x24" bin/dojo-arena --mute --bench "$FRAMES" "${@:2}" >"$out/$1.json"
}
run quiet
run teach --bench-teach
sha256sum /dev/zero >/dev/null &
hog=$!
run loaded --bench-teach
kill "$hog"
hog=""

python3 - "$out" <<'PY'
import json, sys, statistics
d = sys.argv[1]
print(f"{'':8} {'ticks/s':>8} {'frames/s':>9} {'work med':>9} {'work p99':>9} {'frame med':>10} {'frame p99':>10} {'teach 5 min':>12}")
for name in ("quiet", "teach", "loaded"):
    r = json.load(open(f"{d}/{name}.json"))
    teach = "-"
    if r.get("teach_seconds"):
        teach = f"{statistics.median(r['teach_seconds']):.2f} s ({r['teach_runs']} runs)"
    print(f"{name:8} {r['ticks_per_second']:8.1f} {r['frames_per_second']:9.1f} "
          f"{r['update_plus_draw_ms']['median']:7.2f}ms {r['update_plus_draw_ms']['p99']:7.2f}ms "
          f"{r['frame_interval_ms']['median']:8.1f}ms {r['frame_interval_ms']['p99']:8.1f}ms {teach:>12}")
PY
