#!/usr/bin/env bash
# The files of an installation, in one place for `make install` and `make deb` (which stages
# them in its package root): binaries (stripped), the unit, the sysusers and tmpfiles files, the
# configuration (only where there is none yet), the schemas, the shipped frameworks under
# /usr/share/parity/frameworks, the trust material.
# usage: scripts/install-tree.sh DESTDIR PREFIX UNITDIR SYSUSERSDIR TMPFILESDIR RELEASE_DIR
set -euo pipefail
destdir=$1 prefix=$2 unitdir=$3 sysusersdir=$4 tmpfilesdir=$5 release=$6
cd "$(dirname "$0")/.."
share="$destdir/usr/share/parity"
install -d "$destdir$prefix/bin" "$destdir$unitdir" "$destdir$sysusersdir" "$destdir$tmpfilesdir" "$destdir/etc/parity" \
  "$share/frameworks" "$share/schema/elmo/references" "$share/trust/oj-2019"
for bin in parityd parity; do
  install -m 0755 "$release/$bin" "$destdir$prefix/bin/$bin"
  strip --strip-unneeded "$destdir$prefix/bin/$bin"
done
sed "s|@BINDIR@|$prefix/bin|" Systemd/parityd.service > "$destdir$unitdir/parityd.service"
chmod 0644 "$destdir$unitdir/parityd.service"
install -m 0644 Systemd/parity.sysusers.conf "$destdir$sysusersdir/parity.conf"
install -m 0644 Systemd/parity.tmpfiles.conf "$destdir$tmpfilesdir/parity.conf"
[ -e "$destdir/etc/parity/parity.toml" ] || install -m 0644 Config/parity.toml "$destdir/etc/parity/parity.toml"
install -m 0644 Frameworks/*.xml "$share/frameworks/"
install -m 0644 Frameworks/schema/parity-framework-1.xsd "$share/schema/"
install -m 0644 Frameworks/schema/elmo/*.xsd Frameworks/schema/elmo/catalog.xml Frameworks/schema/elmo/SOURCE.md \
  "$share/schema/elmo/"
install -m 0644 Frameworks/schema/elmo/references/*.xsd "$share/schema/elmo/references/"
install -m 0644 Tests/ParitySignaturesTests/Fixtures/trust/oj-2019/*.cer "$share/trust/oj-2019/"
install -m 0644 packaging/trust-README.md "$share/trust/README.md"
