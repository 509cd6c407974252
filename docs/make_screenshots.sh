#!/usr/bin/env bash
# Reproduce every GUI screenshot in docs/: screenshot-setup.png, screenshot-editor.png and
# screenshot-search.png here (the real app under Xvfb, on a journal of invented entries, no real
# people, driven with xdotool), then screenshot-summary.png and screenshot-export.png through
# docs/make_summary_screenshot.py (the real window over the invented demo journal).
#
# Needs (Debian/Ubuntu): xvfb xdotool imagemagick libxcb-cursor0 libxkbcommon-x11-0
# libxcb-icccm4 libxcb-keysyms1 libxcb-shape0 libxcb-render-util0 libxcb-image0 libegl1 libgl1
# fonts-dejavu-core. Run from anywhere: `docs/make_screenshots.sh`.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
REFLECT="$ROOT/.venv/bin/reflect"
OUT="$ROOT/docs"
WORK=$(mktemp -d)
SCREEN=${SCREEN:-:99}
PASSPHRASE="lantern orchard pebble violin"

# Everything the app writes (settings, the invented journal) stays in the scratch folder.
export HOME="$WORK/home" XDG_CONFIG_HOME="$WORK/home/.config" XDG_DATA_HOME="$WORK/home/.local/share"
export XDG_CACHE_HOME="$WORK/home/.cache" QT_QPA_PLATFORM=xcb DISPLAY="$SCREEN" LANG=en_GB.UTF-8
mkdir -p "$HOME" "$WORK/keyring"
# Xvfb has no desktop keyring. This one lives in the app's memory (nothing is stored) so set-up
# shows the "remember on this device" choice that a desktop user sees.
cat >"$WORK/keyring/shot_keyring.py" <<'PY'
from keyring.backend import KeyringBackend


class Keyring(KeyringBackend):
    priority = 1
    store: dict = {}

    def get_password(self, service, username):
        return self.store.get((service, username))

    def set_password(self, service, username, password):
        self.store[(service, username)] = password

    def delete_password(self, service, username):
        self.store.pop((service, username), None)
PY
export PYTHONPATH="$WORK/keyring" PYTHON_KEYRING_BACKEND=shot_keyring.Keyring

Xvfb "$SCREEN" -screen 0 1280x800x24 -nolisten tcp >/dev/null 2>&1 &
XVFB=$!
APP=""
cleanup() {
    [ -n "$APP" ] && kill "$APP" 2>/dev/null && wait "$APP" 2>/dev/null || true
    kill "$XVFB" 2>/dev/null || true
    rm -rf "$WORK"
}
trap cleanup EXIT
sleep 1

start_app() { # data dir
    REFLECT_DATA_DIR="$1" "$REFLECT" >/dev/null 2>&1 &
    APP=$!
    local wid=""
    for _ in $(seq 100); do
        wid=$(xdotool search --onlyvisible --name '^Reflect$' 2>/dev/null | head -n1 || true)
        [ -n "$wid" ] && break
        sleep 0.1
    done
    [ -n "$wid" ] || { echo "the app did not open a window" >&2; exit 1; }
    xdotool windowmove "$wid" 0 0 windowsize "$wid" 1280 800 windowfocus "$wid"
    sleep 1.5
}

stop_app() {
    kill "$APP" && wait "$APP" 2>/dev/null || true
    APP=""
}

shot() { # name
    sleep 0.8
    import -window root "$OUT/$1"
    echo "wrote docs/$1"
}

# --- 1. First run: the welcome, a passphrase with its strength, confirmed. -------------------
start_app "$WORK/fresh"
xdotool type --delay 15 "$PASSPHRASE"
xdotool key Tab
xdotool type --delay 15 "$PASSPHRASE"
shot screenshot-setup.png
stop_app

# --- 2. An invented journal, filled through the command line. ----------------------------------
DATA="$WORK/journal"
printf '%s\n' "$PASSPHRASE" | "$REFLECT" init --data-dir "$DATA" --passphrase-stdin >/dev/null
add() { printf '%s\n' "$PASSPHRASE" | "$REFLECT" add --data-dir "$DATA" --passphrase-stdin "$@" >/dev/null; }
body() { cat >"$WORK/body.md"; echo "$WORK/body.md"; }

