"""The call panel and the transfer dialog against the real bridge and the simulated MyPBX."""

from __future__ import annotations

import asyncio
import dataclasses
import os
import time
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import pytest_asyncio
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from mypbxdesk.ami.message import Message
from mypbxdesk.calls import CallChange, CallEvent, CallState, Direction
from mypbxdesk.driver.client import ConnectionState
from mypbxdesk.service.phone import PhoneService
from mypbxdesk.settings.config import Settings
from mypbxdesk.sim import SimulatedPbx
from mypbxdesk.ui.bridge import PbxBridge
from mypbxdesk.ui.callpanel import (
    DIRECTION,
    DURATION,
    NAME,
    NUMBER,
    STATE,
    VIA,
    CallPanel,
    TransferDialog,
)
from mypbxdesk.ui.transfer import check_target

from .conftest import child, until
from .test_screenpop import emit, fake_call

pytestmark = [pytest.mark.qt]  # the async tests are marked asyncio one by one


@pytest.fixture(autouse=True)
def _tray_app(qapp: QApplication) -> None:
    """As in the app: closing the last window does not quit (Qt 6 would close them all)."""
    qapp.setQuitOnLastWindowClosed(False)


@pytest_asyncio.fixture
async def readonly_bridge(sim: SimulatedPbx, tmp_path: Path) -> AsyncIterator[PbxBridge]:
    """A bridge logged in as the simulator's ``readonly`` AMI user: sees calls, may not act."""
    settings = Settings(host="127.0.0.1", port=sim.port, username="readonly", extension="474")
    service = PhoneService(settings, "readonly")
    bridge = PbxBridge(service, config_path=tmp_path / "config.toml")
    service.start()
    await service.client.wait_ready(5)
    try:
        yield bridge
    finally:
        await bridge.aclose()


def make_panel(
    qtbot: QtBot,
    bridge: PbxBridge,
    answers: list[bool] | None = None,
    questions: list[str] | None = None,
) -> CallPanel:
    def confirm(text: str) -> bool:
        if questions is not None:
            questions.append(text)
        return answers.pop(0) if answers else True

    panel = CallPanel(bridge, confirm=confirm)
    qtbot.addWidget(panel)
    panel.show()
    return panel


def save_shot(widget: QWidget, name: str) -> None:
    """Grab ``widget`` to $MYPBXDESK_SHOTS/<name> when that is set (for a visual review)."""
    if target := os.environ.get("MYPBXDESK_SHOTS"):
        Path(target).mkdir(parents=True, exist_ok=True)
        assert widget.grab().save(str(Path(target) / name))


def cell(panel: CallPanel, row: int, column: int) -> str:
    return str(panel.model.index(row, column).data())


def message(panel: CallPanel) -> str:
    label = panel.findChild(QLabel, "callPanelMessage")
    assert label is not None
    return label.text()


def actions(sim: SimulatedPbx, name: str) -> list[Message]:
    return [a for a in sim.actions_received if a.name == name]


def open_transfer(qtbot: QtBot, panel: CallPanel) -> TransferDialog:
    button = panel.findChild(QPushButton, "transferButton")
    assert button is not None and button.isEnabled(), button.toolTip() if button else ""
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    dialog = panel.findChild(TransferDialog, "transferDialog")
    assert dialog is not None and dialog.isVisible()
    return dialog


def test_check_target() -> None:
    assert check_target("306", "474") == ("306", "")
    assert check_target(" 306 ", "474") == ("306", "")
    assert check_target("", "474") == (None, "")
    assert check_target("30a", "474") == (None, "An extension has digits only: 'a' is a letter.")
    assert check_target("474", "474") == (None, "474 is your own extension.")
    assert check_target("30-6", "474") == (None, "An extension is 1 to 10 digits.")
    assert check_target("12345678901", "474")[0] is None


