#!/usr/bin/env bash
# Builds parity_<VERSION>_amd64.deb from release binaries linked with the Swift runtime
# statically (`make deb` builds them), with dpkg-deb: the same contents and maintainer
# scripts dh_installsystemd would give, without debhelper on the build machine.
# usage: scripts/build-deb.sh VERSION RELEASE_DIR GENERATE_MANUAL OUT_DIR
set -euo pipefail
version=$1 release=$2 generate_manual=$3 out=$4
cd "$(dirname "$0")/.."
work=$(mktemp -d "${TMPDIR:-/tmp}/parity-deb.XXXXXX")
trap 'rm -rf "$work"' EXIT
root="$work/parity_${version}_amd64"
install -d "$root/DEBIAN" "$root/usr/bin" "$root/lib/systemd/system" "$root/usr/lib/sysusers.d" \
  "$root/usr/lib/tmpfiles.d" "$root/etc/parity" "$root/usr/share/parity/frameworks" \
  "$root/usr/share/parity/schema/elmo/references" "$root/usr/share/parity/trust/oj-2019" \
  "$root/usr/share/doc/parity/examples" "$root/usr/share/man/man1" "$root/usr/share/man/man8"

# The binaries, stripped; refuse ones that need the toolchain's shared Swift runtime.
for bin in parityd parity; do
  if ldd "$release/$bin" | grep -q 'libswiftCore\|/opt/swift'; then
    echo "build-deb: $release/$bin links the shared Swift runtime; build it with --static-swift-stdlib" >&2
    exit 1
  fi
  install -m 0755 "$release/$bin" "$root/usr/bin/$bin"
  strip --strip-unneeded "$root/usr/bin/$bin"
done

sed 's|@BINDIR@|/usr/bin|' Systemd/parityd.service > "$root/lib/systemd/system/parityd.service"
chmod 0644 "$root/lib/systemd/system/parityd.service"
install -m 0644 Systemd/parity.sysusers.conf "$root/usr/lib/sysusers.d/parity.conf"
install -m 0644 Systemd/parity.tmpfiles.conf "$root/usr/lib/tmpfiles.d/parity.conf"
install -m 0644 Systemd/parityd-shared.conf "$root/usr/share/doc/parity/examples/parityd-shared.conf"
install -m 0644 Config/parity.toml "$root/etc/parity/parity.toml"
install -m 0644 Frameworks/*.xml "$root/usr/share/parity/frameworks/"
install -m 0644 Frameworks/schema/parity-framework-1.xsd "$root/usr/share/parity/schema/"
install -m 0644 Frameworks/schema/elmo/*.xsd Frameworks/schema/elmo/catalog.xml Frameworks/schema/elmo/SOURCE.md \
  "$root/usr/share/parity/schema/elmo/"
install -m 0644 Frameworks/schema/elmo/references/*.xsd "$root/usr/share/parity/schema/elmo/references/"
install -m 0644 Tests/ParitySignaturesTests/Fixtures/trust/oj-2019/*.cer "$root/usr/share/parity/trust/oj-2019/"
install -m 0644 packaging/trust-README.md "$root/usr/share/parity/trust/README.md"
install -m 0644 packaging/debian/copyright "$root/usr/share/doc/parity/copyright"
install -m 0644 README.md "$root/usr/share/doc/parity/README.md"
gzip -9n "$root/usr/share/doc/parity/README.md"
printf 'parity (%s) stable; urgency=medium\n\n  * Built by make deb from commit %s.\n\n -- Parity developers <parity@localhost>  %s\n' \
  "$version" "$(git rev-parse --short HEAD 2>/dev/null || echo unknown)" "$(date -R)" \
  | gzip -9n > "$root/usr/share/doc/parity/changelog.Debian.gz"

# Manual pages from the command-line help (swift-argument-parser's generate-manual).
date=$(date +%Y-%m-%d)
"$generate_manual" "$root/usr/bin/parity" --section 1 --date "$date" --authors "the Parity developers" \
  --output-directory "$root/usr/share/man/man1"
"$generate_manual" "$root/usr/bin/parityd" --section 8 --date "$date" --authors "the Parity developers" \
  --output-directory "$root/usr/share/man/man8"
gzip -9n "$root"/usr/share/man/man*/*.[18]

install -m 0755 packaging/debian/postinst packaging/debian/prerm packaging/debian/postrm "$root/DEBIAN/"
install -m 0644 packaging/debian/conffiles "$root/DEBIAN/"

# Depends: the shared libraries the binaries load (dpkg-shlibdeps), then what they run.
mkdir -p "$work/shlibs/debian"
printf 'Source: parity\n\nPackage: parity\nArchitecture: amd64\n' > "$work/shlibs/debian/control"
shlibs=$(cd "$work/shlibs" && dpkg-shlibdeps -O "$root/usr/bin/parityd" "$root/usr/bin/parity" 2>/dev/null \
  | sed -n 's/^shlibs:Depends=//p')
[ -n "$shlibs" ] || { echo "build-deb: dpkg-shlibdeps found no dependencies" >&2; exit 1; }
size=$(du -sk --exclude=DEBIAN "$root" | cut -f1)
sed -e "s|@VERSION@|$version|" -e "s|@SHLIBS@|$shlibs|" -e "s|@INSTALLED_SIZE@|$size|" \
  packaging/debian/control.in > "$root/DEBIAN/control"
(cd "$root" && find . -path ./DEBIAN -prune -o -type f -printf '%P\n' | sort | xargs md5sum) > "$root/DEBIAN/md5sums"

mkdir -p "$out"
dpkg-deb --root-owner-group -Zxz --build "$root" "$out/parity_${version}_amd64.deb" >/dev/null
echo "$out/parity_${version}_amd64.deb"
