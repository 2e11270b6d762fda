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
install -d "$root/DEBIAN" "$root/usr/share/doc/parity/examples" "$root/usr/share/man/man1" "$root/usr/share/man/man8"

# Refuse binaries that need the toolchain's shared Swift runtime.
for bin in parityd parity; do
  if ldd "$release/$bin" | grep 'libswiftCore\|/opt/swift' > /dev/null; then  # not -q: pipefail and SIGPIPE
    echo "build-deb: $release/$bin links the shared Swift runtime; build it with --static-swift-stdlib" >&2
    exit 1
  fi
done
scripts/install-tree.sh "$root" /usr /lib/systemd/system /usr/lib/sysusers.d /usr/lib/tmpfiles.d "$release"
install -m 0644 Systemd/parityd-shared.conf "$root/usr/share/doc/parity/examples/parityd-shared.conf"
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
