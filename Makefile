# The two commands of the README. Each installs what it is missing first.
.PHONY: serve test screenshot

serve:
	scripts/serve.sh

test:
	scripts/test.sh

# Rebuilds the release site and refreshes the README's screenshot.
screenshot:
	scripts/check-release.sh docs/screenshot.png
