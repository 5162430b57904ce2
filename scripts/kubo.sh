#!/usr/bin/env bash
# The real Kubo `ipfs` binary and a throw-away offline daemon, for tests.
#
#   kubo.sh build        build ipfs once into $DOJO_TOOLS/bin (default
#                        ~/.cache/dojo-tools/bin) from scripts/tools/kubo;
#                        skipped when that binary is already kubo $KUBO_VERSION.
#                        Prints the binary's path.
#   kubo.sh start DIR    IPFS_PATH=DIR ipfs init --profile=test, API and gateway
#                        on free 127.0.0.1 ports (DIR/gateway has its URL), `ipfs daemon --offline` in the
#                        background; waits until the API answers, then writes
#                        DIR/daemon.pid and DIR/api.url (http://127.0.0.1:PORT)
#                        and prints the API URL.
#   kubo.sh stop DIR     kill the daemon of DIR by its PID and wait for it.
#
# The binary is $DOJO_IPFS_BIN if set, else the one `build` makes.
set -euo pipefail

KUBO_VERSION=0.43.1
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
tools=${DOJO_TOOLS:-$HOME/.cache/dojo-tools}
bin=${DOJO_IPFS_BIN:-$tools/bin/ipfs}

die() { echo "kubo.sh: $*" >&2; exit 1; }

build() {
	if [ -x "$bin" ] && "$bin" version 2>/dev/null | grep -qx "ipfs version $KUBO_VERSION"; then
		echo "$bin"
		return
	fi
	echo "kubo.sh: building ipfs $KUBO_VERSION into $(dirname "$bin") (about 75 s cold)" >&2
	mkdir -p "$(dirname "$bin")"
	(cd "$here/tools/kubo" && CGO_ENABLED=0 GOFLAGS=-mod=readonly go build -trimpath -o "$bin.tmp.$$" github.com/ipfs/kubo/cmd/ipfs)
	mv -f "$bin.tmp.$$" "$bin"
	"$bin" version | grep -qx "ipfs version $KUBO_VERSION" || die "$bin is not kubo $KUBO_VERSION"
	echo "$bin"
}

start() {
	local dir=$1
	[ -x "$bin" ] || die "no ipfs binary at $bin: run 'scripts/kubo.sh build' or set DOJO_IPFS_BIN"
	mkdir -p "$dir"
	export IPFS_PATH=$dir
	if [ ! -f "$dir/config" ]; then
		"$bin" init --profile=test >"$dir/init.log" 2>&1 || die "ipfs init failed: $(cat "$dir/init.log")"
	fi
	# Port 0: the daemon picks free ports and writes its API address to
	# DIR/api (a multiaddr) and its gateway URL to DIR/gateway.
	"$bin" config Addresses.API /ip4/127.0.0.1/tcp/0
	"$bin" config Addresses.Gateway /ip4/127.0.0.1/tcp/0
	rm -f "$dir/api" "$dir/gateway"
	"$bin" daemon --offline >"$dir/daemon.log" 2>&1 &
	local pid=$!
	local url=""
	for _ in $(seq 1 600); do
		if ! kill -0 "$pid" 2>/dev/null; then
			die "ipfs daemon exited: $(tail -5 "$dir/daemon.log")"
		fi
		if [ -z "$url" ] && [ -s "$dir/api" ]; then
			local port
			port=$(sed -n 's|^/ip4/127\.0\.0\.1/tcp/\([0-9]*\)$|\1|p' "$dir/api")
			[ -n "$port" ] || die "unexpected API address in $dir/api: $(cat "$dir/api")"
			url="http://127.0.0.1:$port"
		fi
		if [ -n "$url" ] && curl -fsS -X POST "$url/api/v0/version" >/dev/null 2>&1; then
			echo "$pid" >"$dir/daemon.pid"
			echo "$url" >"$dir/api.url"
			echo "$url"
			return
		fi
		sleep 0.1
	done
	kill "$pid" 2>/dev/null || true
	die "ipfs daemon in $dir did not answer within 60 s: $(tail -5 "$dir/daemon.log")"
}

stop() {
	local dir=$1 pid
	[ -f "$dir/daemon.pid" ] || die "no $dir/daemon.pid"
	pid=$(cat "$dir/daemon.pid")
	if kill "$pid" 2>/dev/null; then
		for _ in $(seq 1 300); do
			kill -0 "$pid" 2>/dev/null || break
			sleep 0.1
		done
		if kill -0 "$pid" 2>/dev/null; then
			kill -9 "$pid" 2>/dev/null || true
		fi
	fi
	rm -f "$dir/daemon.pid"
}

case "${1:-}" in
build) build ;;
start) [ $# -eq 2 ] || die "usage: kubo.sh start DIR"; start "$2" ;;
stop) [ $# -eq 2 ] || die "usage: kubo.sh stop DIR"; stop "$2" ;;
*) die "usage: kubo.sh build | start DIR | stop DIR" ;;
esac
