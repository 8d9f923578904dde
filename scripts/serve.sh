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
exec trunk serve --address "$ADDRESS" --port "$PORT" "$@"
