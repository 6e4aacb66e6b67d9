"""How a call came in (queue, ring group, DID) and who transferred it, on the
screen-pop, the call panel and the console's "My calls".

Real widgets over the real bridge and the simulated PBX: its queue, ring group
and trunk calls, a colleague's Redirect and attended transfer (both dialects).
What the simulator cannot make (a ring group known only from the dial string,
a long queue name) is driven through the bridge with made-up calls.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import replace
from pathlib import Path

import pytest
import pytest_asyncio
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel
from pytestqt.qtbot import QtBot

from mypbxdesk.calls import Call, CallChange, CallEvent, CallState, Route, Transferer
from mypbxdesk.contacts.book import Contact, ContactBook
from mypbxdesk.service.console import ConsoleService
from mypbxdesk.service.phone import PhoneService
from mypbxdesk.service.view import ResolvedChange
from mypbxdesk.sim import SimulatedPbx
from mypbxdesk.ui.bridge import PbxBridge
from mypbxdesk.ui.callinfo import number_region, route_text, transferer_text, via_text
from mypbxdesk.ui.callpanel import NAME, VIA, CallPanel
from mypbxdesk.ui.console.mycalls import MyCallsModel, calls_table
from mypbxdesk.ui.historywindow import VIA as HISTORY_VIA
from mypbxdesk.ui.historywindow import HistoryWindow
from mypbxdesk.ui.screenpop import PopManager, ScreenPop

from ..simpbx import fast_pbx
from .conftest import child, console_bridge_for, settings_for, until
from .test_screenpop import emit, fake_call, save_shot

pytestmark = [pytest.mark.qt, pytest.mark.asyncio]

QUEUE = Route("queue", "reception")
MARIA = Transferer("305", "Maria Garcia")


@pytest.fixture(autouse=True)
def _tray_app(qapp: QApplication) -> None:
    qapp.setQuitOnLastWindowClosed(False)


def tag(pop: ScreenPop, name: str) -> str:
    """A pop tag's text, "" when hidden (``popVia``, ``popTransferredBy``)."""
    label = child(pop, QLabel, name)
    return label.text() if label.isVisibleTo(pop) else ""


def the_pop(manager: PopManager) -> ScreenPop:
    (pop,) = manager.pops.values()
    return pop


def resolve(bridge: PbxBridge, call: Call) -> ResolvedChange:
    """A ringing change of ``call`` with its view, as the service makes it."""
    return bridge.service.resolver.resolve(CallChange(CallEvent.RINGING, call))


def panel_via(panel: CallPanel, row: int = 0) -> str:
    return str(panel.model.index(row, VIA).data())


@asynccontextmanager
async def colleague(pbx: SimulatedPbx, extension: str = "305") -> AsyncIterator[ConsoleService]:
    """Another receptionist's app (her console), logged in as ``extension``."""
    service = PhoneService(settings_for(pbx, extension), "password")
    console = ConsoleService(service)
    service.start()
    await service.client.wait_ready(5)
    await console.wait_resynced(5)
    try:
        yield console
    finally:
        await service.aclose()


@pytest_asyncio.fixture(params=["mypbx", "asterisk"])
async def pbx(request: pytest.FixtureRequest) -> AsyncIterator[SimulatedPbx]:
    async with fast_pbx(str(request.param), seed=11) as sim:
        yield sim


@pytest_asyncio.fixture
async def her(qtbot: QtBot, pbx: SimulatedPbx, tmp_path: Path) -> AsyncIterator[PbxBridge]:
    """474's app with the console (it names colleagues from the PBX's directory)."""
    bridge = await console_bridge_for(pbx, tmp_path)
    try:
        yield bridge
    finally:
        await bridge.aclose()


