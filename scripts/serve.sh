#!/usr/bin/env bash
# `make serve`: installs what building the web app needs, then serves it with
# live reload.
set -euo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/tools.sh"
cd "$ROOT"

need_web_tools

ADDRESS="${ADDRESS:-127.0.0.1}"
PORT="${PORT:-8080}"
say "Serving ByzScope at http://$ADDRESS:$PORT/ (Ctrl-C stops it)"
# live.html is the page with the live view compiled in, so `?live=…` works
# here too without the release site's separate live/ page.
exec trunk serve live.html --address "$ADDRESS" --port "$PORT" "$@"
