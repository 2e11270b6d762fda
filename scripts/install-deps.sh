#!/usr/bin/env bash
# Installs the Debian packages Parity needs to build, test, run and benchmark, and only
# those that are missing (so it is quick and quiet on a machine that has them).
set -euo pipefail
packages=(
  pkg-config          # lets SwiftPM find libxml2's include path
  libxml2-dev         # framework XML: streaming reader and XSD validation
  libsqlite3-dev      # the database, through GRDB
  libxml2-utils       # xmllint: tests cross-check the XSD, benchmarks compare against it
  python3             # the demo's sd_notify listener, the taxonomy builder, test producers
  time                # GNU time: peak RSS in benchmarks
  poppler-utils       # pdftoppm and pdftotext: tests render every letter PDF and read it back
)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
echo "installing: ${missing[*]}"
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
