#!/usr/bin/env bash
# Training speed on this machine, measured side by side in one run.
#
# 1. The step (skip with STEP=0): Dojo's BenchmarkTrainStep (both engines) and
#    PyTorch (scripts/bench_train_torch.py, 1 and 2 threads) on the sage MLP
#    (96→128→128→16), batch 256, Adam, cross-entropy, float32, COUNT
#    interleaved runs each. Installs Debian's python3-torch if missing.
# 2. The whole command (skip with WHOLE=0): `dojo train` on five minutes of a
#    teacher's demonstrations against random (TEACHER, default the brawler
#    persona; BASE_TEACHER, default zoner, for a base without personas)
#    with the default settings, for this tree and for the original code
#    (BASE, default 1251fa2: before the spine issue; built from
#    `git archive` in a temporary directory), each recording its own demonstrations and starting from its
#    own fresh sage Core, three ways:
#      idle     nothing else started by this script
#      busy     beside one busy process (python3 -c 'while True: pass')
#      busy-1   GOMAXPROCS=1 beside the same busy process
#    REPS repetitions, the runs of a repetition interleaved (in an order
#    that alternates); medians of the wall time of the whole command, and
#    of the training alone per epoch. BATCH, when set, is passed as --batch.
# Prints the medians and the ratios. The machine may be shared: the load
# average before and after is printed; quote ratios, not absolute times.
set -euo pipefail
cd "$(dirname "$0")/.."
COUNT=${COUNT:-5}
REPS=${REPS:-7}
STEP=${STEP:-1}
WHOLE=${WHOLE:-1}
# The new code trains on a persona's play (the data a player's clone is
# trained on); the base, which may predate the personas, on BASE_TEACHER's.
TEACHER=${TEACHER:-brawler}
BASE_TEACHER=${BASE_TEACHER:-zoner}
PY=/usr/bin/python3

tmp=$(mktemp -d)
busy=""
cleanup() {
	if [ -n "$busy" ]; then kill "$busy" 2>/dev/null || true; fi
	rm -rf "$tmp"
}
trap cleanup EXIT

median() { sort -n | awk '{a[NR]=$1} END {if (NR%2) print a[(NR+1)/2]; else print (a[NR/2]+a[NR/2+1])/2}'; }

echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), $(nproc) cores; load average before: $(cut -d' ' -f1-3 /proc/loadavg)"