# -- the simulator's calls -------------------------------------------------------------------
async def test_a_queue_call_says_which_queue(
    qtbot: QtBot, sim: SimulatedPbx, bridge: PbxBridge
) -> None:
    notified: list[tuple[str, str]] = []
    manager = PopManager(bridge, notify=lambda t, s: notified.append((t, s)))
    panel = CallPanel(bridge)
    qtbot.addWidget(panel)
    await sim.queue_call(caller="13806012345", caller_name="Bob Smith", talk_time=1.0)
    await until(lambda: manager.pops)
    pop = the_pop(manager)
    assert tag(pop, "popVia") == "via reception queue"
    assert tag(pop, "popTransferredBy") == ""
    # 1.8 tells the queue caller's trunk only later: an outside call, not "internal".
    assert child(pop, QLabel, "popDirection").text() in (
        "Incoming call",
        "Incoming call · via trunk-sps-test1",
    )
    assert pop.accessibleName() == ("Incoming call: Bob Smith, 138 0601 2345; via reception queue")
    assert notified == [("Incoming call", "Bob Smith — 138 0601 2345\nvia reception queue")]
    assert panel_via(panel) == "reception queue"
    assert panel.model.index(0, VIA).data(Qt.ItemDataRole.ToolTipRole) == "via reception queue"
    save_shot(pop, "pop-via-sim-queue.png")
    await until(lambda: child(pop, QLabel, "popStatus").text().startswith("Answered"))
    assert tag(pop, "popVia") == "via reception queue"  # kept for the whole call
    manager.close_all()


async def test_a_ring_group_call_says_the_group(
    qtbot: QtBot, sim: SimulatedPbx, bridge: PbxBridge
) -> None:
    manager = PopManager(bridge)
    await sim.ring_group_call(caller="305", via_trunk=False, answered_by="474", group="600")
    await until(lambda: manager.pops)
    pop = the_pop(manager)
    assert tag(pop, "popVia") == "via ring group 600"
    assert child(pop, QLabel, "popDirection").text() == "Incoming internal call"
    assert pop.accessibleName().endswith("; via ring group 600")
    save_shot(pop, "pop-via-sim-group.png")
    manager.close_all()


async def test_a_trunk_call_says_the_number_dialled(
    qtbot: QtBot, sim: SimulatedPbx, bridge: PbxBridge
) -> None:
    manager = PopManager(bridge)
    panel = CallPanel(bridge)
    qtbot.addWidget(panel)
    await sim.dial_extension("600", caller="13806012345", caller_name="Bob Smith")
    await until(lambda: manager.pops)
    pop = the_pop(manager)
    assert child(pop, QLabel, "popDirection").text() == "Incoming call · via trunk-sps-test1"
    assert tag(pop, "popVia") == "via 600 (DID)"
    assert panel_via(panel) == "600 (DID)"
    save_shot(pop, "pop-via-sim-did.png")
    manager.close_all()


async def test_a_direct_call_has_no_tags(
    qtbot: QtBot, sim: SimulatedPbx, bridge: PbxBridge
) -> None:
    manager = PopManager(bridge)
    panel = CallPanel(bridge)
    qtbot.addWidget(panel)
    await sim.incoming_call(caller="13806012345", caller_name="Bob Smith", talk_time=1.0)
    await until(lambda: manager.pops)
    pop = the_pop(manager)
    assert (tag(pop, "popVia"), tag(pop, "popTransferredBy")) == ("", "")
    assert pop.accessibleName() == "Incoming call: Bob Smith, 138 0601 2345"
    assert panel_via(panel) == ""
    assert panel.model.index(0, VIA).data(Qt.ItemDataRole.ToolTipRole) is None
    manager.close_all()


async def test_a_colleagues_transfer_names_her(
    qtbot: QtBot, pbx: SimulatedPbx, her: PbxBridge
) -> None:
    """Maria (305) took the trunk call and transfers it (Redirect) to 474."""
    manager = PopManager(her)
    model = MyCallsModel(her)
    table = calls_table(model)
    qtbot.addWidget(table)
    model.reset(her.views)
    her.call_changed.connect(model.apply)
    async with colleague(pbx) as maria:
        await pbx.incoming_call(to="305", caller_name="Bob Smith", ring_time=0.05, talk_time=30)
        phone = maria.phone
        await until(lambda: any(c.state is CallState.ANSWERED for c in phone.calls))
        outcome = await phone.transfer(phone.calls[0].call_id, "474")
        assert outcome.ok, outcome.message
        await until(lambda: manager.pops)
        pop = the_pop(manager)
        # 1.8 sends no name for the transferer: the console's directory has it.
        assert tag(pop, "popTransferredBy") == "transferred by Maria Garcia (305)"
        assert tag(pop, "popVia") == "via 305 (DID)"  # the caller dialled 305 on the trunk
        assert pop.accessibleName().endswith("; via 305 (DID); transferred by Maria Garcia (305)")
        await until(lambda: model.rowCount() == 1)
        assert model.index(0, VIA).data() == "305 (DID) · transferred by Maria Garcia"
        assert model.index(0, VIA).data(Qt.ItemDataRole.ToolTipRole) == (
            "via 305 (DID)\ntransferred by Maria Garcia (305)"
        )
        save_shot(pop, f"pop-via-sim-transferred-{pbx.dialect}.png")
        manager.close_all()
        # The history keeps both; its window names Maria the same way.
        window = HistoryWindow(her)
        qtbot.addWidget(window)
        window.refresh()
        cell = window.table.item(0, HISTORY_VIA)
        assert cell is not None
        assert cell.text() == "305 (DID) · transferred by Maria Garcia"
        assert cell.toolTip() == "via 305 (DID)\ntransferred by Maria Garcia (305)"


