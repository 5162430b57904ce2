#!/usr/bin/env bash
# Checks that the fuzz targets given (as DIR:Name, e.g. brain:FuzzDecodeMemories,
# the Makefile's FUZZ_TARGETS) are exactly the Fuzz functions of the repository,
# so that `make fuzz` runs every one of them and a new one cannot be forgotten.
set -euo pipefail

files=$(git ls-files '*_test.go' 2>/dev/null || find . -name '*_test.go' | sed 's|^\./||')
found=$(for f in $files; do
	sed -nE 's/^func (Fuzz[A-Za-z0-9_]+)\(.*/\1/p' "$f" | sed "s|^|$(dirname "$f"):|"
done | sort -u)
listed=$(printf '%s\n' "$@" | sort -u)
if [ "$found" != "$listed" ]; then
	echo "make fuzz does not run exactly the repository's fuzz targets; fix FUZZ_TARGETS in the Makefile:" >&2
	diff <(echo "$listed") <(echo "$found") | sed -n 's/^< /  listed but not found: /p; s/^> /  not listed: /p' >&2
	exit 1
fi
