#!/usr/bin/env bash
# install-torch.sh installs Debian's PyTorch (python3-torch) and the threaded
# OpenBLAS it runs fastest with, for the system Python (/usr/bin/python3).
# scripts/bench_train_torch.py uses it as the speed anchor for Dojo's Go
# trainer. It does nothing when /usr/bin/python3 can already import torch.
#
# Usage: sudo scripts/install-torch.sh   (as root; CI and dev machines run as root)
set -euo pipefail

PY=/usr/bin/python3

if [ -x "$PY" ] && "$PY" -c 'import torch' 2>/dev/null; then
	echo "install-torch: torch $("$PY" -c 'import torch; print(torch.__version__)') is already installed for $PY"
	exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
	echo "install-torch: must run as root (apt-get install)" >&2
	exit 1
fi

export DEBIAN_FRONTEND=noninteractive
apt-get update
apt-get install -y --no-install-recommends python3 python3-torch libopenblas0-pthread

"$PY" -c 'import torch; print("install-torch: installed torch", torch.__version__, "for", __import__("sys").executable)'
