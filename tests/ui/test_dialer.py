"""The dialer window driven through its widgets against the simulated PBX."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from mypbxdesk.ami.message import Message
from mypbxdesk.sim import SimulatedPbx
from mypbxdesk.ui.bridge import PbxBridge
from mypbxdesk.ui.dialer import DialerWindow

from .conftest import until

pytestmark = [pytest.mark.qt, pytest.mark.asyncio]


def _originates(sim: SimulatedPbx) -> list[Message]:
    return [m for m in sim.actions_received if m.name.lower() == "originate"]


async def test_enter_dials_the_pasted_tel_uri(
    qtbot: QtBot, sim: SimulatedPbx, bridge: PbxBridge
) -> None:
    win = DialerWindow(bridge)
    qtbot.addWidget(win)
    win.open_with()
    win.number.setText("tel:+1 (555) 010-9999")
    qtbot.keyClick(win.number, Qt.Key.Key_Return)
    await until(lambda: "Calling your phone 474" in win.message.text())
    assert "pick up to connect to +15550109999" in win.message.text()
    await until(lambda: win.message.text().startswith("Connected"))
    (orig,) = _originates(sim)
    assert orig["Channel"] == "SIP/474"
    assert orig["Context"] == "DLPN_DialPlan474"
    assert orig["Exten"] == "+15550109999"
    assert orig["Priority"] == "1"
    assert orig["CallerID"] == "474"
    assert win.call_button.isEnabled()


async def test_an_extension_is_shown_to_key_after_the_answer_not_dropped(
    qtbot: QtBot, sim: SimulatedPbx, bridge: PbxBridge
) -> None:
    win = DialerWindow(bridge)
    qtbot.addWidget(win)
    win.open_with()
    note = "after the answer, key 12 on your phone"
    qtbot.keyClicks(win.number, "tel:+1-555-0100;ext=12")
    assert note in win.message.text()  # said while typing, before anything is sent
    qtbot.keyClick(win.number, Qt.Key.Key_Return)
    await until(lambda: win.message.text().startswith("Connected"))
    assert note in win.message.text()  # and still there once the call is placed
    (orig,) = _originates(sim)
    assert orig["Exten"] == "+15550100"


async def test_full_width_digits_dial(qtbot: QtBot, sim: SimulatedPbx, bridge: PbxBridge) -> None:
    win = DialerWindow(bridge)
    qtbot.addWidget(win)
    win.open_with()
    win.number.setText("１３８ ０６０１ ２３４５")
    win.call_button.click()
    await until(lambda: win.message.text().startswith("Connected"))
    (orig,) = _originates(sim)
    assert orig["Exten"] == "13806012345"


@pytest.mark.parametrize("text", ["12ab34", "555\r\nAction: Hangup"])
async def test_letters_and_line_breaks_are_refused_inline(
    qtbot: QtBot, sim: SimulatedPbx, bridge: PbxBridge, text: str
) -> None:
    win = DialerWindow(bridge)
    qtbot.addWidget(win)
    win.open_with()
    win.number.setText(text)
    win.call_button.click()
    await until(lambda: "Cannot dial this" in win.message.text())
    assert "Nothing was sent" in win.message.text()
    assert _originates(sim) == []


async def test_refusal_from_the_pbx_in_plain_words(
    qtbot: QtBot, sim: SimulatedPbx, bridge: PbxBridge
) -> None:
    sim.set_phone("474", "busy")
    win = DialerWindow(bridge)
    qtbot.addWidget(win)
    win.open_with("306")
    win.call_button.click()
    await until(lambda: "not placed" in win.message.text())
    assert "SIP/474 is busy" in win.message.text()


async def test_button_disabled_with_reason_while_disconnected(
    qtbot: QtBot, sim: SimulatedPbx, bridge: PbxBridge
) -> None:
    win = DialerWindow(bridge)
    qtbot.addWidget(win)
    win.open_with("306")
    assert win.call_button.isEnabled()
    await sim.stop()
    await until(lambda: not win.call_button.isEnabled())
    assert "Not connected" in win.call_button.toolTip()
    assert "Not connected" in win.message.text()


async def test_history_completion(qtbot: QtBot, sim: SimulatedPbx, bridge: PbxBridge) -> None:
    await sim.incoming_call(
        caller="470",
        caller_name="Alice",
        to="474",
        via_trunk=False,
        outcome="missed",
        ring_time=0.1,
    )
    await until(lambda: "470" in bridge.recent_numbers())
    win = DialerWindow(bridge)
    qtbot.addWidget(win)
    win.open_with()
    model = win.number.completer().model()
    items = [model.index(i, 0).data() for i in range(model.rowCount())]
    assert "470 — Alice" in items
    win.number.setText("470 — Alice")
    win.call_button.click()
    await until(lambda: len(_originates(sim)) == 1)
    assert _originates(sim)[0]["Exten"] == "470"


async def test_a_number_handed_over_while_dialling_goes_out_next(
    qtbot: QtBot, sim: SimulatedPbx, bridge: PbxBridge
) -> None:
    """A tel: link clicked while her phone still rings for the previous number is
    not lost: it is dialled as soon as the first attempt is over."""
    sim.timing.ring_time = 0.6  # her phone rings a while before it is picked up
    win = DialerWindow(bridge)
    qtbot.addWidget(win)
    win.dial_number("306")
    await until(lambda: len(_originates(sim)) == 1)
    win.dial_number("+1 555-010-9999")
    assert "Next: +1 555 010 9999" in win.message.text()  # she sees it is next
    assert win.number.text() == "306"  # the call under way keeps its number
    await until(lambda: len(_originates(sim)) == 2, timeout=10)
    assert [m["Exten"] for m in _originates(sim)] == ["306", "+15550109999"]
    assert win.number.text() == "+1 555-010-9999"
    await until(lambda: not win.busy, timeout=10)


async def _placed_call(qtbot: QtBot, bridge: PbxBridge) -> DialerWindow:
    """A dialer that placed a call to +1 555 010 9999 and says so."""
    win = DialerWindow(bridge)
    qtbot.addWidget(win)
    win.open_with()
    qtbot.keyClicks(win.number, "+1 555 010 9999")
    qtbot.keyClick(win.number, Qt.Key.Key_Return)
    await until(lambda: win.message.text().startswith("Connected"))
    return win


async def test_the_placed_status_goes_when_its_call_ends(
    qtbot: QtBot, sim: SimulatedPbx, bridge: PbxBridge
) -> None:
    """ "Connected: your phone 474 is now calling …" stayed for minutes after the call."""
    win = await _placed_call(qtbot, bridge)
    await until(lambda: any(c.is_live for c in bridge.calls))
    [call] = [c for c in bridge.calls if c.is_live]
    assert (await bridge.hangup(call.call_id)).ok
    await until(lambda: win.message.text() == "")
    win.hide()
    win.open_with()
    assert win.message.text() == ""


async def test_a_reopened_dialer_drops_the_words_of_a_call_that_is_over(
    qtbot: QtBot, sim: SimulatedPbx, bridge: PbxBridge
) -> None:
    win = await _placed_call(qtbot, bridge)
    win.hide()
    await until(lambda: any(c.is_live for c in bridge.calls))
    bridge.call_changed.disconnect(win._on_call_changed)  # missed the end (e.g. a resync)
    for call in [c for c in bridge.calls if c.is_live]:
        await bridge.hangup(call.call_id)
    await until(lambda: not any(c.is_live for c in bridge.calls))
    assert win.message.text().startswith("Connected")
    win.open_with()
    assert win.message.text() == ""


async def test_the_placeholder_fits_and_the_status_has_room(
    qtbot: QtBot, sim: SimulatedPbx, bridge: PbxBridge
) -> None:
    win = DialerWindow(bridge)
    qtbot.addWidget(win)
    win.open_with()
    win.resize(win.minimumSizeHint())
    await until(lambda: win.isVisible())
    metrics = win.number.fontMetrics()
    text = metrics.horizontalAdvance(win.number.placeholderText())
    assert win.number.width() >= text + metrics.height()  # text plus the clear button
    win.message.setText("Connected: your phone 474 is now calling +15550109999.\nNote: x")
    win.adjustSize()
    gap = win.height() - win.message.geometry().bottom()
    assert gap >= win.fontMetrics().height() // 2  # not touching the bottom edge