if [ "$STEP" != 0 ]; then
	bash scripts/install-torch.sh >&2
	for i in $(seq "$COUNT"); do
		go test ./training -run '^$' -bench 'TrainStep' -benchtime 2s -count 1 >>"$tmp/go.txt"
		"$PY" scripts/bench_train_torch.py --threads 1 --epochs 3 >>"$tmp/torch1.jsonl"
		"$PY" scripts/bench_train_torch.py --threads 2 --epochs 3 >>"$tmp/torch2.jsonl"
	done
	go_rate() { awk -v e="$1" '$1 ~ "TrainStep/"e"-" {for (i=1;i<=NF;i++) if ($(i+1)=="samples/s") print $i}' "$tmp/go.txt" | median; }
	torch_rate() { sed -n 's/.*"samples_per_sec": \([0-9.]*\).*/\1/p' "$1" | median; }
	gorgonia=$(go_rate gorgonia)
	fast=$(go_rate fast)
	t1=$(torch_rate "$tmp/torch1.jsonl")
	t2=$(torch_rate "$tmp/torch2.jsonl")
	echo
	echo "Training throughput, sage MLP 96→128→128→16, batch 256 (median of $COUNT interleaved runs)"
	printf '%-28s %12s %14s %14s\n' "trainer" "samples/s" "÷ torch 1 thr" "÷ torch 2 thr"
	for row in "dojo, gorgonia engine:$gorgonia" "dojo, fast engine:$fast" "pytorch 1 thread:$t1" "pytorch 2 threads:$t2"; do
		name=${row%%:*}
		v=${row##*:}
		awk -v n="$name" -v v="$v" -v a="$t1" -v b="$t2" 'BEGIN {printf "%-28s %12.0f %13.2fx %13.2fx\n", n, v, v/a, v/b}'
	done
fi

if [ "$WHOLE" != 0 ]; then
	# The code before the spine issue (rules 1, ObsSpec 1, the spinning
	# trainer), unless BASE names another commit.
	BASE=${BASE:-1251fa2}
	mkdir -p "$tmp/new" "$tmp/base/src"
	CGO_ENABLED=0 go build -o "$tmp/new/dojo" ./cmd/dojo
	git archive "$BASE" | tar -x -C "$tmp/base/src"
	(cd "$tmp/base/src" && CGO_ENABLED=0 go build -o "$tmp/base/dojo" ./cmd/dojo)
	for v in new base; do
		t=$TEACHER
		[ "$v" = base ] && t=$BASE_TEACHER
		"$tmp/$v/dojo" record --teacher "bot:$t" --opponent bot:random --minutes 5 --out "$tmp/$v/demos" >/dev/null 2>&1
		"$tmp/$v/dojo" core new --archetype sage --seed 1 --out "$tmp/$v/core" >/dev/null
	done
	# run VERSION MODE: one timed `dojo train`, its wall seconds appended to
	# $tmp/VERSION-MODE.txt.
	n=0
	run() {
		local v=$1 mode=$2 env=()
		[ "$mode" = busy-1 ] && env=(GOMAXPROCS=1)
		n=$((n + 1))
		local t0 t1
		t0=$(date +%s%N)
		env "${env[@]}" "$tmp/$v/dojo" train --core "$tmp/$v/core" --demos "$tmp/$v/demos" --out "$tmp/$v/out$n" \
			${BATCH:+--batch "$BATCH"} --quiet --json >"$tmp/$v/out$n.json" 2>/dev/null
		t1=$(date +%s%N)
		echo "$(( (t1 - t0) / 1000 ))" | awk '{printf "%.4f\n", $1/1e6}' >>"$tmp/$v-$mode.txt"
		sed -n 's/.*"epochs_run": \([0-9]*\).*/\1/p' "$tmp/$v/out$n.json" >>"$tmp/$v-epochs.txt"
		sed -n 's/.*"holdout_accuracy": \([0-9.]*\).*/\1/p' "$tmp/$v/out$n.json" >>"$tmp/$v-accuracy.txt"
		# The training alone (the JSON's seconds) per epoch run.
		awk '/"seconds"/ {gsub(/[^0-9.]/, "", $2); s = $2} /"epochs_run"/ {gsub(/[^0-9]/, "", $2); e = $2} END {printf "%.5f\n", s / e}' \
			"$tmp/$v/out$n.json" >>"$tmp/$v-$mode.epoch"
		rm -rf "$tmp/$v/out$n"
	}
	# The order alternates from one repetition to the next, so that a
	# drift in the machine's load favours no version and no mode.
	for i in $(seq "$REPS"); do
		if [ $((i % 2)) = 1 ]; then order="new base"; modes="busy busy-1"; else order="base new"; modes="busy-1 busy"; fi
		for v in $order; do run "$v" idle; done
		python3 -c 'while True: pass' &
		busy=$!
		sleep 0.2
		for m in $modes; do
			for v in $order; do run "$v" "$m"; done
		done
		kill "$busy"
		wait "$busy" 2>/dev/null || true
		busy=""
	done
	med() { median <"$tmp/$1-$2.txt"; }
	echo
	echo "Whole \`dojo train\` on 5 minutes of bot:$TEACHER (base: bot:$BASE_TEACHER) (sage, ${BATCH:+batch $BATCH, otherwise }default settings; median wall seconds of $REPS interleaved runs)"
	echo "base: $(git rev-parse --short "$BASE"); this tree: $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- . 2>/dev/null || echo ' + changes')"
	printf '%-10s %10s %10s %10s %14s\n' "code" "idle" "busy" "busy-1" "busy ÷ busy-1"
	for v in new base; do
		awk -v n="$v" -v a="$(med "$v" idle)" -v b="$(med "$v" busy)" -v c="$(med "$v" busy-1)" \
			'BEGIN {printf "%-10s %9.3fs %9.3fs %9.3fs %13.2fx\n", n, a, b, c, b/c}'
	done
	awk -v a="$(med base idle)" -v b="$(med new idle)" -v c="$(med base busy)" -v d="$(med new busy)" \
		'BEGIN {printf "speed-up over base: idle %.2fx, busy %.2fx\n", a/b, c/d}'
	epoch() { median <"$tmp/$1-$2.epoch"; }
	echo "training alone, milliseconds per epoch (median):"
	for v in new base; do
		awk -v n="$v" -v a="$(epoch "$v" idle)" -v b="$(epoch "$v" busy)" -v c="$(epoch "$v" busy-1)" \
			'BEGIN {printf "%-10s %9.2f  %9.2f  %9.2f  %13.2fx\n", n, 1000*a, 1000*b, 1000*c, b/c}'
	done
	awk -v a="$(epoch base idle)" -v b="$(epoch new idle)" -v c="$(epoch base busy)" -v d="$(epoch new busy)" \
		'BEGIN {printf "per-epoch speed-up over base: idle %.2fx, busy %.2fx\n", a/b, c/d}'
	echo "epochs run (early stopping decides): new $(sort -u "$tmp/new-epochs.txt" | tr '\n' ' ')base $(sort -u "$tmp/base-epochs.txt" | tr '\n' ' ')"
	echo "hold-out accuracy kept: new $(sort -u "$tmp/new-accuracy.txt" | cut -c1-6 | tr '\n' ' ')base $(sort -u "$tmp/base-accuracy.txt" | cut -c1-6 | tr '\n' ' ')"
fi
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
