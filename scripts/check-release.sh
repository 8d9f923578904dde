#!/usr/bin/env bash
# Builds the release site and checks it in headless Chromium: an exit code of
# 0 from `trunk build` does not prove the page works (a wasm-opt of the wrong
# version breaks it silently). Saves screenshots and frame timings in the
# directory given, and checks the bundle's gzipped size.
#
#     scripts/check-release.sh [OUT_DIR]
set -euo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/tools.sh"
cd "$ROOT"

out="${1:-target/release-check}"
mkdir -p "$out"

say "Building the release site into dist/"
trunk build --release

# What a visitor downloads: the wasm and its JS glue, gzipped.
bundle=0
for file in dist/*.wasm dist/*.js; do
    size="$(gzip -9 -c "$file" | wc -c)"
    say "  $(basename "$file"): $(wc -c <"$file") bytes, $size gzipped"
    bundle=$((bundle + size))
done
say "Bundle: $bundle bytes gzipped (budget 400000)"
[ "$bundle" -le 400000 ] || die "the bundle is over its 400 KB budget (see docs/PERFORMANCE.md)"

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
node "$ROOT/scripts/check-release.mjs" "http://127.0.0.1:$port/" "$out"
