"""The console for everyone: refused features disabled with the reason, Chinese, 200 %, the tray.

* the simulator's ``limited`` AMI user is refused Originate: after the first
  refusal every feature that needs it is disabled with the PBX's reason as
  its tooltip and listed in the permissions line — never hidden;
* in zh_CN every word of the window is Chinese (and the tiles speak Chinese);
* at 200 % on a 1080p laptop (960x540 logical) the window fits and no button
  or tile clips its text;
* the tray's left click and its first menu entry open the console.
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import subprocess
import sys
import textwrap
from collections.abc import AsyncIterator, Callable
from pathlib import Path

import pytest
import pytest_asyncio
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QLabel, QPushButton, QSystemTrayIcon
from pytestqt.qtbot import QtBot

from mypbxdesk.sim import SimulatedPbx
from mypbxdesk.ui.bridge import PbxBridge
from mypbxdesk.ui.console import ConsoleWindow
from mypbxdesk.ui.tray import Openers, TrayController

from .conftest import console_bridge_for, until
from .consolefeed import feed, parked, talking

pytestmark = [pytest.mark.qt, pytest.mark.asyncio]

CJK = re.compile(r"[\u4e00-\u9fff]")
DENIED = "this AMI user may not place calls (it needs the 'originate' write permission)"


@pytest_asyncio.fixture
async def limited(qtbot: QtBot, sim: SimulatedPbx, tmp_path: Path) -> AsyncIterator[PbxBridge]:
    bridge = await console_bridge_for(sim, tmp_path, "limited", "limited")
    try:
        yield bridge
    finally:
        await bridge.aclose()


@pytest.mark.expect_log("could not list the live channels after login: Permission denied")
async def test_a_refused_feature_is_disabled_with_the_reason_not_hidden(
    qtbot: QtBot, sim: SimulatedPbx, limited: PbxBridge
) -> None:
    window = ConsoleWindow(limited)
    qtbot.addWidget(window)
    window.open()
    await until(lambda: window.search.hasFocus())
    assert not window.permissions.isVisible()
    feed(limited, parked("701", "13912345678", "Zhang Wei"))
    assert window.retrieve_button.isEnabled()

    qtbot.keyClick(window.search, Qt.Key.Key_F7)
    await until(lambda: window.status.text().startswith("✗"))
    assert window.status.text() == f"✗ Could not call your voicemail: {DENIED}"
    # The same feature is now off everywhere, visibly, with the PBX's reason.
    for button in (window.voicemail, window.retrieve_button):
        assert button.isVisible() and not button.isEnabled(), button.objectName()
        assert button.toolTip() == DENIED
    assert window.permissions.isVisible()
    assert f"Calls from your phone: {DENIED}" in window.permissions.text()
    assert window.permissions.accessibleName() == "Permissions"
    # A key for a refused feature says why and sends nothing.
    originates = [m for m in sim.actions_received if m.name == "Originate"]
    qtbot.keyClick(window.search, Qt.Key.Key_F5)
    assert window.status.text() == f"✗ {DENIED}"
    assert [m for m in sim.actions_received if m.name == "Originate"] == originates
    # Transfer (Redirect, the "call" write class) is still allowed for this user.
    assert "\nTransfer:" not in window.permissions.text()
    assert window.park_button.toolTip() == "You have no call right now"


async def test_the_console_in_chinese(
    zh: str, qtbot: QtBot, sim: SimulatedPbx, console_bridge: PbxBridge
) -> None:
    feed(console_bridge, *talking("305", "470", "Alice Martin"))
    window = ConsoleWindow(console_bridge)
    qtbot.addWidget(window)
    window.show()
    assert CJK.search(window.windowTitle())
    for button in window.findChildren(QPushButton):
        assert CJK.search(button.text()), (button.objectName(), button.text())
    for name in ("colleaguesHeading", "callsHeading", "parkedHeading", "queuesHeading"):
        label = window.findChild(QLabel, name)
        assert label is not None and CJK.search(label.text()), name
    assert CJK.search(window.search.placeholderText())
    model = window.model
    index = model.index(model.row_of("305"), 0)
    spoken = index.data(Qt.ItemDataRole.AccessibleTextRole)
    assert spoken.startswith("305 Maria Garcia，") and CJK.search(spoken), spoken
    assert window.transfer_button.text() == "拨打 (Enter)"
    assert not window.grab().isNull()


CHILD = textwrap.dedent("""
    import asyncio, json, sys
    from pathlib import Path
    from PySide6.QtWidgets import QApplication, QAbstractButton
    import qasync
    from mypbxdesk.ui import i18n
    from mypbxdesk.settings.config import Settings
    from mypbxdesk.service.console import ConsoleService
    from mypbxdesk.service.phone import PhoneService
    from mypbxdesk.ui.bridge import PbxBridge

    app = QApplication([])
    app.setQuitOnLastWindowClosed(False)
    if len(sys.argv) > 1:
        i18n.install_translator(app, sys.argv[1])

    async def main():
        from mypbxdesk.ui.console import ConsoleWindow
        service = PhoneService(Settings(host="127.0.0.1", extension="474"), "x")
        bridge = PbxBridge(service, console=ConsoleService(service), config_path=Path("x.toml"))
        window = ConsoleWindow(bridge)
        window.show()
        await asyncio.sleep(0.3)
        screen = app.primaryScreen()
        out = {"dpr": screen.devicePixelRatio(), "screen": screen.availableGeometry().getRect(),
               "window": window.frameGeometry().getRect(), "clipped": []}
        for b in window.findChildren(QAbstractButton):
            if b.isVisible() and b.width() < b.sizeHint().width():
                out["clipped"].append([b.objectName(), b.text(), b.width(), b.sizeHint().width()])
        m = window.grid.delegate
        from mypbxdesk.ui.console.tiles import TileMetrics
        tile = TileMetrics(window.grid.font())
        out["tile"] = [tile.width, tile.height, tile.line]
        out["grid_cell"] = [window.grid.gridSize().width(), window.grid.gridSize().height()]
        print(json.dumps(out))
        await service.aclose()

    with asyncio.Runner(loop_factory=lambda: qasync.QEventLoop(app)) as runner:
        runner.run(main())
