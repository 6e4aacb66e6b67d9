"""Screen-pops against the real bridge and the simulated MyPBX: real widgets, real clicks."""

from __future__ import annotations

import dataclasses
import os
import time
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QLabel, QPushButton, QToolButton
from pytestqt.qtbot import QtBot

from mypbxdesk.calls import Call, CallChange, CallEvent, CallState, Direction
from mypbxdesk.service.view import ResolvedChange
from mypbxdesk.sim import SimulatedPbx
from mypbxdesk.ui import popcard
from mypbxdesk.ui.bridge import PbxBridge
from mypbxdesk.ui.callinfo import build_crm_url, format_duration, status_text
from mypbxdesk.ui.screenpop import PopManager, ScreenPop

from .conftest import Record, child, until

pytestmark = [pytest.mark.qt]  # the async tests are marked asyncio one by one


@pytest.fixture(autouse=True)
def _tray_app(qapp: QApplication) -> None:
    """As in the app (a tray app): closing the last dialog must not quit, which in
    Qt 6 would first close every window, pops included."""
    qapp.setQuitOnLastWindowClosed(False)


def label(pop: ScreenPop, name: str) -> str:
    widget = pop.findChild(QLabel, name)
    assert widget is not None, name
    return widget.text()


def button(pop: ScreenPop, name: str) -> QPushButton:
    widget = pop.findChild(QPushButton, name)
    assert widget is not None, name
    return widget


def fake_call(
    call_id: str = "t-1",
    number: str = "13806012345",
    name: str = "Bob Smith",
    state: CallState = CallState.RINGING,
    **kw: object,
) -> Call:
    fields: dict[str, object] = dict(
        call_id=call_id,
        direction=Direction.INCOMING,
        number=number,
        name=name,
        extension="474",
        state=state,
        my_channel="SIP/474-00000099",
        peer_channel="SIP/trunk-sps-test1-00000098",
        trunk="trunk-sps-test1",
        started_at=time.time(),
    )
    fields.update(kw)
    return Call(**fields)  # type: ignore[arg-type]


def emit(bridge: PbxBridge, change: CallChange) -> None:
    """A made-up change through the bridge as the service sends one: with its view."""
    bridge.call_changed.emit(bridge.service.resolver.resolve(change))


def with_settings(bridge: PbxBridge, **changes: object) -> None:
    """Apply new settings the way the settings dialog does (without the disk and login)."""
    new = dataclasses.replace(bridge.settings, **changes)  # type: ignore[arg-type]
    bridge.service.settings = new
    bridge.settings_changed.emit(new)


def save_shot(pop_or_widget: object, name: str) -> None:
    """Grab a widget to $MYPBXDESK_SHOTS/<name> when that is set (for a visual review)."""
    target = os.environ.get("MYPBXDESK_SHOTS")
    if target:
        Path(target).mkdir(parents=True, exist_ok=True)
        assert pop_or_widget.grab().save(str(Path(target) / name))  # type: ignore[attr-defined]


# -- pure helpers ----------------------------------------------------------------------------
def test_crm_url_quotes_number_and_name() -> None:
    template = "https://crm.example.com/find?phone={number}&who={name}&x={other}"
    assert build_crm_url(template, "+15550109999", "Bob & Sons/Müller") == (
        "https://crm.example.com/find?phone=%2B15550109999"
        "&who=Bob%20%26%20Sons%2FM%C3%BCller&x={other}"
    )
    assert build_crm_url("https://crm/{number}/{number}", "306", "") == "https://crm/306/306"
    assert build_crm_url("", "306", "Bob") is None
    assert build_crm_url("   ", "306", "Bob") is None


def test_durations_and_status_texts() -> None:
    assert [format_duration(s) for s in (-3, 0, 59.9, 65, 3605)] == [
        "00:00",
        "00:00",
        "00:59",
        "01:05",
        "1:00:05",
    ]
    now = time.time()
    assert status_text(fake_call(state=CallState.ANSWERED, answered_at=now - 75), now) == (
        "Answered · 01:15"
    )
    ended = fake_call(state=CallState.ENDED)
    assert status_text(dataclasses.replace(ended, outcome="missed")) == "Missed"
    assert status_text(dataclasses.replace(ended, outcome="answered_elsewhere")) == (
        "Answered elsewhere"
    )
    assert (
        status_text(dataclasses.replace(ended, outcome="transferred", transferred_to="306"))
        == "Transferred to 306"
    )
    assert status_text(dataclasses.replace(ended, outcome="answered", duration=62.0)) == (
        "Call ended · 01:02"
    )


