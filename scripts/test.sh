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

step cargo fmt --all --check
step cargo clippy --workspace --all-targets -- -D warnings
step cargo clippy -p byzscope --target wasm32-unknown-unknown --all-targets -- -D warnings
step cargo test --workspace
step wasm-pack test --headless --chrome
step "$ROOT/scripts/check-release.sh" "${SCREENSHOT:-target/release-check/screenshot.png}"
say "All checks passed."
