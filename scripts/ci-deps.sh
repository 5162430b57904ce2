#!/usr/bin/env bash
# Installs what `make test` needs on a fresh Debian machine, and nothing that
# is already there: qemu-user (to run the arm64 build), staticcheck.
set -euo pipefail

need_apt=()
command -v qemu-aarch64 >/dev/null 2>&1 || need_apt+=(qemu-user)
# The tournament page's browser test (headless) and the API load test.
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
command -v wrk >/dev/null 2>&1 || need_apt+=(wrk)
if [ ${#need_apt[@]} -gt 0 ]; then
	echo "ci-deps: installing ${need_apt[*]} with apt-get" >&2
	SUDO=""
	[ "$(id -u)" -eq 0 ] || SUDO=sudo
	$SUDO apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
fi

# The desktop arena's build and test packages (X11, GL, ALSA headers; Xvfb).
bash "$(dirname "$0")/arena-deps.sh" --test

GOBIN=$(go env GOPATH)/bin
if [ ! -x "$GOBIN/staticcheck" ]; then
	echo "ci-deps: installing staticcheck" >&2
	GOFLAGS= go install honnef.co/go/tools/cmd/staticcheck@v0.8.2
fi

# The real servers of the integration suites, built once and reused:
# geth v1.17.10, Kubo's ipfs v0.43.1 and nats-server v2.15.2 in
# $DOJO_TOOLS/bin (~/.cache/dojo-tools).
bash "$(dirname "$0")/geth.sh" build
bash "$(dirname "$0")/kubo.sh" build
bash "$(dirname "$0")/nats.sh" build

# playwright-core, to drive the tournament page in Debian's chromium.
if [ ! -d "$(dirname "$0")/pagetest/node_modules/playwright-core" ]; then
	(cd "$(dirname "$0")/pagetest" && npm ci --no-audit --no-fund --loglevel=error >&2)
fi

# ethers.js, for the read-back of a fighter by a client that is not Dojo's.
if [ ! -d "$(dirname "$0")/readback/node_modules/ethers" ]; then
	(cd "$(dirname "$0")/readback" && npm ci --no-audit --no-fund --loglevel=error >&2)
fi
