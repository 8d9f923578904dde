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
say "Bundle: $bundle bytes gzipped (budget 440000)"
[ "$bundle" -le 440000 ] || die "the bundle is over its 440 KB budget (see docs/PERFORMANCE.md)"

serve_dir "$ROOT/dist" "$ROOT/target/release-check/server.log"
trap 'kill "$SERVED_PID" 2>/dev/null || true' EXIT

say "Loading $SERVED_URL in headless Chromium"
node "$ROOT/scripts/check-release.mjs" "$SERVED_URL" "$out"
