#!/usr/bin/env bash
# Build a Debian/Ubuntu package from the one-folder bundle.
#
#   packaging/build-deb.sh [BUNDLE_DIR] [OUT_DIR]
#
# BUNDLE_DIR (default dist/mypbxdesk, made by packaging/build-linux.sh) goes to
# /opt/mypbxdesk with /usr/bin/mypbxdesk pointing at it; the desktop entry (which
# declares the tel:, callto: and sip: handlers), the AppStream metadata and the
# icon go where desktop environments and software centres look for them.
# Output: OUT_DIR (default dist)/mypbxdesk_<version>_<arch>.deb; its path is the
# last line printed.
#
# Only dpkg-deb is needed (any Debian/Ubuntu has it). No maintainer scripts: the
# desktop database, the icon cache and AppStream are refreshed by the dpkg
# triggers of desktop-file-utils, hicolor-icon-theme and appstream, so a plain
# `apt-get remove` leaves nothing behind.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUNDLE=$(cd "${1:-$ROOT/dist/mypbxdesk}" && pwd)
OUT=${2:-$ROOT/dist}
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)

test -x "$BUNDLE/mypbxdesk" || { echo "no executable $BUNDLE/mypbxdesk (run packaging/build-linux.sh first)" >&2; exit 1; }
command -v dpkg-deb >/dev/null || { echo "dpkg-deb is needed (apt-get install dpkg)" >&2; exit 1; }

VERSION=$(sed -n 's/^version = "\(.*\)"/\1/p' "$ROOT/pyproject.toml" | head -n1)
ARCH=$(dpkg --print-architecture)
test -n "$VERSION"

STAGE=$(mktemp -d)
trap 'rm -rf "$STAGE"' EXIT
PKG="$STAGE/mypbxdesk"

install -d "$PKG/DEBIAN" "$PKG/opt" "$PKG/usr/bin" \
    "$PKG/usr/share/applications" "$PKG/usr/share/metainfo" \
    "$PKG/usr/share/icons/hicolor/scalable/apps" "$PKG/usr/share/doc/mypbxdesk"
cp -a "$BUNDLE" "$PKG/opt/mypbxdesk"
ln -s /opt/mypbxdesk/mypbxdesk "$PKG/usr/bin/mypbxdesk"
install -m 0644 "$ROOT/resources/mypbxdesk.desktop" "$PKG/usr/share/applications/"
install -m 0644 "$ROOT/resources/io.github.mypbxdesk.mypbxdesk.metainfo.xml" "$PKG/usr/share/metainfo/"
install -m 0644 "$ROOT/resources/mypbxdesk.svg" "$PKG/usr/share/icons/hicolor/scalable/apps/"
install -m 0644 "$ROOT/README.md" "$PKG/usr/share/doc/mypbxdesk/README.md"
# Directories 0755 and files without group/other write, whatever the umask was.
find "$PKG" -type d -exec chmod 0755 {} +
find "$PKG" -type f -perm /022 -exec chmod go-w {} +

INSTALLED_KB=$(du -sk --exclude=DEBIAN "$PKG" | cut -f1)
# The bundle carries Qt and Python; the system gives the graphics, fonts, D-Bus
# and X11/xcb libraries that PySide6 loads (the same list README's quick start
# installs), and xdg-utils to open CRM links and register as the tel: handler.
cat > "$PKG/DEBIAN/control" <<EOF
Package: mypbxdesk
Version: $VERSION
Architecture: $ARCH
Maintainer: mypbxdesk authors <mypbxdesk@users.noreply.github.com>
Installed-Size: $INSTALLED_KB
Section: comm
Priority: optional
Homepage: https://github.com/mypbxdesk/mypbxdesk
Depends: libc6, libegl1, libgl1, libopengl0, libxkbcommon0, libxkbcommon-x11-0, libfontconfig1, libfreetype6, libdbus-1-3, libglib2.0-0, libx11-6, libx11-xcb1, libxcb1, libxcb-cursor0, libxcb-icccm4, libxcb-keysyms1, libxcb-image0, libxcb-render-util0, libxcb-randr0, libxcb-shape0, libxcb-xkb1, libxcb-xinerama0
Recommends: xdg-utils, desktop-file-utils, fonts-dejavu-core
Suggests: fonts-wqy-microhei
Description: click-to-dial and caller-ID screen-pop for Yeastar MyPBX and Asterisk
 mypbxdesk sits in the system tray of a receptionist's computer and talks to
 the PBX through the Asterisk Manager Interface (AMI): it dials from the desk
 phone, pops up who is calling, and shows which colleague is free to take a
 transfer, a parked call or a pick-up. It works with the Yeastar MyPBX
 (Asterisk 1.8) and with current Asterisk versions.
 .
 It opens tel:, callto: and sip: links.
EOF

DEB="$OUT/mypbxdesk_${VERSION}_${ARCH}.deb"
dpkg-deb --root-owner-group -Zxz -z3 --build "$PKG" "$DEB" >/dev/null
echo "== built $(du -h "$DEB" | cut -f1) package ($INSTALLED_KB KiB installed)"
echo "$DEB"
