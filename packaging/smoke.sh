#!/usr/bin/env bash
# Smoke test of the PyInstaller bundle, as CI runs it: build dist/reflect/ with `make package`,
# then check that the frozen program prints its version, creates an encrypted journal in a
# temporary folder, adds to it, finds what it added and exports it as PDF and Word, and (when the
# desktop app is there) that the app starts offscreen and closes cleanly on SIGTERM. Nothing
# touches the real data folder or keyring.
#
# Usage: bash packaging/smoke.sh            build, then test
#        SMOKE_SKIP_BUILD=1 bash packaging/smoke.sh   test an existing dist/reflect/
set -euo pipefail
cd "$(dirname "$0")/.."

BIN=dist/reflect/reflect
PASSPHRASE="smoke test passphrase"
passed=0
failed=0

if [ "${SMOKE_SKIP_BUILD:-}" != "1" ]; then
  start=$(date +%s)
  make package
  echo "smoke: built dist/reflect/ in $(($(date +%s) - start)) s ($(du -sh dist/reflect | cut -f1))"
fi

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
export HOME="$scratch/home" XDG_CONFIG_HOME="$scratch/home/.config"
export XDG_DATA_HOME="$scratch/home/.local/share" XDG_CACHE_HOME="$scratch/home/.cache"
export REFLECT_DATA_DIR="$scratch/journal"
export PYTHON_KEYRING_BACKEND=keyring.backends.fail.Keyring
export QT_QPA_PLATFORM=offscreen
mkdir -p "$HOME"

check() {  # check NAME COMMAND…: run it, count it, show its output only when it fails
  local name=$1
  shift
  local out
  if out=$("$@" 2>&1); then
    passed=$((passed + 1))
    echo "smoke: ok   $name"
  else
    failed=$((failed + 1))
    echo "smoke: FAIL $name"
    printf '%s\n' "$out" | sed 's/^/    /'
  fi
}

# Each step ends in `|| return 1`: `set -e` does not apply inside a function run by `if`.
version() {
  local expected
  expected="reflect $(sed -n 's/^__version__ = "\(.*\)"$/\1/p' reflect/__init__.py)"
  [ "$("$BIN" --version)" = "$expected" ]
}

round_trip() {
  printf '%s\n' "$PASSPHRASE" | "$BIN" init --passphrase-stdin --json > "$scratch/init.json" \
    || return 1
  grep -q '"recovery_code"' "$scratch/init.json" || return 1
  printf '%s\nAgreed a crisis plan with a carer.\n' "$PASSPHRASE" \
    | "$BIN" add --passphrase-stdin --title "Ward round" --body-file - --capability 1,9.3 \
    || return 1
  printf '%s\n' "$PASSPHRASE" | "$BIN" search "crisis plan" --passphrase-stdin --json \
    > "$scratch/hits.json" || return 1
  grep -q '"Ward round"' "$scratch/hits.json" || return 1
  # The exporters' own data files and fonts came along: a PDF and a Word file are written.
  local format
  for format in pdf docx; do
    printf '%s\n' "$PASSPHRASE" \
      | "$BIN" export --passphrase-stdin --format "$format" --out "$scratch/summary.$format" \
      || return 1
    [ -s "$scratch/summary.$format" ] || return 1
  done
  # No keyring works here, so nothing was remembered: without the passphrase it stays locked.
  local code=0
  "$BIN" list --json < /dev/null > /dev/null || code=$?
  [ "$code" -eq 3 ]
}

desktop_app() {
  # The app shows its set-up page (no journal in this folder yet); it must still be running
  # after a few seconds, then close with exit 0 when asked politely.
  rm -rf "$REFLECT_DATA_DIR"
  "$BIN" > "$scratch/app.log" 2>&1 &
  local pid=$!
  sleep 5
  if ! kill -0 "$pid" 2> /dev/null; then
    wait "$pid"
    echo "exited early with $?"
    cat "$scratch/app.log"
    return 1
  fi
  kill -TERM "$pid"
  wait "$pid" || { cat "$scratch/app.log"; return 1; }
  if grep -Eqi "internal error|traceback|could not (load|find) the qt platform plugin" \
    "$scratch/app.log"; then
    cat "$scratch/app.log"
    return 1
  fi
}

check "reflect --version prints the version" version
check "init, add, search and export an encrypted journal" round_trip
if [ -f reflect/gui/app.py ]; then
  check "the desktop app starts offscreen and closes on SIGTERM" desktop_app
else
  echo "smoke: skip the desktop app (reflect/gui/app.py is not there yet)"
fi

echo "smoke: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
