#!/usr/bin/env bash
# A real `geth --dev` for Dojo's integration tests, on 127.0.0.1 only.
#   scripts/geth.sh build       build geth v1.17.10 once into $DOJO_TOOLS/bin (reused)
#   scripts/geth.sh start DIR   start it on DIR; writes DIR/geth.pid, DIR/rpc.url, and
#                               DIR/keystore holding geth's well-known dev key
#                               (passphrase in DIR/password: "dojo-dev")
#   scripts/geth.sh stop DIR    stop it by its PID
# With an empty keystore `geth --dev` funds a fixed, publicly known dev key
# (DeveloperKey in cmd/utils/flags.go); the copy in DIR/keystore lets Dojo sign
# with it the way a user would, from a keystore file and a passphrase.
set -euo pipefail
. "$(dirname "$0")/daemon-lib.sh"
VERSION=1.17.10
TOOLS=${DOJO_TOOLS:-$HOME/.cache/dojo-tools}
GETH=${DOJO_GETH_BIN:-$TOOLS/bin/geth}
DEV_KEY=b71c71a67e1177ad4e901695e1b4b9ee17ae16c6668d313eac2f96dbcda3f291

build() {
	if [ -x "$GETH" ] && "$GETH" version 2>/dev/null | grep -q "^Version: $VERSION"; then
		return
	fi
	echo "geth.sh: building geth v$VERSION into $TOOLS/bin" >&2
	mkdir -p "$TOOLS/bin"
	GOBIN="$TOOLS/bin" GOFLAGS= CGO_ENABLED=0 go install "github.com/ethereum/go-ethereum/cmd/geth@v$VERSION"
}

start() {
	dir=$1
	mkdir -p "$dir/keystore" "$dir/geth-keystore"
	printf 'dojo-dev\n' >"$dir/password"
	if [ -z "$(ls -A "$dir/keystore")" ]; then
		printf '%s\n' "$DEV_KEY" >"$dir/dev.key"
		"$GETH" account import --keystore "$dir/keystore" --password "$dir/password" --lightkdf "$dir/dev.key" >/dev/null 2>&1
		rm -f "$dir/dev.key"
	fi
	"$GETH" --dev --dev.period 0 --datadir "$dir/data" --keystore "$dir/geth-keystore" \
		--http --http.addr 127.0.0.1 --http.port 0 --http.api eth,net,web3 \
		--authrpc.addr 127.0.0.1 --authrpc.port 0 --ipcdisable --nodiscover --maxpeers 0 --port 0 \
		--verbosity 3 >"$dir/geth.log" 2>&1 &
	echo $! >"$dir/geth.pid"
	for _ in $(seq 1 300); do
		url=$(grep -o 'HTTP server started *endpoint=[0-9.:]*' "$dir/geth.log" | head -1 | sed 's/.*endpoint=//' || true)
		if [ -n "$url" ] && curl -sf -H 'Content-Type: application/json' \
			-d '{"jsonrpc":"2.0","id":1,"method":"eth_chainId","params":[]}' "http://$url" >/dev/null; then
			echo "http://$url" >"$dir/rpc.url"
			return
		fi
		if ! kill -0 "$(cat "$dir/geth.pid")" 2>/dev/null; then
			echo "geth.sh: geth exited; its log:" >&2
			tail -20 "$dir/geth.log" >&2
			exit 1
		fi
		sleep 0.1
	done
	echo "geth.sh: geth did not answer within 30 s" >&2
	stop "$dir"
	exit 1
}

stop() {
	stop_pidfile "$1/geth.pid"
}

case ${1:-} in
build) build ;;
start) start "${2:?usage: geth.sh start DIR}" ;;
stop) stop "${2:?usage: geth.sh stop DIR}" ;;
*) echo "usage: geth.sh build|start DIR|stop DIR" >&2; exit 2 ;;
esac
