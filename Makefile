# The README's commands. Each installs what it is missing first.
.PHONY: serve test test-site screenshot site slides cluster

SITE ?= target/site
SLIDES_PORT ?= 8000

serve:
	scripts/serve.sh

test:
	scripts/test.sh

# Only the public site's checks: builds it, loads it at / and under a
# sub-path as GitHub Pages serves it, and plays the example deck.
test-site:
	scripts/test.sh site

# Rebuilds the release site, checks it, and refreshes the README's
# screenshots and the frame timings in docs/.
screenshot:
	scripts/check-release.sh docs/screenshots

# The site GitHub Pages deploys: the release app, and the example deck in
# slides/ (see .github/workflows/pages.yml).
site:
	scripts/build-site.sh $(SITE)

# Builds the site and serves it; the deck is at /slides/.
slides: site
	@echo "==> The deck: http://127.0.0.1:$(SLIDES_PORT)/slides/ (Ctrl-C stops it)"
	python3 -m http.server $(SLIDES_PORT) --bind 127.0.0.1 --directory $(SITE)

# The original demo's four nodes as real HTTP servers on 127.0.0.1:8001-8004,
# node4 Byzantine; Ctrl-C stops them. Flags: make cluster ARGS="--signed".
cluster:
	cargo run --profile cluster -p byzscope-node -- cluster $(ARGS)
