"""A closed (hidden) console costs nothing per AMI event, and is current when it opens.

Real bridge and ConsoleService over the simulated MyPBX; the events are real
1.8 events fed to the console (consolefeed.py).
"""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from mypbxdesk.sim import SimulatedPbx
from mypbxdesk.ui.bridge import PbxBridge
from mypbxdesk.ui.console import ConsoleWindow

from .conftest import until
from .consolefeed import feed, parked, ringing, state

pytestmark = [pytest.mark.qt, pytest.mark.asyncio]


async def test_a_hidden_console_skips_the_refresh_and_catches_up_when_shown(
    qtbot: QtBot, sim: SimulatedPbx, console_bridge: PbxBridge
) -> None:
    window = ConsoleWindow(console_bridge)
    qtbot.addWidget(window)
    window.open()
    await until(lambda: window.search.hasFocus())
    window.close()  # hides it: the tray opens it again
    assert not window.isVisible()

    refreshed = 0
    refresh = window.refresh

    def counting() -> None:
        nonlocal refreshed
        refreshed += 1
        refresh()

    window.refresh = counting  # type: ignore[method-assign]
    calls, _channel = ringing("306", "02087654321")
    feed(console_bridge, *calls, state("503", 4), parked("702", "13912345678", "Zhang Wei"))
    assert refreshed == 0  # every event reached the models, none the buttons
    assert window.parked_model.rowCount() == 1
    assert not window.retrieve_button.isEnabled()  # as it was when she closed it

    window.open()
    assert refreshed >= 1
    assert window.retrieve_button.isEnabled()
    assert window.parked_table.isVisibleTo(window)
    assert not window.parked_empty.isVisibleTo(window)

    # Open: each event refreshes the buttons at once, as before.
    refreshed = 0
    feed(console_bridge, state("503", 0))
    assert refreshed == 1