""")


@pytest.mark.parametrize("lang", ["en_US", "zh_CN"])
async def test_fits_a_1080p_screen_at_200_percent_without_clipping(
    tmp_path: Path, lang: str
) -> None:
    config = tmp_path / "screens.json"
    config.write_text(
        json.dumps(
            {
                "screens": [
                    {"name": "laptop", "x": 0, "y": 0, "width": 1920, "height": 1080,
                     "logicalDpi": 192}
                ]
            }
        )
    )  # fmt: skip
    env = dict(os.environ, QT_QPA_PLATFORM=f"offscreen:configfile={config}")
    env.pop("QT_SCALE_FACTOR", None)
    done = await asyncio.to_thread(
        subprocess.run,
        [sys.executable, "-c", CHILD, lang],
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
    _, _, w, h = out["window"]
    assert w <= width and h <= height, out
    assert out["clipped"] == [], out["clipped"]
    tile_w, tile_h, line = out["tile"]
    assert tile_h >= 3 * line  # three lines of text fit
    assert out["grid_cell"][0] >= tile_w


class Opened:
    def __init__(self) -> None:
        self.log: list[str] = []

    def openers(self) -> Openers:
        def opener(name: str) -> Callable[[], None]:
            return lambda: self.log.append(name)

        return Openers(
            dialer=opener("dialer"),
            calls=opener("calls"),
            history=opener("history"),
            settings=opener("settings"),
            amilog=opener("amilog"),
            console=opener("console"),
        )


async def test_the_tray_opens_the_console(
    qtbot: QtBot, sim: SimulatedPbx, console_bridge: PbxBridge
) -> None:
    opened = Opened()
    tray = TrayController(console_bridge, opened.openers(), use_tray=True)
    tray._on_activated(QSystemTrayIcon.ActivationReason.Trigger)
    assert opened.log == ["console"]
    first = next(a for a in tray.menu.actions() if a.objectName())
    assert (first.objectName(), first.text()) == ("actConsole", "Console")
    first.trigger()
    assert opened.log == ["console", "console"]
    tray.hide()
    no_tray = TrayController(console_bridge, opened.openers(), use_tray=False)
    assert no_tray.window is not None
    qtbot.addWidget(no_tray.window)
    no_tray.window.findChild(QPushButton, "btnConsole").click()  # type: ignore[union-attr]
    assert opened.log[-1] == "console"
    assert isinstance(tray.menu.findChild(QAction, "actDial"), QAction)


async def test_the_console_window_offers_the_other_windows(
    qtbot: QtBot, sim: SimulatedPbx, console_bridge: PbxBridge
) -> None:
    opened = Opened()
    window = ConsoleWindow(console_bridge, opened.openers())
    qtbot.addWidget(window)
    for name in ("consoleDial", "consoleHistory", "consoleSettings"):
        button = window.findChild(QPushButton, name)
        assert button is not None and button.accessibleName()
        button.click()
    assert opened.log == ["dialer", "history", "settings"]
    window.show()
    window.close()  # closing hides it: the tray owns the app's lifetime
    assert window.isHidden()
