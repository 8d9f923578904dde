#!/usr/bin/env bash
# Builds the release site and checks it in headless Chromium: an exit code of
# 0 from `trunk build` does not prove the page works (a wasm-opt of the wrong
# version breaks it silently). Saves a screenshot to the path given.
#
#     scripts/check-release.sh [SCREENSHOT.png]
set -euo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/tools.sh"
cd "$ROOT"

screenshot="${1:-target/release-check/screenshot.png}"
mkdir -p "$(dirname "$screenshot")"

say "Building the release site into dist/"
trunk build --release

port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
log="$ROOT/target/release-check/server.log"
mkdir -p "$(dirname "$log")"
python3 -m http.server "$port" --bind 127.0.0.1 --directory dist >"$log" 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null || true' EXIT

# Wait until the server answers, for at most 10 seconds.
for _ in $(seq 100); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
        break
    fi
    kill -0 "$server" 2>/dev/null || die "the static server stopped: $(cat "$log")"
    sleep 0.1
done

say "Loading http://127.0.0.1:$port/ in headless Chromium"
node "$ROOT/scripts/check-release.mjs" "http://127.0.0.1:$port/" "$screenshot"
