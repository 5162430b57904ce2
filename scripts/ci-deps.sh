#!/usr/bin/env bash
# Installs what `make test` needs on a fresh Debian machine, and nothing that
# is already there: qemu-user (to run the arm64 build), staticcheck.
set -euo pipefail

need_apt=()
command -v qemu-aarch64 >/dev/null 2>&1 || need_apt+=(qemu-user)
if [ ${#need_apt[@]} -gt 0 ]; then
	echo "ci-deps: installing ${need_apt[*]} with apt-get" >&2
	SUDO=""
	[ "$(id -u)" -eq 0 ] || SUDO=sudo
	$SUDO apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

GOBIN=$(go env GOPATH)/bin
if [ ! -x "$GOBIN/staticcheck" ]; then
	echo "ci-deps: installing staticcheck" >&2
	GOFLAGS= go install honnef.co/go/tools/cmd/staticcheck@v0.8.2
fi

# The real Kubo `ipfs` binary for the IPFS integration tests (built once,
# reused from ${DOJO_TOOLS:-~/.cache/dojo-tools}/bin; DOJO_IPFS_BIN points there).
bash "$(dirname "${BASH_SOURCE[0]}")/kubo.sh" build >/dev/null
