# The two commands of the README. Each installs what it is missing first.
.PHONY: serve test screenshot

serve:
	scripts/serve.sh

test:
	scripts/test.sh

# Rebuilds the release site, checks it, and refreshes the README's
# screenshots and the frame timings in docs/.
screenshot:
	scripts/check-release.sh docs/screenshots