add --kind cpd --title "Safety planning workshop" --date 2026-01-14T09:30 --hours 3.5 \
    --participatory --capability 9 --capability 10 --tag training --body-file "$(body <<'EOF'
A half-day workshop on collaborative safety planning, run by the trust's learning team.
EOF
)"
add --kind goal --title "Use motivational interviewing with confidence" --date 2026-01-20T12:00 \
    --status in_progress --horizon long --target-date 2026-09-30 --capability 5 --capability 10 \
    --body-file "$(body <<'EOF'
Several people on my caseload are ambivalent about change. I want to get better at *rolling with resistance* rather than arguing for change myself.
EOF
)"
add --title "Interpreting at a care review" --date 2026-01-09T16:20 --capability 2.4 \
    --tag "care review" --body-file "$(body <<'EOF'
The interpreter arrived late and I started without them. Afterwards I saw how much of the first half had passed the family by, and how patient they had been about it.
EOF
)"
add --title "When the team disagreed about discharge" --date 2026-01-27T19:05 --capability 3 \
    --capability 4.1 --tag team --body-file "$(body <<'EOF'
Two colleagues argued for an early discharge and one against. I kept quiet in the meeting and spoke up only afterwards; next time I want to say what I see at the time.
EOF
)"
add --title "First home visit on my own" --date 2026-02-03T18:10 --capability 1.2 \
    --capability 7 --tag "home visit" --body-file "$(body <<'EOF'
I was nervous beforehand, mostly about getting the practical things right. Once I sat down and listened, the visit found its own pace.
EOF
)"
add --title "Talking about risk without taking over" --date 2026-02-11T21:40 --capability 9.3 \
    --capability 5 --tag risk --tag "night shift" --bring-to-supervision --body-file "$(body <<'EOF'
A young man on the ward wanted to go out on unescorted leave for the first time. I noticed myself listing every risk before he had finished speaking.
EOF
)"
add --kind supervision --title "Clinical supervision" --date 2026-02-18T14:00 \
    --supervisor "My clinical supervisor" --supervision-kind clinical --duration 60 \
    --capability 9 --capability 10 --action "Read the positive risk-taking policy|2026-03-04" \
    --action "Bring a recorded MI session|2026-03-18" --body-file "$(body <<'EOF'
We talked through the leave conversation and how *positive risk taking* is a shared decision, not a gamble I take on someone's behalf.
EOF
)"
add --title "A difficult handover after a long night" --date 2026-02-24T07:55 \
    --capability 1.2 --capability 9.3 --capability 9.5 --tag handover --tag "night shift" \
    --bring-to-supervision --body-file "$(body <<'EOF'
## What happened

The night had been busy and the handover to the early shift started late. I rushed it, and halfway through I realised I had said more about *risk* than about the person.

## What I noticed

- I was tired and wanted to go home, so I reached for the **quickest** summary.
- Nobody on the early shift heard what had helped overnight: the walk, the music, the call home.
- The service user had asked me to pass on that he wanted to be part of his care plan review.

## What I will do next time

Start the handover with what the person wants and what has worked, then the risks, and keep the agreed safety plan in front of us. I will take this to supervision.
EOF
)"

# --- 3. The editor: unlock, open the newest entry. ------------------------------------------------
start_app "$DATA"
xdotool type --delay 15 "$PASSPHRASE"
xdotool key Return
sleep 2
xdotool key Home   # the list has the keyboard after unlocking: open the newest entry
sleep 1
shot screenshot-editor.png

# --- 4. Find: a search across everything, narrowed by a capability. ---------------------------
xdotool key ctrl+f
xdotool type --delay 30 "risk"
sleep 1
xdotool key Tab space   # the Filters button: show the filters
sleep 0.5
xdotool key Tab Tab     # Kind, then Capability
xdotool type --delay 50 "9"
sleep 1
shot screenshot-search.png
stop_app

# --- 5. The Summary page in the main window, and the export dialog with what the check found. --
"$ROOT/.venv/bin/python" "$ROOT/docs/make_summary_screenshot.py"
