#!/usr/bin/env bash
# Install the .deb, start what it installed, and remove it again (CI, as root).
#
#   packaging/check-deb.sh dist/mypbxdesk_<version>_<arch>.deb
#
# Checks, as an IT admin deploying it would see them: apt resolves its
# dependencies; /usr/bin/mypbxdesk starts (--version, --self-test offscreen);
# the desktop entry and AppStream file validate; the system's desktop database
# now names mypbxdesk for tel:, callto: and sip:; `apt-get remove` leaves no file
# of the package behind. Exits non-zero at the first failure.
set -euo pipefail
DEB=$(realpath "$1")
export DEBIAN_FRONTEND=noninteractive

fail() { echo "!! $*" >&2; exit 1; }
[ "$(id -u)" -eq 0 ] || fail "run as root (it installs a package)"

echo "== package: $(dpkg-deb -f "$DEB" Package) $(dpkg-deb -f "$DEB" Version) ($(dpkg-deb -f "$DEB" Architecture))"
echo "== install (apt-get install ./…deb)"
apt-get install -y -qq --no-install-recommends "$DEB" >/dev/null || fail "apt-get install failed"
dpkg-query -W -f='${Status}\n' mypbxdesk | grep -q "install ok installed" || fail "not installed"

echo "== start the installed program"
[ "$(readlink -f /usr/bin/mypbxdesk)" = /opt/mypbxdesk/mypbxdesk ] || fail "/usr/bin/mypbxdesk does not point into /opt/mypbxdesk"
QT_QPA_PLATFORM=offscreen /usr/bin/mypbxdesk --version
QT_QPA_PLATFORM=offscreen HOME=$(mktemp -d) /usr/bin/mypbxdesk --self-test | tee /tmp/mypbxdesk-deb-selftest.txt
grep -q "self-test ok" /tmp/mypbxdesk-deb-selftest.txt || fail "--self-test did not say ok"

echo "== desktop integration"
if command -v desktop-file-validate >/dev/null; then
    desktop-file-validate /usr/share/applications/mypbxdesk.desktop || fail "desktop entry invalid"
fi
if command -v appstreamcli >/dev/null; then
    appstreamcli validate --no-net --pedantic /usr/share/metainfo/io.github.mypbxdesk.mypbxdesk.metainfo.xml \
        || appstreamcli validate --no-net /usr/share/metainfo/io.github.mypbxdesk.mypbxdesk.metainfo.xml \
        || fail "AppStream metadata invalid"
fi
test -f /usr/share/icons/hicolor/scalable/apps/mypbxdesk.svg || fail "icon missing"
if command -v update-desktop-database >/dev/null; then
    update-desktop-database -q /usr/share/applications   # what the dpkg trigger runs
    for scheme in tel callto sip; do
        grep -q "^x-scheme-handler/$scheme=.*mypbxdesk.desktop" /usr/share/applications/mimeinfo.cache \
            || fail "mimeinfo.cache does not list mypbxdesk for $scheme:"
    done
    echo "tel:, callto:, sip: → mypbxdesk.desktop"
fi

echo "== remove"
files=$(dpkg -L mypbxdesk | grep -v '^/\.$')
apt-get remove -y -qq mypbxdesk >/dev/null || fail "apt-get remove failed"
if dpkg-query -W -f='${Status}\n' mypbxdesk 2>/dev/null | grep -q "install ok installed"; then
    fail "still installed after remove"
fi
left=0
while IFS= read -r f; do
    if [ -f "$f" ] || [ -L "$f" ]; then echo "left behind: $f" >&2; left=1; fi
done <<< "$files"
[ -e /opt/mypbxdesk ] && { echo "left behind: /opt/mypbxdesk" >&2; left=1; }
[ "$left" -eq 0 ] || fail "files left after remove"
echo "== installed, started and removed cleanly"