@pytest.mark.asyncio
async def test_panel_lists_ticks_and_hangs_up_after_confirmation(
    sim: SimulatedPbx, bridge: PbxBridge, qtbot: QtBot
) -> None:
    questions: list[str] = []
    panel = make_panel(qtbot, bridge, answers=[False, True], questions=questions)
    empty = panel.findChild(QLabel, "callPanelEmpty")
    assert empty is not None and empty.isVisible() and empty.text() == "No calls right now"
    assert panel.windowTitle() == "Calls — mypbxdesk"
    assert panel.heading.text() == "Live calls on extension 474"
    await sim.incoming_call(
        caller="13806012345",
        caller_name="Bob Smith",
        outcome="answered",
        ring_time=0.05,
        talk_time=30,
    )
    await until(lambda: panel.model.rowCount() == 1 and cell(panel, 0, STATE) == "Answered")
    table = panel.findChild(type(panel.table), "callTable")
    assert table is panel.table and table.isVisible() and not empty.isVisible()
    assert [cell(panel, 0, c) for c in (NUMBER, NAME, VIA, DIRECTION, STATE)] == [
        "138 0601 2345",
        "Bob Smith",
        "",  # a direct call: no queue, ring group or DID, nobody transferred it
        "Incoming",
        "Answered",
    ]
    assert cell(panel, 0, DURATION) == "00:00"
    await until(lambda: cell(panel, 0, DURATION) == "00:01", timeout=2.5)  # the duration ticks
    save_shot(panel, "callpanel.png")

    # A second panel opened now starts from bridge.calls.
    late = make_panel(qtbot, bridge)
    assert late.model.rowCount() == 1 and late.selected_call() is not None

    [call] = bridge.calls
    hangup = panel.findChild(QPushButton, "hangupButton")
    assert hangup is not None and hangup.isEnabled()
    qtbot.mouseClick(hangup, Qt.MouseButton.LeftButton)  # "No"
    assert questions == ["Hang up the call with Bob Smith (138 0601 2345)?"]
    assert not actions(sim, "Hangup") and panel.model.rowCount() == 1
    qtbot.mouseClick(hangup, Qt.MouseButton.LeftButton)  # "Yes"
    await until(lambda: actions(sim, "Hangup"))
    [sent] = actions(sim, "Hangup")
    assert sent.get("Channel") == call.my_channel
    await until(lambda: panel.model.rowCount() == 0)
    assert empty.isVisible() and not hangup.isEnabled()
    await asyncio.sleep(0.3)  # the hang-up's own answer, if it comes after the call went
    assert message(panel) == ""  # "Hung up" went with its call


@pytest.mark.asyncio
async def test_transfer_ringing_call_to_306(
    sim: SimulatedPbx, bridge: PbxBridge, qtbot: QtBot
) -> None:
    panel = make_panel(qtbot, bridge)
    await sim.incoming_call(
        caller="13806012345", caller_name="Bob Smith", outcome="answered", ring_time=10
    )
    await until(lambda: panel.model.rowCount() == 1)
    [call] = bridge.calls
    dialog = open_transfer(qtbot, panel)
    assert dialog.windowModality() != Qt.WindowModality.NonModal
    ok = dialog.findChild(QPushButton, "transferOk")
    assert ok is dialog.ok_button and not ok.isEnabled()  # nothing typed yet
    qtbot.keyClicks(dialog.target.lineEdit(), "306")
    assert ok.isEnabled() and not child(dialog, QLabel, "transferError").isVisible()
    save_shot(dialog, "transfer.png")
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    await until(lambda: actions(sim, "Redirect"))
    redirects = actions(sim, "Redirect")
    assert len(redirects) == 1
    sent = redirects[0]
    assert sent.get("Channel") == call.peer_channel
    assert (sent.get("Channel") or "").startswith("SIP/trunk-")
    assert sent.get("Context") == "DLPN_DialPlan306"
    assert sent.get("Exten") == "306"
    assert sent.get("Priority") == "1"
    # Closed on success: once the PBX's answer to the Redirect is back (the sim has
    # the action a moment before the client has its response).
    await until(lambda: panel.transfer_dialog is None)
    await until(lambda: panel.findChild(TransferDialog) is None)
    await until(lambda: panel.model.rowCount() == 0)  # the call left the user's phone
    await asyncio.sleep(0.3)
    assert message(panel) == ""  # "Transferred to 306" went with it


@pytest.mark.asyncio
async def test_letters_and_own_extension_refused_inline(
    sim: SimulatedPbx, bridge: PbxBridge, qtbot: QtBot
) -> None:
    panel = make_panel(qtbot, bridge)
    await sim.incoming_call(outcome="answered", ring_time=10)
    await until(lambda: panel.model.rowCount() == 1)
    dialog = open_transfer(qtbot, panel)
    error = dialog.findChild(QLabel, "transferError")
    assert error is not None
    qtbot.keyClicks(dialog.target.lineEdit(), "30a")
    assert error.isVisible() and "'a' is a letter" in error.text()
    assert not dialog.ok_button.isEnabled()
    qtbot.keyClick(dialog.target.lineEdit(), Qt.Key.Key_Return)  # Enter does nothing either
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and not dialog.status.text()  # still open, nothing started
    dialog.set_target("474")
    assert error.text() == "474 is your own extension." and not dialog.ok_button.isEnabled()
    save_shot(dialog, "transfer-error.png")
    dialog.set_target("306")
    assert not error.isVisible() and dialog.ok_button.isEnabled()
    dialog.reject()
    await until(lambda: panel.transfer_dialog is None)
    assert not actions(sim, "Redirect")


