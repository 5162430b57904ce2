#!/usr/bin/env bash
# A real Kubo daemon for Dojo's integration tests, on 127.0.0.1 only.
#   scripts/kubo.sh build       build the `ipfs` binary (kubo v0.43.1, pinned in
#                               scripts/tools/kubo/go.mod) once into $DOJO_TOOLS/bin
#   scripts/kubo.sh start DIR   ipfs init --profile=test and ipfs daemon --offline on
#                               DIR; writes DIR/ipfs.pid, DIR/api.url, DIR/gateway.url
#   scripts/kubo.sh stop DIR    stop it by its PID
set -euo pipefail
. "$(dirname "$0")/daemon-lib.sh"
VERSION=0.43.1
ROOT=$(cd "$(dirname "$0")/.." && pwd)
TOOLS=${DOJO_TOOLS:-$HOME/.cache/dojo-tools}
IPFS=${DOJO_IPFS_BIN:-$TOOLS/bin/ipfs}

build() {
	if [ -x "$IPFS" ] && "$IPFS" version 2>/dev/null | grep -q "ipfs version $VERSION"; then
		return
	fi
	echo "kubo.sh: building ipfs v$VERSION into $TOOLS/bin" >&2
	mkdir -p "$TOOLS/bin"
	(cd "$ROOT/scripts/tools/kubo" && GOFLAGS= CGO_ENABLED=0 go build -o "$TOOLS/bin/ipfs" github.com/ipfs/kubo/cmd/ipfs)
}

start() {
	dir=$1
	export IPFS_PATH=$dir/repo
	if [ ! -f "$IPFS_PATH/config" ]; then
		"$IPFS" init --profile=test >/dev/null
		"$IPFS" config Addresses.API /ip4/127.0.0.1/tcp/0
		"$IPFS" config Addresses.Gateway /ip4/127.0.0.1/tcp/0
	fi
	"$IPFS" daemon --offline >"$dir/ipfs.log" 2>&1 &
	echo $! >"$dir/ipfs.pid"
	for _ in $(seq 1 300); do
		api=$(grep -o 'RPC API server listening on /ip4/127.0.0.1/tcp/[0-9]*' "$dir/ipfs.log" | head -1 | sed 's#.*/tcp/##' || true)
		gw=$(grep -o 'Gateway server listening on /ip4/127.0.0.1/tcp/[0-9]*' "$dir/ipfs.log" | head -1 | sed 's#.*/tcp/##' || true)
		if [ -n "$api" ] && [ -n "$gw" ] && grep -q 'Daemon is ready' "$dir/ipfs.log"; then
			echo "http://127.0.0.1:$api" >"$dir/api.url"
			echo "http://127.0.0.1:$gw" >"$dir/gateway.url"
			return
		fi
		if ! kill -0 "$(cat "$dir/ipfs.pid")" 2>/dev/null; then
			echo "kubo.sh: ipfs daemon exited; its log:" >&2
			tail -20 "$dir/ipfs.log" >&2
			exit 1
		fi
		sleep 0.1
	done
	echo "kubo.sh: ipfs daemon not ready within 30 s" >&2
	stop "$dir"
	exit 1
}

stop() {
	stop_pidfile "$1/ipfs.pid"
}

case ${1:-} in
build) build ;;
start) start "${2:?usage: kubo.sh start DIR}" ;;
stop) stop "${2:?usage: kubo.sh stop DIR}" ;;
*) echo "usage: kubo.sh build|start DIR|stop DIR" >&2; exit 2 ;;
esac
