#!/usr/bin/env bash
# Build the Linux one-folder bundle with PyInstaller and smoke-start it.
#
#   packaging/build-linux.sh [PYTHON]
#
# PYTHON (default: .venv/bin/python, else python3) must have mypbxdesk and its
# dependencies installed; PyInstaller is installed into it if missing (it is
# the optional extra mypbxdesk[package], never a runtime dependency).
# Output: dist/mypbxdesk/ (run dist/mypbxdesk/mypbxdesk). Prints the bundle
# size and the start-up time of `mypbxdesk --self-test` (offscreen), which
# imports Qt and the whole app, renders the icon, parses a phone number and
# exits 0. Exits non-zero if the build or the smoke start fails.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
PY=${1:-}
if [[ -z "$PY" ]]; then
    if [[ -x .venv/bin/python ]]; then PY=.venv/bin/python; else PY=python3; fi
fi

if ! "$PY" -c "import PyInstaller" 2>/dev/null; then
    echo "== installing PyInstaller into $PY"
    "$PY" -m pip install --quiet "pyinstaller>=6.10"
fi

echo "== building (PyInstaller $("$PY" -c 'import PyInstaller; print(PyInstaller.__version__)'))"
start=$(date +%s)
"$PY" -m PyInstaller --noconfirm --clean --log-level WARN \
    --distpath dist --workpath build/pyinstaller packaging/mypbxdesk.spec
echo "== built in $(( $(date +%s) - start )) s"

BIN=dist/mypbxdesk/mypbxdesk
test -x "$BIN"

echo "== smoke start (offscreen)"
export QT_QPA_PLATFORM=offscreen
"$BIN" --version
# Cold (first) and warm start of --self-test, timed without extra tools.
"$PY" - "$BIN" <<'PYEOF'
import subprocess, sys, time
times = []
for _ in range(2):
    t = time.perf_counter()
    out = subprocess.run([sys.argv[1], "--self-test"], capture_output=True, text=True)
    times.append(time.perf_counter() - t)
    if out.returncode != 0 or "self-test ok" not in out.stdout:
        sys.exit(f"smoke start failed ({out.returncode}): {out.stdout}{out.stderr}")
print(out.stdout.strip())
print(f"== start-up (--self-test, offscreen): first {times[0]:.2f} s, second {times[1]:.2f} s")
PYEOF
size=$(du -sh dist/mypbxdesk | cut -f1)
bytes=$(du -sb dist/mypbxdesk | cut -f1)
printf '== bundle: dist/mypbxdesk, %s (%s bytes)\n' "$size" "$bytes"