async def test_an_attended_transfer_names_her_once_it_completes(
    qtbot: QtBot, pbx: SimulatedPbx, her: PbxBridge
) -> None:
    """Maria consults 474 first: the pop rings for Maria herself, and only the
    ``answered`` change that hands over the caller says who transferred it."""
    manager = PopManager(her)
    panel = CallPanel(her)
    qtbot.addWidget(panel)
    async with colleague(pbx) as maria:
        await pbx.incoming_call(to="305", caller_name="Bob Smith", ring_time=0.05, talk_time=30)
        phone = maria.phone
        await until(lambda: any(c.state is CallState.ANSWERED for c in phone.calls))
        call_id = phone.calls[0].call_id
        consulting = await maria.transfer_attended("474", call_id)
        assert consulting.ok, consulting.message
        await until(lambda: manager.pops)
        pop = the_pop(manager)
        assert child(pop, QLabel, "popNumber").text() == "305"
        assert tag(pop, "popTransferredBy") == ""
        await until(lambda: child(pop, QLabel, "popStatus").text().startswith("Answered"))
        done = await maria.complete_transfer(call_id)
        assert done.ok, done.message
        await until(lambda: tag(pop, "popTransferredBy") == "transferred by Maria Garcia (305)")
        assert child(pop, QLabel, "popNumber").text() == "138 0601 2345"
        assert "transferred by Maria Garcia (305)" in pop.accessibleName()
        assert panel_via(panel) == "transferred by Maria Garcia"
        save_shot(pop, f"pop-via-sim-attended-{pbx.dialect}.png")
        manager.close_all()


# -- made-up calls: what the simulator does not make ----------------------------------------
async def test_every_kind_reads_right_and_updates_on_every_change(
    qtbot: QtBot, bridge: PbxBridge
) -> None:
    manager = PopManager(bridge)
    panel = CallPanel(bridge)
    qtbot.addWidget(panel)
    ring = fake_call("g-1", via=Route("group", ""), trunk=None)
    emit(bridge, CallChange(CallEvent.RINGING, ring))
    pop = the_pop(manager)
    assert tag(pop, "popVia") == "via ring group"  # only the dial string told
    assert panel_via(panel) == "ring group"
    height = pop.height()
    # An attended transfer completes: the transferer appears, the card grows to show it.
    answered = replace(ring, state=CallState.ANSWERED, answered_at=ring.started_at + 1)
    emit(bridge, CallChange(CallEvent.ANSWERED, replace(answered, transferred_by=MARIA)))
    assert tag(pop, "popTransferredBy") == "transferred by Maria Garcia (305)"
    assert pop.height() > height
    assert panel_via(panel) == "ring group · transferred by Maria Garcia"
    # A transferer the PBX did not name, and nobody else knows: the number alone.
    emit(
        bridge, CallChange(CallEvent.ANSWERED, replace(answered, transferred_by=Transferer("306")))
    )
    assert tag(pop, "popTransferredBy") == "transferred by 306"
    emit(bridge, CallChange(CallEvent.ANSWERED, replace(answered, via=QUEUE, transferred_by=None)))
    assert (tag(pop, "popVia"), tag(pop, "popTransferredBy")) == ("via reception queue", "")
    assert pop.accessibleName() == "Incoming call: Bob Smith, 138 0601 2345; via reception queue"
    manager.close_all()


