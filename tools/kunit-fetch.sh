#!/bin/sh
# Puts Linux's KTAP parser (tools/testing/kunit of Debian's linux-source-6.12) into
# BUILD_DIR/kunit, once; nothing else of Linux is kept, and nothing goes into the repository.
# The kunit suite (tests/kunit) runs its `kunit.py parse` on every e2e log. See docs/testing.md.
#   tools/kunit-fetch.sh BUILD_DIR
set -eu
build=${1:-build}
pkg=linux-source-6.12
dest=$build/kunit
parser=$dest/tools/testing/kunit/kunit.py

[ -f "$parser" ] && exit 0
fail() {
	echo "kunit-fetch: $*" >&2
	exit 1
}
command -v apt-get >/dev/null || fail "needs apt-get (Debian) to download $pkg"
command -v dpkg-deb >/dev/null || fail "needs dpkg-deb to unpack $pkg"
command -v xz >/dev/null || fail "needs xz (apt-get install xz-utils) to unpack $pkg"

if ! apt-cache show "$pkg" >/dev/null 2>&1; then
	if [ "$(id -u)" = 0 ]; then
		timeout 600 apt-get update -qq || true
	fi
	apt-cache show "$pkg" >/dev/null 2>&1 ||
		fail "apt knows no $pkg; as root run: apt-get update (it is in bookworm-security)"
fi

tmp=$build/kunit.tmp
rm -rf "$tmp"
mkdir -p "$tmp"
start=$(date +%s)
# apt-get download needs no root once the package lists are there.
if ! (cd "$tmp" && timeout 900 apt-get download -q "$pkg" >download.out 2>&1); then
	tail -n 5 "$tmp/download.out" >&2
	fail "apt-get download $pkg failed (network, or run as root: apt-get update)"
fi
deb=$(ls "$tmp"/"$pkg"_*.deb 2>/dev/null | head -n 1)
[ -n "$deb" ] || fail "apt-get download $pkg left no .deb in $tmp"
# The .deb holds one tarball of the whole tree; only the parser's folder is unpacked from it,
# in one stream, so the ~1.5 GB tree never lands on disk.
dpkg-deb --fsys-tarfile "$deb" |
	tar -xO --wildcards "*/$pkg.tar.xz" |
	tar -xJ -C "$tmp" --wildcards '*/tools/testing/kunit/*' ||
	fail "unpacking tools/testing/kunit from $deb failed"
src=$(ls -d "$tmp"/linux-source-*/tools/testing/kunit 2>/dev/null | head -n 1)
[ -n "$src" ] && [ -f "$src/kunit.py" ] || fail "$deb holds no tools/testing/kunit/kunit.py"
rm -rf "$dest"
mkdir -p "$dest/tools/testing"
mv "$src" "$dest/tools/testing/kunit"
version=$(dpkg-deb -f "$deb" Version)
echo "$pkg $version" >"$dest/VERSION"
rm -rf "$tmp"
echo "kunit-fetch: $pkg $version: tools/testing/kunit in $(($(date +%s) - start)) s"
