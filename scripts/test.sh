#!/usr/bin/env bash
# `make test`: installs what the checks need, then runs them all, stopping at
# the first that fails.
set -euo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/tools.sh"
cd "$ROOT"

need_test_tools

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

step cargo fmt --all --check
step cargo clippy --workspace --all-targets -- -D warnings
step cargo clippy -p byzscope --target wasm32-unknown-unknown --all-targets -- -D warnings
tested cargo test --workspace
tested wasm-pack test --headless --chrome
step "$ROOT/scripts/check-release.sh" target/release-check
say "All checks passed."

# One closing line for every runner together (the release check counts as
# one test).
awk '/^test result:/ { passed += $4; failed += $6 }
     END { printf "tests: %d passed, %d failed\n", passed + 1, failed }' "$RESULTS"
