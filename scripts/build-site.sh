#!/usr/bin/env bash
# Builds the public site (what GitHub Pages deploys) into OUT_DIR: the
# release app at its root and its live page in live/, with asset URLs relative to the page so the same
# files work at / and under a sub-path such as /<repository>/, and the
# example deck in slides/ with reveal.js in slides/reveal/.
#
#     scripts/build-site.sh OUT_DIR [APP_DIST]
#
# With APP_DIST, the app is copied from that release build (made with
# Trunk.toml's relative public_url) instead of being built again.
set -euo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/tools.sh"
cd "$ROOT"

[[ $# -ge 1 && -n "$1" ]] || die "usage: scripts/build-site.sh OUT_DIR [APP_DIST]"
out="$1"
app="${2:-}"

# OUT_DIR is emptied first: refuse anything that holds the sources.
out_abs="$(realpath -m "$out")"
case "$ROOT/" in
"$out_abs"/*) die "OUT_DIR $out would hold the project itself" ;;
esac
[[ "$out_abs" != "$ROOT/dist" ]] || die "OUT_DIR must not be dist/, which trunk serve and the release check use"

if [[ -n "$app" ]]; then
    need_npm_package reveal.js "$REVEAL_VERSION"
    [[ -f "$app/index.html" && -f "$app/live/index.html" ]] ||
        die "$app has no index.html or live/index.html: build the app first"
    say "Copying the release app from $app into $out"
    rm -rf "$out"
    mkdir -p "$out"
    cp -R "$app/." "$out/"
else
    need_site_tools
    say "Building the release app into $out"
    rm -rf "$out"
    trunk build --release --public-url ./ --dist "$out"
    trunk build live.html --release --public-url ./ --dist "$out/live"
fi

# An absolute asset URL ("/byzscope-….js") would only load at a server's
# root, not under GitHub Pages' /<repository>/.
for page in "$out/index.html" "$out/live/index.html"; do
    if grep -Eq "(src|href)=\"/[^/]|(from|module_or_path:) '/[^/]" "$page"; then
        die "$page loads assets by absolute URLs; build with --public-url ./ (Trunk.toml's public_url)"
    fi
done

say "Adding the example deck in $out/slides/ (reveal.js $REVEAL_VERSION)"
mkdir -p "$out/slides"
cp examples/slides/index.html examples/slides/deck.js "$out/slides/"
cp -R "$TOOLS/node_modules/reveal.js/dist" "$out/slides/reveal"
cp "$TOOLS/node_modules/reveal.js/LICENSE" "$out/slides/reveal/LICENSE"

say "Site ready in $out ($(du -sh "$out" | cut -f1)): the app at ./, live mode at ./live/, the deck at ./slides/"
