"""The console window, keyboard first: type to search, arrows, Enter, F2–F7, Esc, Ctrl+Enter.

pytest-qt drives the real widgets over the real bridge and ConsoleService on
the simulated MyPBX; what happened is read from the AMI actions the PBX
received and from the status line. Colleagues' lines come from real 1.8
events fed to the console (consolefeed.py).
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest
import pytest_asyncio
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton
from pytestqt.qtbot import QtBot

from mypbxdesk.ami.message import Message
from mypbxdesk.calls import Call, CallState
from mypbxdesk.sim import SimulatedPbx
from mypbxdesk.ui.bridge import PbxBridge
from mypbxdesk.ui.console import ConsoleWindow

from .conftest import until
from .consolefeed import feed, parked, queue_join, ringing, talking, waiting

pytestmark = [pytest.mark.qt, pytest.mark.asyncio]

Key = Qt.Key


def actions(sim: SimulatedPbx, name: str) -> list[Message]:
    return [m for m in sim.actions_received if m.name.lower() == name.lower()]


@pytest_asyncio.fixture
async def window(qtbot: QtBot, console_bridge: PbxBridge) -> AsyncIterator[ConsoleWindow]:
    win = ConsoleWindow(console_bridge)
    qtbot.addWidget(win)
    win.open()
    await until(lambda: win.search.hasFocus())
    yield win
    win.hide()


async def answered_call(sim: SimulatedPbx, bridge: PbxBridge, caller: str = "13806012345") -> Call:
    """An outside caller talking to her (474) until the test ends."""
    await sim.incoming_call(caller=caller, caller_name="Bob Smith", ring_time=0.05, talk_time=60)
    await until(lambda: any(c.state is CallState.ANSWERED for c in bridge.calls))
    call = bridge.calls[-1]
    assert call.peer_channel
    return call


def press(
    qtbot: QtBot,
    win: ConsoleWindow,
    key: Key,
    mods: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier,
) -> None:
    """A key pressed where her keyboard is: the search field."""
    qtbot.keyClick(win.search, key, mods)


async def status(win: ConsoleWindow, prefix: str) -> str:
    """Wait until the status line starts with ``prefix`` (✓ done, ✗ refused)."""
    await until(lambda: win.status.text().startswith(prefix))
    return win.status.text()


# -- opening, searching, moving ------------------------------------------------------------------
async def test_search_has_the_focus_typing_filters_arrows_move(
    qtbot: QtBot, sim: SimulatedPbx, console_bridge: PbxBridge, window: ConsoleWindow
) -> None:
    win = window
    assert win.windowTitle() == "Console — mypbxdesk"
    assert win.selected() is not None and win.selected().extension == "303"  # type: ignore[union-attr]
    qtbot.keyClicks(win.search, "30")
    assert [win.filter.index(i, 0).data() for i in range(win.filter.rowCount())] == [
        "303 Tom Becker",
        "305 Maria Garcia",
        "306 David Kim",
    ]
    press(qtbot, win, Key.Key_Right)
    assert win.selected().extension == "305"  # type: ignore[union-attr]
    press(qtbot, win, Key.Key_Right)
    press(qtbot, win, Key.Key_Left)
    assert win.selected().extension == "305"  # type: ignore[union-attr]
    assert win.search.hasFocus() and win.search.text() == "30"  # the field kept the keyboard
    # The selected tile is announced on the search field.
    assert win.search.accessibleDescription().startswith("305 Maria Garcia, idle")
    qtbot.keyClicks(win.search, "6")
    assert win.selected().extension == "306"  # type: ignore[union-attr]
    press(qtbot, win, Key.Key_Escape)  # no transfer under way: Esc clears the search
    assert win.search.text() == ""
    assert win.filter.rowCount() == 5
    # Typing while the grid has the focus goes to the search field.
    win.grid.setFocus()
    qtbot.keyClicks(win.grid, "al")
    assert win.search.text() == "al" and win.search.hasFocus()
    assert win.selected().extension == "470"  # type: ignore[union-attr]


async def test_every_key_is_written_on_its_button(
    qtbot: QtBot, sim: SimulatedPbx, window: ConsoleWindow
) -> None:
    texts = {b.objectName(): b.text() for b in window.findChildren(QPushButton)}
    assert texts["transferButton"] == "Call (Enter)"  # no call: Enter calls
    assert texts["attendedButton"] == "Attended transfer (F2)"
    assert texts["parkButton"] == "Park (F3)"
    assert texts["pickupButton"] == "Pick up (F4)"
    assert texts["retrieveButton"] == "Retrieve (F5)"
    assert texts["pauseButton"] == "Pause (F6)"
    assert texts["voicemailButton"].endswith("(F7)")
    assert texts["completeButton"] == "Complete (Ctrl+Enter)"
    assert texts["backButton"] == "Back to the caller (Esc)"
    for button in window.findChildren(QPushButton):
        assert button.accessibleName() or button.text(), button.objectName()
    # Nothing to park yet: disabled, and the reason is the tooltip.
    assert not window.park_button.isEnabled()
    assert window.park_button.toolTip() == "You have no call right now"


# -- Enter ---------------------------------------------------------------------------------------
async def test_enter_transfers_the_current_call_to_the_selected_colleague(
    qtbot: QtBot, sim: SimulatedPbx, console_bridge: PbxBridge, window: ConsoleWindow
) -> None:
    call = await answered_call(sim, console_bridge)
    await until(lambda: window.transfer_button.text() == "Transfer (Enter)")
    assert window.calls_model.current_id == call.call_id
    qtbot.keyClicks(window.search, "maria")
    press(qtbot, window, Key.Key_Return)
    text = await status(window, "✓")
    assert text == "✓ Transferred to 305"
    (redirect,) = actions(sim, "Redirect")
    assert redirect["Channel"] == call.peer_channel
    assert redirect["Exten"] == "305"
    assert redirect["Context"] == "DLPN_DialPlan305"


async def test_enter_with_an_outside_number_transfers_the_call_there(
    qtbot: QtBot, sim: SimulatedPbx, console_bridge: PbxBridge, window: ConsoleWindow
) -> None:
    call = await answered_call(sim, console_bridge)
    qtbot.keyClicks(window.search, "139 0000 1111")
    assert window.filter.rowCount() == 0
    assert "Enter transfers your call to" in window.grid.empty_text
    press(qtbot, window, Key.Key_Enter)
    assert await status(window, "✓") == "✓ Transferred to 13900001111"
    (redirect,) = actions(sim, "Redirect")
    assert (redirect["Channel"], redirect["Exten"]) == (call.peer_channel, "13900001111")
    assert redirect["Context"] == "DLPN_DialPlan474"  # an outside number: her own dial plan


async def test_enter_without_a_call_dials_the_number_typed(
    qtbot: QtBot, sim: SimulatedPbx, window: ConsoleWindow
) -> None:
    qtbot.keyClicks(window.search, "+86 138 0601 2345")
    assert window.transfer_button.text() == "Call (Enter)"
    press(qtbot, window, Key.Key_Return)
    await until(lambda: actions(sim, "Originate"))
    assert actions(sim, "Originate")[0]["Exten"] == "+8613806012345"
    assert actions(sim, "Redirect") == []
    await status(window, "✓")


async def test_enter_with_letters_that_match_nobody_says_why(
    qtbot: QtBot, sim: SimulatedPbx, window: ConsoleWindow
) -> None:
    qtbot.keyClicks(window.search, "zzz")
    press(qtbot, window, Key.Key_Return)
    assert window.status.text() == "✗ No colleague matches “zzz”, and it is not a number"
    await asyncio.sleep(0.1)
    assert actions(sim, "Originate") == [] and actions(sim, "Redirect") == []


# -- F2: attended transfer, Ctrl+Enter, Esc ------------------------------------------------------
async def test_f2_consults_the_colleague_and_ctrl_enter_completes(
    qtbot: QtBot, sim: SimulatedPbx, console_bridge: PbxBridge, window: ConsoleWindow
) -> None:
    call = await answered_call(sim, console_bridge)
    qtbot.keyClicks(window.search, "305")
    press(qtbot, window, Key.Key_F2)
    await until(lambda: actions(sim, "Atxfer"))
    (atxfer,) = actions(sim, "Atxfer")
    assert atxfer["Channel"] == call.my_channel and atxfer["Exten"] == "305#"
    await until(lambda: window.banner.complete_button.isEnabled())  # 305 is being called
    assert window.banner.isVisible()
    assert window.banner.title.text() == "Attended transfer to 305 Maria Garcia"
    assert window.banner.stage.text()
    press(qtbot, window, Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    await until(lambda: any(m["Channel"] == call.my_channel for m in actions(sim, "Hangup")))
    await until(lambda: not window.banner.isVisible())
    assert window.status.text() == "✓ Transferred to 305"


async def test_f2_then_esc_goes_back_to_the_caller(
    qtbot: QtBot, sim: SimulatedPbx, console_bridge: PbxBridge, window: ConsoleWindow
) -> None:
    await answered_call(sim, console_bridge)
    qtbot.keyClicks(window.search, "306")
    press(qtbot, window, Key.Key_F2)
    await until(lambda: window.banner.back_button.isEnabled())  # 306 is being called
    assert window.search.text() == "306"
    press(qtbot, window, Key.Key_Escape)  # during a transfer: back to the caller, not "clear"
    await until(lambda: not window.banner.active)
    assert window.status.text() in ("✓ Back with the caller", "✓ You are back with the caller")
    hangups = [m["Channel"] for m in actions(sim, "Hangup")]
    assert hangups and all(c.startswith("SIP/306-") for c in hangups)  # 1.8: no CancelAtxfer
    assert window.search.text() == "306"  # Esc went back; it did not clear the search


# -- F3 park, F5 retrieve -------------------------------------------------------------------------
async def test_f3_parks_the_call_and_f5_takes_it_back(
    qtbot: QtBot, sim: SimulatedPbx, console_bridge: PbxBridge, window: ConsoleWindow
) -> None:
    call = await answered_call(sim, console_bridge)
    assert window.retrieve_button.toolTip() == "No call is parked"
    press(qtbot, window, Key.Key_F3)
    text = await status(window, "✓")
    (park,) = actions(sim, "Park")
    assert park["Channel"] == call.peer_channel
    slot = console_bridge.console.parking.calls[0].slot  # type: ignore[union-attr]
    assert text == f"✓ Parked on {slot}"
    await until(lambda: window.parked_model.rowCount() == 1)
    model = window.parked_model
    assert model.index(0, 0).data() == slot
    assert model.index(0, 1).data() == "138 0601 2345 Bob Smith"  # read as everywhere else
    assert model.index(0, 2).data() == "you"
    assert window.parked_table.isVisible()
    assert window.retrieve_button.isEnabled()
    press(qtbot, window, Key.Key_F5)
    await until(lambda: any(m["Exten"] == slot for m in actions(sim, "Originate")))
    assert (await status(window, "✓")).startswith("✓ Your phone rings")


async def test_parked_calls_count_up_and_down(
    qtbot: QtBot, sim: SimulatedPbx, console_bridge: PbxBridge, window: ConsoleWindow
) -> None:
    feed(console_bridge, parked("702", "13912345678", "Zhang Wei", by="305", timeout=45))
    model = window.parked_model
    assert model.rowCount() == 1
    parked_at = model.calls[0].parked_at
    model.clock = lambda: parked_at + 30
    assert model.index(0, 3).data() == "00:30"
    assert model.index(0, 4).data() == "00:15"
    assert model.index(0, 2).data() == "305 Maria Garcia"
    assert model.index(0, 4).data(Qt.ItemDataRole.ForegroundRole) is not None  # red: soon
    assert model.index(0, 0).data(Qt.ItemDataRole.ToolTipRole) == (
        "Slot 702: 139 1234 5678 Zhang Wei, waiting 00:30, rings back in 00:15"
    )


# -- F4 pickup -------------------------------------------------------------------------------------
async def test_f4_picks_up_the_selected_colleagues_ringing_call(
    qtbot: QtBot, sim: SimulatedPbx, console_bridge: PbxBridge, window: ConsoleWindow
) -> None:
    qtbot.keyClicks(window.search, "303")
    press(qtbot, window, Key.Key_F4)
    assert window.status.text() == "✗ 303 is not ringing"
    events, channel = ringing("306", "02087654321")
    feed(console_bridge, *events)
    qtbot.keyClick(window.search, Key.Key_Backspace)
    qtbot.keyClicks(window.search, "6")
    assert window.selected().extension == "306"  # type: ignore[union-attr]
    assert window.pickup_button.isEnabled()
    press(qtbot, window, Key.Key_F4)
    await until(lambda: actions(sim, "Originate"))
    (originate,) = actions(sim, "Originate")
    assert originate["Application"] == "PickupChan"
    assert originate["Data"] == channel
    assert originate["Channel"] == "SIP/474"
    await until(lambda: not window.status.text().startswith("Picking"), timeout=10)


# -- F6 pause, join/leave ------------------------------------------------------------------------
async def test_f6_pauses_her_with_the_reason_and_again_resumes(
    qtbot: QtBot, sim: SimulatedPbx, console_bridge: PbxBridge, window: ConsoleWindow
) -> None:
    queues = window.queues
    assert [q.name for q in queues.my_queues()] == ["reception"]
    assert queues.tree.topLevelItem(0).text(0) == "reception: nobody waiting"  # type: ignore[union-attr]
    queues.reason.setText("lunch")
    press(qtbot, window, Key.Key_F6)
    await until(lambda: actions(sim, "QueuePause"))
    first = actions(sim, "QueuePause")[0]
    assert (first["Interface"], first["Paused"], first["Reason"]) == ("SIP/474", "true", "lunch")
    await until(lambda: queues.pause_button.text() == "Resume (F6)")
    press(qtbot, window, Key.Key_F6)
    await until(lambda: len(actions(sim, "QueuePause")) == 2)
    assert actions(sim, "QueuePause")[1]["Paused"] == "false"
    await until(lambda: queues.pause_button.text() == "Pause (F6)")
    # She is in "reception" already: Join is disabled with the reason, Leave works.
    assert not queues.join_button.isEnabled()
    assert queues.join_button.toolTip() == "You are in reception already"
    queues.leave_button.click()
    await until(lambda: actions(sim, "QueueRemove"))
    assert actions(sim, "QueueRemove")[0]["Queue"] == "reception"


async def test_queue_callers_show_position_and_wait(
    qtbot: QtBot, sim: SimulatedPbx, console_bridge: PbxBridge, window: ConsoleWindow
) -> None:
    feed(console_bridge, queue_join("reception", "075512345678", "ACME Ltd"))
    top = window.queues.tree.topLevelItem(0)
    assert top is not None and top.text(0) == "reception: 1 waiting"
    caller = top.child(0)
    assert caller is not None
    assert caller.text(0) == "1. 075512345678 ACME Ltd"
    assert caller.text(1) == "waiting"
    assert caller.text(2) == "00:00"
    members = [top.child(i).text(0).strip() for i in range(1, top.childCount())]  # type: ignore[union-attr]
    assert "474 (you)" in members and "305 Maria Garcia" in members


# -- F7 voicemail ---------------------------------------------------------------------------------
async def test_f7_calls_the_voicemail_and_the_indicator_counts(
    qtbot: QtBot, sim: SimulatedPbx, console_bridge: PbxBridge, window: ConsoleWindow
) -> None:
    button = window.voicemail
    assert button.text() == "Voicemail: no new messages (F7)"
    feed(console_bridge, waiting("474@default", 2, 5), waiting("305@default", 9, 9))
    assert button.text() == "Voicemail: 2 new, 5 old (F7)"
    assert button.accessibleName() == "Voicemail: 2 new, 5 old"
    assert button.font().bold()
    press(qtbot, window, Key.Key_F7)
    await until(lambda: actions(sim, "Originate"))
    assert actions(sim, "Originate")[0]["Exten"] == "*02"
    assert await status(window, "✓") == "✓ Your phone rings: pick it up for your voicemail"
    button.click()
    await until(lambda: len(actions(sim, "Originate")) == 2)


# -- talking colleagues ----------------------------------------------------------------------------
async def test_her_calls_mark_the_current_one(
    qtbot: QtBot, sim: SimulatedPbx, console_bridge: PbxBridge, window: ConsoleWindow
) -> None:
    assert window.calls_empty.isVisible() and not window.calls_table.isVisible()
    call = await answered_call(sim, console_bridge)
    await until(lambda: window.calls_table.isVisible())
    model = window.calls_model
    assert model.index(0, 0).data() == "▶ 138 0601 2345"
    assert model.index(0, 0).data(Qt.ItemDataRole.FontRole).bold()
    assert model.index(0, 1).data(Qt.ItemDataRole.AccessibleTextRole).startswith("Current call")
    assert window.current_call_id() == call.call_id
    feed(console_bridge, *talking("305", "470", "Alice Martin"))
    qtbot.keyClicks(window.search, "305")
    tip = window.grid.currentIndex().data(Qt.ItemDataRole.ToolTipRole)
    assert tip.startswith("305 Maria Garcia, in a call with 470 Alice Martin")