# -- the lifecycle of a pop ---------------------------------------------------------------------
@pytest.mark.asyncio
async def test_ringing_pop_answers_ticks_and_closes(
    sim: SimulatedPbx, bridge: PbxBridge, qtbot: QtBot
) -> None:
    notified: list[tuple[str, str]] = []
    manager = PopManager(bridge, notify=lambda t, s: notified.append((t, s)), close_delay=0.3)
    opened: list[str] = []
    manager.pop_opened.connect(opened.append)
    await sim.incoming_call(
        caller="13806012345",
        caller_name="Bob Smith",
        to="474",
        outcome="answered",
        ring_time=0.3,
        talk_time=1.3,
    )
    await until(lambda: manager.pops)
    [pop] = manager.pops.values()
    call_id = pop.call_id
    assert pop.isVisible() and pop.objectName() == "screenPop"
    flags = pop.windowFlags()
    for flag in (
        Qt.WindowType.Tool,
        Qt.WindowType.FramelessWindowHint,
        Qt.WindowType.WindowStaysOnTopHint,
    ):
        assert flags & flag
    assert not flags & Qt.WindowType.WindowDoesNotAcceptFocus
    assert pop.testAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating)
    assert label(pop, "popNumber") == "138 0601 2345"
    assert label(pop, "popName") == "Bob Smith"
    assert label(pop, "popDirection") == "Incoming call · via trunk-sps-test1"
    assert label(pop, "popStatus") == "Ringing…"
    assert not button(pop, "popCrm").isVisible()  # no CRM configured
    assert notified == [("Incoming call", "Bob Smith — 138 0601 2345")]
    save_shot(pop, "pop-ringing.png")

    await until(lambda: label(pop, "popStatus").startswith("Answered · 00:0"))
    assert child(pop, QLabel, "popStatus").styleSheet() == "color: #1e8e3e;"
    await until(lambda: label(pop, "popStatus") == "Answered · 00:01", timeout=2)
    save_shot(pop, "pop-answered.png")
    await until(lambda: label(pop, "popStatus").startswith("Call ended"))
    assert pop.isVisible()  # stays a moment so the outcome can be read
    await until(lambda: not manager.pops, timeout=2)
    assert opened == [call_id]  # one pop for the whole call


@pytest.mark.asyncio
async def test_missed_call_says_missed_then_closes(sim: SimulatedPbx, bridge: PbxBridge) -> None:
    manager = PopManager(bridge, close_delay=0.25)
    closed: list[str] = []
    manager.pop_closed.connect(closed.append)
    await sim.incoming_call(
        caller="13806012345", caller_name="Bob Smith", outcome="missed", ring_time=0.2
    )
    await until(lambda: manager.pops)
    [pop] = manager.pops.values()
    await until(lambda: label(pop, "popStatus") == "Missed")
    save_shot(pop, "pop-missed.png")
    started = time.monotonic()
    await until(lambda: closed)
    assert 0.15 < time.monotonic() - started < 1.5
    assert not manager.pops


@pytest.mark.asyncio
async def test_answered_elsewhere_and_transferred_outcomes(
    sim: SimulatedPbx, bridge: PbxBridge
) -> None:
    manager = PopManager(bridge, close_delay=5)
    await sim.incoming_call(caller="13806012345", outcome="colleague", ring_time=0.2)
    await until(lambda: manager.pops)
    [first] = manager.pops.values()
    await until(lambda: label(first, "popStatus") == "Answered elsewhere")
    await sim.incoming_call(
        caller="13806012399", outcome="transferred", ring_time=0.2, transfer_to="306"
    )
    await until(lambda: len(manager.pops) == 2)
    second = list(manager.pops.values())[1]
    await until(lambda: label(second, "popStatus") == "Transferred to 306")
    manager.close_all()
    assert not manager.pops