async def test_a_contact_names_the_transferer_before_the_pbx(
    qtbot: QtBot, bridge: PbxBridge
) -> None:
    bridge.contacts = ContactBook(None, "CN", [Contact("Maria (front desk)", ("305",))])
    manager = PopManager(bridge)
    emit(bridge, CallChange(CallEvent.RINGING, fake_call("c-1", transferred_by=MARIA)))
    assert tag(the_pop(manager), "popTransferredBy") == "transferred by Maria (front desk) (305)"
    view = resolve(bridge, fake_call("c-2", transferred_by=Transferer("306", "306"))).view
    assert view.transferred_by == Transferer("306", "")  # the number again is no name
    manager.close_all()


async def test_chinese(qtbot: QtBot, bridge: PbxBridge, zh: str) -> None:
    """The pop and the panel put the (translated) phrases in the Chinese frame.

    The phrases themselves ("via {route}", "{queue} queue", …) are translated by
    the lead at the end; this test holds whatever the catalogue says for them.
    """
    manager = PopManager(bridge)
    panel = CallPanel(bridge)
    qtbot.addWidget(panel)
    kinds = {
        "q": QUEUE,
        "n": Route("queue", "6701"),
        "g": Route("group", "600"),
        "e": Route("group", ""),
        "d": Route("did", "5551234"),
    }
    for call_id, via in kinds.items():
        emit(
            bridge, CallChange(CallEvent.RINGING, fake_call(call_id, via=via, transferred_by=MARIA))
        )
    by = transferer_text(MARIA)
    for row, (call_id, via) in enumerate(kinds.items()):
        pop = manager.pop_for(call_id)
        assert pop is not None
        assert tag(pop, "popVia") == via_text(via, region=number_region(bridge))
        assert tag(pop, "popTransferredBy") == by
        accessible = pop.accessibleName()
        assert accessible.startswith("来电：Bob Smith，138 0601 2345")
        assert accessible.index(via_text(via, region=number_region(bridge))) < accessible.index(by)
        route = route_text(via, region=number_region(bridge))
        assert panel_via(panel, row) == f"{route} · {transferer_text(MARIA, with_number=False)}"
    # The catalogue's own words, not English left in a Chinese frame.
    group, did = manager.pop_for("g"), manager.pop_for("d")
    assert group is not None and did is not None
    assert tag(group, "popVia") == "经由 响铃组 600"
    assert tag(did, "popVia").endswith("（直拨号码）")
    assert by == "由 Maria Garcia（305）转接"
    save_shot(manager.pop_for("q"), "pop-via-zh.png")
    panel.show()
    save_shot(panel, "callpanel-via-zh.png")
    manager.close_all()


async def test_a_long_tag_is_elided_never_clipped(qtbot: QtBot, bridge: PbxBridge) -> None:
    manager = PopManager(bridge)
    queue = Route("queue", "customer-service-escalations-weekend-overflow-" * 2)
    by = Transferer("30512", "Maximiliane Müller-Lüdenscheidt von Hohenberg-Schwarzburg")
    emit(bridge, CallChange(CallEvent.RINGING, fake_call("l-1", via=queue, transferred_by=by)))
    pop = the_pop(manager)
    for name, full in (
        ("popVia", f"via {queue.label} queue"),
        ("popTransferredBy", f"transferred by {by.name} (30512)"),
    ):
        label = child(pop, QLabel, name)
        assert label.text().endswith("…") and label.toolTip() == full
        layout = pop.layout()
        assert layout is not None
        right = label.mapTo(pop, label.rect().topRight()).x()
        assert right < pop.width() - layout.contentsMargins().right() + 1
        assert label.sizeHint().width() <= label.width()  # the text fits the tag
    short = child(pop, QLabel, "popVia")
    emit(bridge, CallChange(CallEvent.RINGING, fake_call("l-1", via=QUEUE)))
    assert short.text() == "via reception queue" and short.toolTip() == ""
    manager.close_all()


