#!/usr/bin/env bash
# `make test`: installs what the checks need, then runs them all, stopping at
# the first that fails.
#
#     scripts/test.sh          every check
#     scripts/test.sh site     only the public site's: build it, then check it
#                              at / and under a sub-path, and the example deck
set -euo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/tools.sh"
cd "$ROOT"

mode="${1:-all}"
case "$mode" in
all) need_test_tools ;;
site)
    need_site_tools
    need_chromium
    need_npm_package playwright-core "$PLAYWRIGHT_CORE_VERSION"
    ;;
*) die "usage: scripts/test.sh [site]" ;;
esac

step() {
    say "$*"
    "$@"
}

# Test runners' output is kept so the last line can total what ran.
RESULTS="$ROOT/target/test-results.log"
mkdir -p "$ROOT/target"
: >"$RESULTS"
tested() {
    say "$*"
    "$@" 2>&1 | tee -a "$RESULTS"
}

SERVERS=()
stop_servers() {
    local pid
    for pid in "${SERVERS[@]}"; do
        kill "$pid" 2>/dev/null || true
    done
}
trap stop_servers EXIT

# The public site that GitHub Pages deploys (scripts/build-site.sh), made
# from the release build in APP_DIST if given: the app served at the root of
# one server and as the only thing under /byzscope/ of another (as Pages
# serves a project), then the example deck driving the app in its iframe.
site_checks() {
    local site="$ROOT/target/site" under="$ROOT/target/site-subpath" at_root at_subpath
    step "$ROOT/scripts/build-site.sh" "$site" "$@"
    rm -rf "$under"
    mkdir -p "$under"
    ln -s "$site" "$under/byzscope"
    serve_dir "$site" "$ROOT/target/site-check/root.log"
    SERVERS+=("$SERVED_PID")
    at_root="$SERVED_URL"
    serve_dir "$under" "$ROOT/target/site-check/subpath.log"
    SERVERS+=("$SERVED_PID")
    at_subpath="${SERVED_URL}byzscope/"
    step node "$ROOT/scripts/check-subpath.mjs" "$at_subpath" "$at_root"
    step node "$ROOT/scripts/check-slides.mjs" "$at_subpath" "$ROOT/target/site-check"
}

if [[ "$mode" == site ]]; then
    site_checks
    say "The site's checks passed."
    echo "tests: 2 passed, 0 failed"
    exit 0
fi

step cargo fmt --all --check
# The layout ARCHITECTURE.md describes: layers one way, no import cycle, no
# file over 500 lines. The checker first proves it catches each break.
step python3 "$ROOT/scripts/check-layers.py" --self-test
step python3 "$ROOT/scripts/check-layers.py" "$ROOT"
step cargo clippy --workspace --all-targets -- -D warnings
step cargo clippy -p byzscope --target wasm32-unknown-unknown --all-targets -- -D warnings
# The live page is the same app with the `live` feature (see Cargo.toml).
step cargo clippy -p byzscope --target wasm32-unknown-unknown --all-targets --features live -- -D warnings
tested cargo test --workspace
tested cargo test -p byzscope --features live --lib url::tests::live
# The browser tests cover the live page too, which holds the main page whole.
tested wasm-pack test --headless --chrome . --features live
step "$ROOT/scripts/check-release.sh" target/release-check
# The release check built dist/ with Trunk.toml's relative public_url: the
# site reuses that build.
site_checks dist
say "All checks passed."

# One closing line for every runner together (the layout check, the release
# check, the sub-path check and the deck's check count as one test each).
awk '/^test result:/ { passed += $4; failed += $6 }
     END { printf "tests: %d passed, %d failed\n", passed + 4, failed }' "$RESULTS"