@pytest.mark.asyncio
async def test_two_calls_stack_without_duplicates_and_restack(
    sim: SimulatedPbx, bridge: PbxBridge
) -> None:
    manager = PopManager(bridge, close_delay=0.05)
    await sim.incoming_call(
        caller="13806012345", caller_name="Bob Smith", outcome="missed", ring_time=0.4
    )
    await sim.incoming_call(
        caller="13907778888", caller_name="Alice Wong", outcome="missed", ring_time=1.0
    )
    await until(lambda: len(manager.pops) == 2)
    first, second = manager.pops.values()
    assert {label(first, "popName"), label(second, "popName")} == {"Bob Smith", "Alice Wong"}
    # A repeated ringing report for a call never gives it a second pop.
    emit(bridge, CallChange(CallEvent.RINGING, first.call, time.time()))
    assert len(manager.pops) == 2
    area = (
        QGuiApplication.screenAt(first.geometry().center()) or QGuiApplication.primaryScreen()
    ).availableGeometry()
    g1, g2 = first.frameGeometry(), second.frameGeometry()
    assert g1.x() == g2.x() and g1.right() <= area.right() and g1.bottom() <= area.bottom()
    assert g2.bottom() < g1.top()  # bottom-right: the newer one sits above, no overlap
    first_id = first.call_id
    await until(lambda: first_id not in manager.pops)
    assert list(manager.pops) == [second.call_id]
    assert second.frameGeometry().bottomRight() == g1.bottomRight()  # moved into the corner
    manager.close_all()


@pytest.mark.asyncio
async def test_escape_and_close_button_close_and_do_not_repop(
    sim: SimulatedPbx, bridge: PbxBridge, qtbot: QtBot
) -> None:
    manager = PopManager(bridge, close_delay=0.05)
    opened: list[str] = []
    manager.pop_opened.connect(opened.append)
    await sim.incoming_call(outcome="answered", ring_time=0.3, talk_time=0.3)
    await until(lambda: manager.pops)
    [pop] = manager.pops.values()
    qtbot.keyClick(pop, Qt.Key.Key_Escape)
    assert not manager.pops and not pop.isVisible()
    await sim.wait_idle()  # answered and ended: no pop comes back for the same call
    assert opened == [pop.call_id] and not manager.pops

    emit(bridge, CallChange(CallEvent.RINGING, fake_call("t-x"), time.time()))
    x = manager.pop_for("t-x")
    assert x is not None
    close = x.findChild(QToolButton, "popClose")
    assert close is not None and close.accessibleName() == "Close"
    qtbot.mouseClick(close, Qt.MouseButton.LeftButton)
    assert manager.pop_for("t-x") is None


@pytest.mark.asyncio
async def test_do_not_disturb_shows_no_pop_but_history_records(
    sim: SimulatedPbx, bridge: PbxBridge
) -> None:
    notified: list[tuple[str, str]] = []
    manager = PopManager(bridge, notify=lambda t, s: notified.append((t, s)))
    opened: list[str] = []
    manager.pop_opened.connect(opened.append)
    bridge.set_dnd(True)
    await sim.incoming_call(caller="13806012345", outcome="missed", ring_time=0.1)
    await sim.wait_idle()
    await until(lambda: bridge.history and bridge.history.recent(missed_only=True))
    assert not opened and not manager.pops and not notified


@pytest.mark.asyncio
async def test_pop_is_visible_synchronously_within_100_ms(
    sim: SimulatedPbx, bridge: PbxBridge
) -> None:
    manager = PopManager(bridge)
    call = fake_call("t-fast")
    started = time.perf_counter()
    emit(bridge, CallChange(CallEvent.RINGING, call, time.time()))
    pop = manager.pop_for("t-fast")
    elapsed = time.perf_counter() - started
    assert pop is not None and pop.isVisible()
    assert elapsed < 0.1, f"pop took {elapsed * 1000:.0f} ms"
    manager.close_all()

    # And for a real call: visible already when the next slot of the same signal runs.
    seen: list[bool] = []

    def check(change: ResolvedChange) -> None:
        pop = manager.pop_for(change.call.call_id)
        seen.append(pop is not None and pop.isVisible())

    bridge.call_changed.connect(check)
    await sim.incoming_call(outcome="missed", ring_time=0.1)
    await until(lambda: seen)
    assert seen[0] is True
    manager.close_all()


