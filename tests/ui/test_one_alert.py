"""One alert per call: the card, and the native notification only without it."""

from __future__ import annotations

import math

import pytest
from pytestqt.qtbot import QtBot

from mypbxdesk.sim import SimulatedPbx
from mypbxdesk.ui.app import one_alert_per_call
from mypbxdesk.ui.bridge import PbxBridge
from mypbxdesk.ui.screenpop import PopManager

from .conftest import until

pytestmark = [pytest.mark.qt, pytest.mark.asyncio]


async def test_a_shown_card_is_the_only_alert(
    sim: SimulatedPbx, bridge: PbxBridge, qtbot: QtBot
) -> None:
    """The tray balloon used to land on the card and cover its buttons for ~8 s."""
    balloons: list[tuple[str, str]] = []
    pops = PopManager(bridge)
    pops.notify = one_alert_per_call(pops, lambda t, s: balloons.append((t, s)))
    await sim.incoming_call(
        caller="13806012345", caller_name="Bob Smith", to="474", ring_time=math.inf
    )
    await until(lambda: pops.pops)
    [card] = pops.pops.values()
    qtbot.addWidget(card)
    assert card.isVisible()
    assert balloons == []
    pops.close_all()


async def test_without_the_card_the_notification_says_it(
    sim: SimulatedPbx, bridge: PbxBridge, qtbot: QtBot
) -> None:
    balloons: list[tuple[str, str]] = []
    pops = PopManager(bridge)
    pops.notify = one_alert_per_call(pops, lambda t, s: balloons.append((t, s)))
    # The card could not be shown: it is hidden again before the hook runs.
    pops.pop_opened.connect(lambda call_id: pops.pops[call_id].hide())
    await sim.incoming_call(
        caller="13806012345", caller_name="Bob Smith", to="474", ring_time=math.inf
    )
    await until(lambda: balloons)
    [(title, text)] = balloons
    assert title == "Incoming call" and text.startswith("Bob Smith — 138 0601 2345")
    pops.close_all()
