#!/usr/bin/env bash
# Builds Dojo's contracts and their Go bindings from nft/contracts:
#   scripts/contracts.sh        regenerate the committed ABI, bytecode and bindings
#   scripts/contracts.sh check  rebuild into a temporary directory and fail if
#                               anything differs from what is committed
# solc-js and OpenZeppelin come from npm at the versions pinned in
# nft/contracts/package-lock.json (installed once into nft/contracts/node_modules);
# abigen is go-ethereum's, at the version in go.mod.
set -euo pipefail
cd "$(dirname "$0")/.."
src=nft/contracts
mode=${1:-write}

if [ ! -d "$src/node_modules/solc" ] || [ ! -d "$src/node_modules/@openzeppelin/contracts" ]; then
	echo "contracts: npm ci (solc, @openzeppelin/contracts)" >&2
	(cd "$src" && npm ci --no-audit --no-fund --loglevel=error >&2)
fi

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
node "$src/build.js" "$out"
abigen() { go run github.com/ethereum/go-ethereum/cmd/abigen "$@"; }
abigen --abi "$out/DojoFighters.abi" --bin "$out/DojoFighters.bin" --pkg contracts \
	--type DojoFighters --out "$out/dojofighters.go"
mkdir -p "$out/testcontracts"
abigen --abi "$out/test/ReentrantMinter.abi" --bin "$out/test/ReentrantMinter.bin" --pkg testcontracts \
	--type ReentrantMinter --out "$out/testcontracts/reentrantminter.go"

files="DojoFighters.abi DojoFighters.bin dojofighters.go test/ReentrantMinter.abi test/ReentrantMinter.bin testcontracts/reentrantminter.go"
if [ "$mode" = check ]; then
	status=0
	for f in $files; do
		if ! cmp -s "$out/$f" "$src/$f"; then
			echo "contracts: $src/$f does not match its source; run make contracts and commit" >&2
			status=1
		fi
	done
	[ $status -eq 0 ] && echo "contracts: committed ABI, bytecode and bindings match the source" >&2
	exit $status
fi
for f in $files; do
	mkdir -p "$(dirname "$src/$f")"
	cp "$out/$f" "$src/$f"
done
echo "contracts: wrote $(echo $files | wc -w) files under $src" >&2
