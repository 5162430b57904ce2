#!/usr/bin/env bash
# Training throughput of Dojo's behaviour cloning against PyTorch on this
# machine, measured side by side in one run: the sage MLP (64→128→128→16),
# batch 256, Adam, cross-entropy, float32.
#   Go:      BenchmarkTrainStep in ./training (both engines), COUNT runs
#   PyTorch: scripts/bench_train_torch.py with 1 and 2 threads, COUNT runs
# Prints the medians and the ratios. Installs Debian's python3-torch if missing.
set -euo pipefail
cd "$(dirname "$0")/.."
COUNT=${COUNT:-5}
PY=/usr/bin/python3

bash scripts/install-torch.sh >&2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

for i in $(seq "$COUNT"); do
	go test ./training -run '^$' -bench 'TrainStep' -benchtime 2s -count 1 >>"$tmp/go.txt"
	"$PY" scripts/bench_train_torch.py --threads 1 --epochs 3 >>"$tmp/torch1.jsonl"
	"$PY" scripts/bench_train_torch.py --threads 2 --epochs 3 >>"$tmp/torch2.jsonl"
done

median() { sort -n | awk '{a[NR]=$1} END {if (NR%2) print a[(NR+1)/2]; else print (a[NR/2]+a[NR/2+1])/2}'; }
go_rate() { awk -v e="$1" '$1 ~ "TrainStep/"e"-" {for (i=1;i<=NF;i++) if ($(i+1)=="samples/s") print $i}' "$tmp/go.txt" | median; }
torch_rate() { sed -n 's/.*"samples_per_sec": \([0-9.]*\).*/\1/p' "$1" | median; }

gorgonia=$(go_rate gorgonia)
fast=$(go_rate fast)
t1=$(torch_rate "$tmp/torch1.jsonl")
t2=$(torch_rate "$tmp/torch2.jsonl")
echo "Training throughput, sage MLP 64→128→128→16, batch 256 (median of $COUNT interleaved runs)"
printf '%-28s %12s %14s %14s\n' "trainer" "samples/s" "÷ torch 1 thr" "÷ torch 2 thr"
for row in "dojo, gorgonia engine:$gorgonia" "dojo, fast engine:$fast" "pytorch 1 thread:$t1" "pytorch 2 threads:$t2"; do
	name=${row%%:*}
	v=${row##*:}
	awk -v n="$name" -v v="$v" -v a="$t1" -v b="$t2" 'BEGIN {printf "%-28s %12.0f %13.2fx %13.2fx\n", n, v, v/a, v/b}'
done
