#!/usr/bin/env bash
# Match-time policy speed of the work tree against another commit (default:
# the merge base with main), measured side by side on this machine:
#   BenchmarkPolicyDecide (./brain): one decision, per archetype and kernel
#   BenchmarkNeuralMatch (./training): whole matches between two neural
#     fighters; the new code also with GODEBUG=cpu.avx512f=off (its AVX2
#     kernel) when the CPU has AVX-512
# The old and new test binaries run in alternation, ROUNDS times (default 9),
# so that a busy neighbour slows both alike. Prints the medians, the min-max
# spread and the ratios of the medians, and the load average it ran under.
# Usage: scripts/bench-policy.sh [REF]
set -euo pipefail
cd "$(dirname "$0")/.."
ref=${1:-$(git merge-base HEAD main)}
ROUNDS=${ROUNDS:-9}

tmp=$(mktemp -d)
trap 'git worktree remove --force "$tmp/old" >/dev/null 2>&1 || true; rm -rf "$tmp"' EXIT
git worktree add --detach "$tmp/old" "$ref" >/dev/null 2>&1
(cd "$tmp/old" && go test -c -o "$tmp/brain.old" ./brain && go test -c -o "$tmp/training.old" ./training)
go test -c -o "$tmp/brain.new" ./brain
go test -c -o "$tmp/training.new" ./training
avx512=$(grep -qw avx512_vnni /proc/cpuinfo && echo yes || true)

# run LABEL PKG BINARY ARGS...: one benchmark run, its lines tagged LABEL.
run() {
	local label=$1 pkg=$2 bin=$3
	shift 3
	(cd "$pkg" && "$bin" -test.run '^$' "$@") | awk -v l="$label" '/^Benchmark/ {sub(/-[0-9]+$/, "", $1); print l, $0}' >>"$tmp/all.txt"
}
loads=()
for r in $(seq "$ROUNDS"); do
	loads+=("$(cut -d' ' -f1 /proc/loadavg)")
	run old brain "$tmp/brain.old" -test.bench PolicyDecide -test.benchtime 400ms -test.benchmem
	run new brain "$tmp/brain.new" -test.bench PolicyDecide -test.benchtime 400ms -test.benchmem
	run old training "$tmp/training.old" -test.bench NeuralMatch -test.benchtime 2s
	run new training "$tmp/training.new" -test.bench NeuralMatch -test.benchtime 2s
	if [ -n "$avx512" ]; then
		GODEBUG=cpu.avx512f=off run new-avx2 training "$tmp/training.new" -test.bench NeuralMatch -test.benchtime 2s
	fi
done

# stat LABEL BENCH UNIT: "median min max" of the figure in UNIT.
stat() {
	awk -v l="$1" -v b="$2" -v u="$3" '$1 == l && $2 == b {for (i = 3; i < NF; i++) if ($(i+1) == u) print $i}' "$tmp/all.txt" |
		sort -g | awk '{a[NR] = $1} END {if (NR) print (NR % 2 ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2), a[1], a[NR]}'
}
echo "CPU: $(sed -n 's/^model name[^:]*: //p' /proc/cpuinfo | head -1); load average (1 min) per round: ${loads[*]}"
echo "old = $(git rev-parse --short "$ref"), new = work tree; medians of $ROUNDS interleaved rounds (min-max)"
for b in $(awk '{print $2}' "$tmp/all.txt" | sort -u); do
	for l in old new new-avx2; do
		for u in ns/op allocs/op matches/s; do
			read -r m lo hi < <(stat "$l" "$b" "$u") || continue
			printf '%-9s %-40s %10s %-10s (%s-%s)\n' "$l" "$b" "$m" "$u" "$lo" "$hi"
		done
	done
done
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {if (a > 0 && b > 0) printf "%.2f", a / b; else printf "n/a"}'; }
med() { stat "$@" | cut -d' ' -f1; }
old_sage=$(med old BenchmarkPolicyDecide/sage ns/op)
for k in $(awk '$1 == "new" && $2 ~ /PolicyDecide\/sage\// {sub(/.*sage\//, "", $2); print $2}' "$tmp/all.txt" | sort -u); do
	echo "sage decision, old (its default kernel) ÷ new ($k kernel): $(ratio "$old_sage" "$(med new "BenchmarkPolicyDecide/sage/$k" ns/op)")×"
done
old_m=$(med old BenchmarkNeuralMatch matches/s)
echo "neural matches/s, new ÷ old: $(ratio "$(med new BenchmarkNeuralMatch matches/s)" "$old_m")×"
[ -n "$avx512" ] && echo "neural matches/s, new (AVX2 kernel) ÷ old: $(ratio "$(med new-avx2 BenchmarkNeuralMatch matches/s)" "$old_m")×"
exit 0
