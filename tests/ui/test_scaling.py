"""200 % scaling: a 1920x1080 laptop screen at 200 % is 960x540 logical pixels.

A child process uses the offscreen platform with such a screen (logical DPI
192 → device pixel ratio 2) and reports the windows' sizes: each must fit on
the screen, and the settings dialog must keep Save in reach (its sections
are tabs; a page scrolls if it is still taller than the screen).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

CHILD = textwrap.dedent("""
    import asyncio, json
    from pathlib import Path
    from PySide6.QtWidgets import QApplication
    import qasync
    from mypbxdesk.settings.config import Settings
    from mypbxdesk.service.phone import PhoneService
    from mypbxdesk.ui.bridge import PbxBridge
    from mypbxdesk.ui.dialer import DialerWindow
    from mypbxdesk.ui.settingsdialog import SettingsDialog

    app = QApplication([])
    app.setQuitOnLastWindowClosed(False)

    async def main():
        service = PhoneService(Settings(host="127.0.0.1", extension="474"), "x")
        bridge = PbxBridge(service, config_path=Path("unused.toml"))
        screen = app.primaryScreen()
        out = {"dpr": screen.devicePixelRatio(), "screen": screen.availableGeometry().getRect()}
        dialog = SettingsDialog(bridge, bridge.settings, first_run=True, current_secret="")
        dialog.show()
        dialer = DialerWindow(bridge)
        dialer.open_with("+1 555 010 9999")
        await asyncio.sleep(0.3)
        save = dialog.save_button
        out["settings"] = dialog.frameGeometry().getRect()
        bottom = save.mapTo(dialog, save.rect().bottomRight()).y()
        out["save_visible"] = save.isVisible() and bottom <= dialog.height()
        out["test_visible"] = dialog.test_button.isVisible()
        out["dialer"] = dialer.frameGeometry().getRect()
        print(json.dumps(out))
        await service.aclose()

    with asyncio.Runner(loop_factory=lambda: qasync.QEventLoop(app)) as runner:
        runner.run(main())
""")


def test_windows_fit_a_1080p_screen_at_200_percent(tmp_path: Path) -> None:
    config = tmp_path / "screens.json"
    config.write_text(
        json.dumps(
            {
                "screens": [
                    {
                        "name": "laptop",
                        "x": 0,
                        "y": 0,
                        "width": 1920,
                        "height": 1080,
                        "logicalDpi": 192,
                    }
                ]
            }
        )
    )
    env = dict(os.environ, QT_QPA_PLATFORM=f"offscreen:configfile={config}")
    env.pop("QT_SCALE_FACTOR", None)
    done = subprocess.run(
        [sys.executable, "-c", CHILD],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout.strip().splitlines()[-1])
    assert out["dpr"] == 2.0
    _, _, width, height = out["screen"]
    assert (width, height) == (960, 540)
    for window in ("settings", "dialer"):
        _, _, w, h = out[window]
        assert w <= width and h <= height, (window, out[window])
    assert out["save_visible"]
    assert out["test_visible"]  # the short first run fits 540 px with Test in reach