async def test_the_via_column_fits_its_text_and_leaves_the_name_room(
    qtbot: QtBot, bridge: PbxBridge
) -> None:
    """The console's narrow "My calls": typical rows are not cut; a very long
    queue name shares the room with the names instead of taking it all."""
    model = MyCallsModel(bridge)
    table = calls_table(model)
    qtbot.addWidget(table)
    table.resize(table.fontMetrics().averageCharWidth() * 80, 200)  # the console's pane
    table.show()
    model.apply(resolve(bridge, fake_call("a", via=QUEUE)))
    model.apply(resolve(bridge, fake_call("b", via=Route("did", "5551234"))))
    model.apply(resolve(bridge, fake_call("c", transferred_by=MARIA)))
    assert table.columnWidth(VIA) >= table.sizeHintForColumn(VIA)
    assert table.columnWidth(NAME) >= table.sizeHintForColumn(NAME)
    assert table.horizontalScrollBar().maximum() == 0
    long_queue = Route("queue", "customer-service-escalations-weekend-overflow")
    model.apply(resolve(bridge, fake_call("d", via=long_queue)))
    assert table.columnWidth(VIA) < table.sizeHintForColumn(VIA)  # elided, in the tooltip
    assert table.columnWidth(NAME) >= table.sizeHintForColumn(NAME)  # the names still fit
    assert table.horizontalScrollBar().maximum() == 0
    save_shot(table, "mycalls-via.png")


async def test_numbers_read_as_numbers_and_nothing_is_rich_text(
    qtbot: QtBot, bridge: PbxBridge
) -> None:
    """A numbered queue, a DID formatted for reading; a queue or colleague named
    like HTML shows its name literally (caller IDs and queue names are not markup)."""
    manager = PopManager(bridge)
    panel = CallPanel(bridge)
    qtbot.addWidget(panel)
    emit(bridge, CallChange(CallEvent.RINGING, fake_call("n-1", via=Route("queue", "6701"))))
    emit(bridge, CallChange(CallEvent.RINGING, fake_call("d-1", via=Route("did", "5551234"))))
    html = Transferer("305", "<b>Maria</b>")
    emit(
        bridge,
        CallChange(
            CallEvent.RINGING,
            fake_call(
                "h-1", name="<i>Bob</i>", via=Route("queue", "<u>vip</u>"), transferred_by=html
            ),
        ),
    )
    numbered, did, marked = (manager.pop_for(c) for c in ("n-1", "d-1", "h-1"))
    assert numbered is not None and did is not None and marked is not None
    assert tag(numbered, "popVia") == "via queue 6701"
    assert tag(did, "popVia") == "via 555 1234 (DID)"
    assert panel_via(panel, 1) == "555 1234 (DID)"
    assert tag(marked, "popVia") == "via <u>vip</u> queue"
    assert tag(marked, "popTransferredBy") == "transferred by <b>Maria</b> (305)"
    for label in marked.findChildren(QLabel):
        assert label.textFormat() is Qt.TextFormat.PlainText, label.objectName()
    save_shot(marked, "pop-via-plain.png")
    panel.show()
    save_shot(panel, "callpanel-via.png")
    manager.close_all()


async def test_the_history_window_shows_how_calls_came_in(qtbot: QtBot, bridge: PbxBridge) -> None:
    """Calls recorded with a route and a transferer (a contact names her), and one
    without: the Via column and its tooltip."""
    bridge.contacts = ContactBook(None, "CN", [Contact("Maria (front desk)", ("305",))])
    history = bridge.history
    assert history is not None
    history.record(CallChange(CallEvent.RINGING, fake_call("h-1", via=QUEUE, transferred_by=MARIA)))
    history.record(CallChange(CallEvent.RINGING, fake_call("h-2", via=Route("group", "600"))))
    history.record(CallChange(CallEvent.RINGING, fake_call("h-3")))
    window = HistoryWindow(bridge)
    qtbot.addWidget(window)
    window.show()
    window.refresh()
    table = window.table
    assert table.horizontalHeaderItem(HISTORY_VIA).text() == "Via"  # type: ignore[union-attr]
    cells = {
        table.item(r, 0).data(Qt.ItemDataRole.UserRole + 1): table.item(r, HISTORY_VIA)  # type: ignore[union-attr]
        for r in range(table.rowCount())
    }
    assert cells["h-1"].text() == "reception queue · transferred by Maria (front desk)"  # type: ignore[union-attr]
    assert cells["h-1"].toolTip() == (  # type: ignore[union-attr]
        "via reception queue\ntransferred by Maria (front desk) (305)"
    )
    assert cells["h-2"].text() == "ring group 600"  # type: ignore[union-attr]
    assert (cells["h-3"].text(), cells["h-3"].toolTip()) == ("", "")  # type: ignore[union-attr]
    assert table.horizontalScrollBar().maximum() == 0
    save_shot(window, "history-via.png")
