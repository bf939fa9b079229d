#!/usr/bin/env bash
# promtool without a Prometheus server: Debian's `prometheus` package is
# downloaded (not installed: nothing is started, no root needed for dpkg -x)
# and unpacked into .tools/prometheus (git-ignored). The tests find it there,
# through $PROMTOOL, or on PATH (test/helpers/promtool.ts).
#
# Prints the path of the promtool binary on its last line.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
DEST=.tools/prometheus
BIN="$DEST/usr/bin/promtool"

if [[ -x "$BIN" ]] && "$BIN" --version >/dev/null 2>&1; then
  echo "$PWD/$BIN"
  exit 0
fi

WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
# apt-get download writes into the current directory. A machine whose
# package lists were never fetched knows no prometheus: update them once.
if ! (cd "$WORK" && apt-get download prometheus >&2); then
  SUDO=""
  if [[ "$(id -u)" != "0" ]] && command -v sudo >/dev/null 2>&1; then SUDO="sudo"; fi
  $SUDO apt-get update >&2
  (cd "$WORK" && apt-get download prometheus >&2)
fi
mkdir -p "$DEST"
dpkg -x "$WORK"/prometheus_*.deb "$DEST"
"$BIN" --version >&2
echo "$PWD/$BIN"
