#!/usr/bin/env bash
# Installs the Debian packages Parity needs to build, test, run and benchmark, and only
# those that are missing (so it is quick and quiet on a machine that has them).
set -euo pipefail
packages=(
  pkg-config          # lets SwiftPM find libxml2's include path
  libxml2-dev         # framework XML: streaming reader and XSD validation
  libsqlite3-dev      # the database, through GRDB
  zlib1g-dev          # EMREX's ELMO transport form (base64 of gzip)
  libxml2-utils       # xmllint: tests cross-check the XSD, benchmarks compare against it
  python3             # the demo's sd_notify listener, the taxonomy builder, test producers
  time                # GNU time: peak RSS in benchmarks
  python3-venv        # make bench: the Tantivy peer (pip package tantivy) in a virtual environment under .build/
  poppler-utils       # pdftoppm, pdftotext, pdffonts: tests render every letter PDF and read it back
  libpango1.0-dev     # letters: text set by pango (harfbuzz shaping, fribidi, fontconfig fallback)
  libcairo2-dev       # letters: cairo's PDF surface, fonts embedded as subsets
  libqrencode-dev     # letters: the signed QR code (libqrencode, level M)
  libpoppler-glib-dev # letters: `parity letter verify FILE.pdf` reads the page's text (poppler)
  libxmlsec1-dev      # seals: XAdES and XML-DSig signatures of credentials and trusted lists (libxmlsec1, OpenSSL engine)
  xmlsec1             # benchmarks: xmlsec1 --verify is the peer of `parity read` on XAdES credentials
  fonts-noto-core     # letters: Noto Sans for Latin, Greek, Cyrillic, Arabic, Bengali, Devanagari, Thai, Sinhala...
  fonts-noto-cjk      # letters: Chinese, Japanese and Korean names
  zbar-tools          # zbarimg: tests decode the QR code from the rendered page
  chromium            # tests run the offline verifier page in headless Chromium
  librsvg2-bin        # rsvg-convert: tests render the coverage heat map (SVG) to PNG
  systemd-container   # make systemd-test: systemd-nspawn boots a Debian tree with systemd as PID 1
  debootstrap         # make systemd-test: the minimal Debian 12 tree it boots (cached under .build/)
  iproute2            # the multi-node fault tests: a network namespace and a veth pair per node (ip netns, ip link)
  faketime            # the multi-node fault tests: libfaketime jumps one node's wall clock by an hour
  postgresql          # the shared store for several nodes; tests run their own server (initdb, pg_ctl) in a temporary directory
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
