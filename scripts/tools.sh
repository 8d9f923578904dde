# Installs the tools `make serve` and `make test` need, each only when it is
# missing or at the wrong version, so a second run reuses what the first
# installed. Sourced by serve.sh, build-site.sh and test.sh, not run on its
# own.

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TOOLS="$ROOT/.tools"

TRUNK_VERSION=0.21.14
BINARYEN_VERSION=132
# Minifies the release build's JS (the wasm-bindgen glue and the snippets;
# see scripts/minify.mjs).
ESBUILD_VERSION=0.24.2
PLAYWRIGHT_CORE_VERSION=1.65.1
AXE_CORE_VERSION=4.14.1
WASM_PACK_VERSION=0.15.1
# The slides example (examples/slides/) loads reveal.js from the site itself.
REVEAL_VERSION=5.2.1

# wasm-opt from .tools comes first: an older one elsewhere on PATH (Debian's
# binaryen) makes release builds that fail in the browser.
export PATH="$TOOLS/node_modules/.bin:${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"

say() { printf '==> %s\n' "$*"; }
die() {
    printf 'error: %s\n' "$*" >&2
    exit 1
}

# The version of the `wasm-bindgen` crate in Cargo.lock: the CLI must match it.
locked_wasm_bindgen_version() {
    awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' \
        "$ROOT/Cargo.lock"
}

need_command() {
    command -v "$1" >/dev/null || die "$1 is needed: $2"
}

need_wasm_target() {
    need_command rustup "install Rust with rustup first"
    if rustup target list --installed | grep -qx wasm32-unknown-unknown; then
        return
    fi
    say "Adding the wasm32-unknown-unknown target"
    rustup target add wasm32-unknown-unknown
}

need_wasm_bindgen() {
    local want have
    want="$(locked_wasm_bindgen_version)"
    [[ -n "$want" ]] || die "Cargo.lock names no wasm-bindgen version"
    have="$(wasm-bindgen --version 2>/dev/null | awk '{ print $2 }')" || true
    if [[ "$have" == "$want" ]]; then
        return
    fi
    say "Installing wasm-bindgen-cli $want (found: ${have:-none}; takes a few minutes)"
    # Not --locked: the CLI's own lock file names a crate version the
    # registry no longer serves.
    cargo install wasm-bindgen-cli --version "$want" --force
}

need_trunk() {
    local have
    have="$(trunk --version 2>/dev/null | awk '{ print $2 }')" || true
    if [[ "$have" == "$TRUNK_VERSION" ]]; then
        return
    fi
    say "Installing trunk $TRUNK_VERSION (found: ${have:-none}; takes a few minutes)"
    cargo install trunk --version "$TRUNK_VERSION" --locked --force ||
        cargo install trunk --version "$TRUNK_VERSION" --force
}

need_npm_package() {
    local package="$1" version="$2" installed
    installed="$TOOLS/node_modules/$package/package.json"
    if [[ -f "$installed" ]] &&
        [[ "$(node -p "require('$installed').version")" == "$version"* ]]; then
        return
    fi
    need_command npm "install Node.js 20 or later with npm"
    say "Installing $package $version into .tools/"
    mkdir -p "$TOOLS"
    npm install --prefix "$TOOLS" --no-audit --no-fund --loglevel=error "$package@$version"
}

need_wasm_opt() {
    need_npm_package binaryen "$BINARYEN_VERSION"
    [[ "$(command -v wasm-opt)" == "$TOOLS/node_modules/.bin/wasm-opt" ]] ||
        die "wasm-opt on PATH is $(command -v wasm-opt), not the one in .tools/"
}

need_wasm_pack() {
    local have
    have="$(wasm-pack --version 2>/dev/null | awk '{ print $2 }')" || true
    if [[ -n "$have" ]]; then
        return
    fi
    say "Installing wasm-pack $WASM_PACK_VERSION (takes a few minutes)"
    cargo install wasm-pack --version "$WASM_PACK_VERSION"
}

need_chromium() {
    if [[ -x /usr/bin/chromium ]] && command -v chromedriver >/dev/null; then
        return
    fi
    if ! command -v apt-get >/dev/null; then
        die "the browser tests need Chromium at /usr/bin/chromium and a matching chromedriver on PATH; install them with your package manager and run again"
    fi
    local sudo=()
    if [[ "$(id -u)" != 0 ]]; then
        command -v sudo >/dev/null || die "installing Chromium needs root or sudo"
        sudo=(sudo)
    fi
    say "Installing chromium and chromium-driver with apt-get"
    "${sudo[@]}" apt-get update
    DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y chromium chromium-driver
    [[ -x /usr/bin/chromium ]] || die "apt-get installed no /usr/bin/chromium"
}

need_web_tools() {
    need_command cargo "install Rust with rustup first"
    need_command node "install Node.js 20 or later"
    need_wasm_target
    need_wasm_bindgen
    need_trunk
    need_wasm_opt
    need_npm_package esbuild "$ESBUILD_VERSION"
}

# What scripts/build-site.sh needs: the web app's tools plus reveal.js for
# the example deck.
need_site_tools() {
    need_web_tools
    need_npm_package reveal.js "$REVEAL_VERSION"
}

need_test_tools() {
    need_site_tools
    need_wasm_pack
    need_chromium
    need_npm_package playwright-core "$PLAYWRIGHT_CORE_VERSION"
    # The release check audits the page's accessibility with it.
    need_npm_package axe-core "$AXE_CORE_VERSION"
}

# A free local TCP port.
free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# Serves DIR with Python's static server on a free local port, logging to
# LOG, and waits until it answers (10 seconds at most). Sets SERVED_URL
# (ending in "/") and SERVED_PID; the caller stops the server.
serve_dir() {
    local dir="$1" log="$2" port
    port="$(free_port)"
    mkdir -p "$(dirname "$log")"
    python3 -m http.server "$port" --bind 127.0.0.1 --directory "$dir" >"$log" 2>&1 &
    SERVED_PID=$!
    SERVED_URL="http://127.0.0.1:$port/"
    for _ in $(seq 100); do
        if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
            return
        fi
        kill -0 "$SERVED_PID" 2>/dev/null || die "the static server for $dir stopped: $(cat "$log")"
        sleep 0.1
    done
    die "the static server for $dir did not answer within 10 seconds"
}
