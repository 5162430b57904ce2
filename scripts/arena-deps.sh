#!/usr/bin/env bash
# Installs, on a Debian-like machine, what building and running the desktop
# arena (Ebiten) needs and is not there yet: gcc, pkg-config and the X11, GL
# and ALSA development packages. With --test it also installs what the arena's
# tests need: Xvfb (a display without a screen), xauth and xdotool (real key
# events for the window).
set -euo pipefail

pkgs=(gcc pkg-config libx11-dev libxrandr-dev libxcursor-dev libxinerama-dev libxi-dev
	libxxf86vm-dev libgl1-mesa-dev libasound2-dev)
if [ "${1:-}" = --test ]; then
	pkgs+=(xvfb xauth xdotool)
fi
need=()
for p in "${pkgs[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || need+=("$p")
done
if [ ${#need[@]} -eq 0 ]; then
	exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
	echo "arena-deps: install these packages (or your system's equivalents): ${need[*]}" >&2
	exit 1
fi
echo "arena-deps: installing ${need[*]} with apt-get" >&2
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO=sudo
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
