#!/usr/bin/env bash
# Installs what the suite needs on a Debian machine, skipping what is already there, so a
# warm run costs a few milliseconds: Firefox ESR, Chromium and chromedriver, WebKitGTK's
# WebKitWebDriver and MiniBrowser with the Xvfb display they draw on (Debian's packages) and
# geckodriver (built from crates.io; no browser or driver is downloaded from
# anywhere else), and the Selenium Grid the remote-WebDriver test drives (npm registry).
set -euo pipefail

export PATH="$HOME/.cargo/bin:$PATH"
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

missing=()
command -v firefox-esr >/dev/null 2>&1 || missing+=(firefox-esr)
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v chromedriver >/dev/null 2>&1 || missing+=(chromium-driver)
command -v WebKitWebDriver >/dev/null 2>&1 || missing+=(webkit2gtk-driver)
command -v Xvfb >/dev/null 2>&1 || missing+=(xvfb)
command -v java >/dev/null 2>&1 || missing+=(openjdk-17-jre-headless)
if [ ${#missing[@]} -gt 0 ]; then
  echo "install-deps: installing ${missing[*]} with apt-get"
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if ! command -v geckodriver >/dev/null 2>&1; then
  echo "install-deps: building geckodriver with cargo install (about 90 s)"
  cargo install --locked --quiet geckodriver
fi

# The reports test checks junit.xml with a real JUnit consumer.
if ! python3 -c 'import junitparser' >/dev/null 2>&1; then
  echo "install-deps: installing junitparser with pip"
  python3 -m pip install --quiet --disable-pip-version-check junitparser
fi

# Coverage of the widget build (Istanbul) and mutant schemata (Stryker): node packages pinned
# by tools/js/package-lock.json, from the npm registry.
if [ ! -d "$(dirname "$0")/../tools/js/node_modules/istanbul-lib-instrument" ]; then
  echo "install-deps: installing the node tools (Istanbul, Stryker's instrumenter) with npm ci"
  (cd "$(dirname "$0")/../tools/js" && npm ci --no-audit --no-fund --loglevel=error)
fi

# The remote-WebDriver test runs the suite through a real Selenium Grid 4.
bash "$(dirname "$0")/install-grid.sh" >/dev/null

echo "install-deps: $(firefox-esr --version 2>/dev/null), $(geckodriver --version 2>/dev/null | head -n 1), $(chromium --version 2>/dev/null), $(chromedriver --version 2>/dev/null | cut -d' ' -f1-2), WebKitGTK $(dpkg-query -W -f='${Version}' webkit2gtk-driver 2>/dev/null)"