@pytest.mark.asyncio
async def test_copy_number_and_crm_button(
    sim: SimulatedPbx, bridge: PbxBridge, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    manager = PopManager(bridge)
    emit(bridge, CallChange(CallEvent.RINGING, fake_call("t-crm", "+15550109999", "Bob & Sons"), 0))
    pop = manager.pop_for("t-crm")
    assert pop is not None
    assert label(pop, "popNumber") == "+1 555 010 9999"
    qtbot.mouseClick(button(pop, "popCopy"), Qt.MouseButton.LeftButton)
    assert QGuiApplication.clipboard().text() == "+15550109999"  # raw, not formatted
    assert not button(pop, "popCrm").isVisible()

    opened: Record[str] = Record()
    monkeypatch.setattr(popcard, "open_url", opened)
    with_settings(bridge, crm_url="https://crm.example.com/?tel={number}&n={name}")
    crm = button(pop, "popCrm")
    assert crm.isVisible() and crm.isEnabled()
    qtbot.mouseClick(crm, Qt.MouseButton.LeftButton)
    assert opened == ["https://crm.example.com/?tel=%2B15550109999&n=Bob%20%26%20Sons"]
    save_shot(pop, "pop-crm.png")
    manager.close_all()


@pytest.mark.asyncio
async def test_name_from_history_unknown_caller_and_corner(
    sim: SimulatedPbx, bridge: PbxBridge
) -> None:
    manager = PopManager(bridge, close_delay=0.05)
    await sim.incoming_call(
        caller="13806012345", caller_name="Bob Smith", outcome="missed", ring_time=0.05
    )
    await sim.wait_idle()
    await until(lambda: not manager.pops)
    with_settings(bridge, pop_corner="top-left")
    emit(bridge, CallChange(CallEvent.RINGING, fake_call("h", name=""), 0))
    emit(bridge, CallChange(CallEvent.RINGING, fake_call("u", number="", name="Unknown caller"), 0))
    known, unknown = manager.pop_for("h"), manager.pop_for("u")
    assert known is not None and unknown is not None
    assert label(known, "popName") == "Bob Smith"
    assert child(known, QLabel, "popSource").isVisible()
    assert label(unknown, "popName") == "Withheld number"
    assert not child(unknown, QLabel, "popNumber").isVisible()
    assert not button(unknown, "popCopy").isVisible()
    save_shot(known, "pop-history.png")
    area = QGuiApplication.primaryScreen().availableGeometry()
    assert known.x() - area.x() == known.y() - area.y() > 0  # same margin on both sides
    assert unknown.x() == known.x() and unknown.y() > known.geometry().bottom()
    manager.close_all()


@pytest.mark.asyncio
async def test_outgoing_calls_pop_only_when_asked(sim: SimulatedPbx, bridge: PbxBridge) -> None:
    quiet = PopManager(bridge)
    loud = PopManager(bridge, pop_outgoing=True, close_delay=5)
    await sim.outgoing_call(from_ext="474", number="13806012345", talk_time=0.2)
    await until(lambda: loud.pops)
    [pop] = loud.pops.values()
    assert label(pop, "popDirection").startswith("Outgoing call")
    assert not quiet.pops
    loud.close_all()


@pytest.mark.asyncio
async def test_transfer_from_pop(sim: SimulatedPbx, bridge: PbxBridge, qtbot: QtBot) -> None:
    manager = PopManager(bridge, close_delay=5)
    await sim.incoming_call(caller="13806012345", outcome="answered", ring_time=5)
    await until(lambda: manager.pops)
    [pop] = manager.pops.values()
    qtbot.mouseClick(button(pop, "popTransfer"), Qt.MouseButton.LeftButton)
    [dialog] = manager.transfer_dialogs
    assert dialog.isVisible() and dialog.call_id == pop.call_id
    qtbot.keyClicks(dialog.target, "306")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    await until(lambda: label(pop, "popStatus") == "Transferred to 306")
    await until(lambda: not manager.transfer_dialogs)
    redirects = [a for a in sim.actions_received if a.name == "Redirect"]
    assert len(redirects) == 1 and redirects[0].get("Exten") == "306"
    assert not button(pop, "popTransfer").isEnabled()
    manager.close_all()