@pytest.mark.expect_log("could not list the live channels after login: Permission denied")
@pytest.mark.asyncio
async def test_failed_transfer_shows_the_pbx_error(
    sim: SimulatedPbx, readonly_bridge: PbxBridge, qtbot: QtBot
) -> None:
    panel = make_panel(qtbot, readonly_bridge)
    await sim.incoming_call(outcome="answered", ring_time=10)
    await until(lambda: panel.model.rowCount() == 1)
    dialog = open_transfer(qtbot, panel)
    dialog.set_target("306")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    error = child(dialog, QLabel, "transferError")
    await until(lambda: error.isVisible())
    assert error.text() == "Transfer failed: the PBX refused: Permission denied"
    assert dialog.isVisible() and dialog.ok_button.isEnabled()  # may try again or cancel
    assert message(panel) == "Transfer failed: the PBX refused: Permission denied"
    assert panel.model.rowCount() == 1  # the call stays where it was
    assert len(actions(sim, "Redirect")) == 1


@pytest.mark.asyncio
async def test_call_ending_while_dialog_is_open(
    sim: SimulatedPbx, bridge: PbxBridge, qtbot: QtBot
) -> None:
    panel = make_panel(qtbot, bridge)
    await sim.incoming_call(outcome="missed", ring_time=0.4)
    await until(lambda: panel.model.rowCount() == 1)
    dialog = open_transfer(qtbot, panel)
    dialog.set_target("306")
    await until(lambda: panel.model.rowCount() == 0)
    assert dialog.error_text() == "This call has ended."
    assert not dialog.ok_button.isEnabled()
    assert not actions(sim, "Redirect")


@pytest.mark.asyncio
async def test_buttons_disabled_while_not_connected(
    sim: SimulatedPbx, bridge: PbxBridge, qtbot: QtBot
) -> None:
    panel = make_panel(qtbot, bridge)
    await sim.incoming_call(outcome="answered", ring_time=10)
    await until(lambda: panel.model.rowCount() == 1)
    assert panel.transfer_button.isEnabled() and panel.hangup_button.isEnabled()
    seen: list[tuple[bool, bool, str]] = []

    def record(status: object) -> None:  # connected after the panel: runs after its slot
        if getattr(status, "state", None) is not ConnectionState.CONNECTED:
            seen.append(
                (
                    panel.transfer_button.isEnabled(),
                    panel.hangup_button.isEnabled(),
                    panel.hangup_button.toolTip(),
                )
            )

    bridge.status_changed.connect(record)
    await sim.drop_clients()
    await until(lambda: seen and bridge.connected)
    assert seen[0][:2] == (False, False)
    assert seen[0][2].startswith("Not connected to the PBX")
    await until(lambda: panel.transfer_button.isEnabled())


@pytest.mark.asyncio
async def test_rows_follow_call_changes_and_history_names(
    sim: SimulatedPbx, bridge: PbxBridge, qtbot: QtBot
) -> None:
    panel = make_panel(qtbot, bridge)
    history = bridge.history
    assert history is not None
    old = fake_call("old", state=CallState.ENDED, outcome="missed")
    history.record(
        CallChange(
            CallEvent.RINGING, dataclasses.replace(old, state=CallState.RINGING, outcome=None), 0
        )
    )
    history.record(CallChange(CallEvent.ENDED, old, 0))
    ringing = fake_call("new", name="", direction=Direction.OUTGOING)
    emit(bridge, CallChange(CallEvent.RINGING, ringing, 0))
    assert [cell(panel, 0, c) for c in (NUMBER, NAME, VIA, DIRECTION, STATE)] == [
        "138 0601 2345",
        "Bob Smith (earlier call)",
        "",
        "Outgoing",
        "Ringing",
    ]
    answered = dataclasses.replace(ringing, state=CallState.ANSWERED, answered_at=time.time())
    emit(bridge, CallChange(CallEvent.ANSWERED, answered, 0))
    assert panel.model.rowCount() == 1 and cell(panel, 0, STATE) == "Answered"
    emit(bridge, CallChange(CallEvent.RINGING, fake_call("other", "306", "Sam"), 0))
    assert panel.model.rowCount() == 2 and panel.selected_call() == answered
    emit(
        bridge, CallChange(CallEvent.ENDED, dataclasses.replace(answered, state=CallState.ENDED), 0)
    )
    assert [c.call_id for c in panel.model.calls] == ["other"]
    assert panel.selected_call() is not None  # the remaining call, no click needed


@pytest.mark.asyncio
async def test_close_hides(sim: SimulatedPbx, bridge: PbxBridge, qtbot: QtBot) -> None:
    panel = make_panel(qtbot, bridge)
    assert panel.objectName() == "callPanel"
    assert not panel.close()  # refused: hidden instead
    assert not panel.isVisible()
    panel.show()
    assert panel.isVisible()
