#!/usr/bin/env bash
# The imitation figures of docs/PERFORMANCE.md: for each persona, `dojo
# fidelity --json` (MINUTES of its play against sparring, a fresh sage Core,
# SEEDS seeds), summarised as one table row per persona and seed: the clone's
# held-out and on-policy agreement, style distance and combo completion next
# to the teacher's, the margins over the majority-action and depth-2 tree
# baselines, and the same clone sampling its policy (brain.Sampler).
set -euo pipefail
cd "$(dirname "$0")/.."
MINUTES=${MINUTES:-10}
SEEDS=${SEEDS:-1 2 3}
MATCHES=${MATCHES:-20}
CGO_ENABLED=0 go build -o bin/dojo ./cmd/dojo
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
printf '| persona | seed | agreement (clone / tree / majority) | style distance (clone / tree / majority) | on-policy | combos finished (teacher → clone) | win-rate gap | sampled clone: style distance, combos, win-rate gap | time to a Core |\n'
printf '| --- | --- | --- | --- | --- | --- | --- | --- | --- |\n'
for p in brawler sniper wall; do
	for s in $SEEDS; do
		bin/dojo fidelity --teacher "bot:$p" --minutes "$MINUTES" --matches "$MATCHES" --seed "$s" --json >"$tmp/f.json"
		/usr/bin/python3 - "$p" "$s" "$tmp/f.json" <<'PY'
import json, sys
p, s, path = sys.argv[1:]
f = json.load(open(path))
c = f["clone"]
b = {x["name"]: x for x in f["baselines"]}
t, m = b["depth-2 tree"], b["majority action"]
tc = f["teacher_play"]["combos"]
cc = c["combos"]
def rate(x):
    return "—" if x["started"] == 0 else "%.0f%% (%d/%d)" % (100 * x["finished"] / x["started"], x["finished"], x["started"])
sc = f["sampled_clone"]
print("| %s | %s | %.1f%% / %.1f%% / %.1f%% | %.3f / %.3f / %.3f | %.1f%% | %s → %s | %.1f pt | %.3f, %s, %.1f pt | %.1f s |" % (
    p, s, 100 * c["holdout_agreement"], 100 * t["holdout_agreement"], 100 * m["holdout_agreement"],
    c["style_distance"], t["style_distance"], m["style_distance"], 100 * c["on_policy_agreement"],
    rate(tc), rate(cc), 100 * c["win_rate_gap"], sc["style_distance"], rate(sc["combos"]), 100 * sc["win_rate_gap"], f["seconds"]))
PY
	done
done
