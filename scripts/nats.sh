#!/usr/bin/env bash
# A real nats-server with JetStream for Dojo's tests, on 127.0.0.1 only.
#   scripts/nats.sh build        build nats-server v2.15.2 once into $DOJO_TOOLS/bin (reused)
#   scripts/nats.sh start DIR    start it on DIR with a token it makes (DIR/token, 0600);
#                                writes DIR/nats.pid and DIR/nats.url
#   scripts/nats.sh stop DIR     stop it by its PID
# The token is in a config file (DIR/nats.conf, 0600), not on the command line.
set -euo pipefail
. "$(dirname "$0")/daemon-lib.sh"
VERSION=2.15.2
TOOLS=${DOJO_TOOLS:-$HOME/.cache/dojo-tools}
NATS=${DOJO_NATS_BIN:-$TOOLS/bin/nats-server}

build() {
	if [ -x "$NATS" ] && "$NATS" --version 2>/dev/null | grep -q "v$VERSION"; then
		return
	fi
	echo "nats.sh: building nats-server v$VERSION into $TOOLS/bin" >&2
	mkdir -p "$TOOLS/bin"
	GOBIN="$TOOLS/bin" GOFLAGS= CGO_ENABLED=0 go install "github.com/nats-io/nats-server/v2@v$VERSION"
}

start() {
	dir=$(cd "$1" && pwd)
	umask 077
	head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n' >"$dir/token"
	cat >"$dir/nats.conf" <<CONF
host: 127.0.0.1
port: -1
jetstream { store_dir: "$dir/js" }
authorization { token: "$(cat "$dir/token")" }
CONF
	"$NATS" -c "$dir/nats.conf" -l "$dir/nats.log" >"$dir/nats.out" 2>&1 &
	echo $! >"$dir/nats.pid"
	for _ in $(seq 1 300); do
		addr=$(grep -o 'Listening for client connections on [0-9.:]*' "$dir/nats.log" 2>/dev/null | head -1 | sed 's/.* on //' || true)
		if [ -n "$addr" ] && grep -q 'Server is ready' "$dir/nats.log"; then
			echo "nats://$addr" >"$dir/nats.url"
			return
		fi
		if ! kill -0 "$(cat "$dir/nats.pid")" 2>/dev/null; then
			echo "nats.sh: nats-server exited; its log:" >&2
			tail -20 "$dir/nats.log" >&2
			exit 1
		fi
		sleep 0.1
	done
	echo "nats.sh: nats-server was not ready within 30 s" >&2
	stop "$dir"
	exit 1
}

stop() {
	stop_pidfile "$1/nats.pid"
}

case ${1:-} in
build) build ;;
start) start "${2:?usage: nats.sh start DIR}" ;;
stop) stop "${2:?usage: nats.sh stop DIR}" ;;
*) echo "usage: nats.sh build|start DIR|stop DIR" >&2; exit 2 ;;
esac
