"""A caller's name is never rich text in any window (issue 12.5, the Qt half).

Anyone calling through the trunk sets the caller-ID name. Fed through the
simulated PBX (and the console's real 1.8 events), a name made of HTML must
show literally: every label of the pop card, the call panel, the transfer
dialog, the history window and the console is plain text (no allow-list is
needed: no window has a rich label of its own), and every tooltip that quotes
the name, rendered the way Qt renders tooltips, shows the tags as text.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtGui import Qt, QTextDocument  # QtGui's Qt has mightBeRichText
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from mypbxdesk.calls import CallState
from mypbxdesk.contacts.book import Contact, ContactBook
from mypbxdesk.service.attended import Method, Stage, TransferProgress
from mypbxdesk.sim import SimulatedPbx
from mypbxdesk.ui.bridge import PbxBridge
from mypbxdesk.ui.callpanel import NAME, CallPanel
from mypbxdesk.ui.console import ConsoleWindow
from mypbxdesk.ui.historywindow import HistoryWindow
from mypbxdesk.ui.plaintext import notification_text, plain_question, plain_tip
from mypbxdesk.ui.screenpop import PopManager

from .conftest import until
from .consolefeed import feed, parked, talking

HOSTILE = '<b>Bob</b><img src="http://127.0.0.1:1/x.png"><a href="x">click</a>'
#: Labels that may read rich text: links we wrote ourselves. None so far.
RICH_ALLOWED: frozenset[str] = frozenset()


def shown(tip: str) -> str:
    """What a tooltip shows: Qt reads it as HTML exactly when mightBeRichText says so."""
    doc = QTextDocument()
    if Qt.mightBeRichText(tip):
        doc.setHtml(tip)
    else:
        doc.setPlainText(tip)
    return doc.toPlainText().replace("\xa0", " ")


def rich_labels(window: QWidget) -> list[str]:
    """The labels of ``window`` that would read their text as HTML."""
    labels = window.findChildren(QLabel)
    return [
        f"{label.objectName() or type(label).__name__}: {label.text()!r}"
        for label in labels
        if label.textFormat() != Qt.TextFormat.PlainText and label.objectName() not in RICH_ALLOWED
    ]


def label(window: QWidget, name: str) -> QLabel:
    found = window.findChild(QLabel, name)
    assert found is not None, name
    return found


# -- the helpers ----------------------------------------------------------------------
@pytest.mark.qt
def test_plain_tip_escapes_what_qt_reads_as_html_and_leaves_the_rest(qapp: QApplication) -> None:
    assert "<b>" not in shown(HOSTILE)  # what an unescaped tooltip would show: "Bob￼click"
    assert shown(plain_tip(HOSTILE)) == HOSTILE
    facts = f"via reception queue\ntransferred by {HOSTILE} (305)"
    assert shown(plain_tip(f"{HOSTILE}\nsecond")) == f"{HOSTILE}\nsecond"  # line breaks kept
    assert plain_tip(facts) == facts  # Qt reads only the first line: shown as it is already
    assert shown(plain_tip("&lt;b&gt;")) == "&lt;b&gt;"  # Qt's "desperate" entity rule
    for ordinary in ("", "Alice Wong", "From your contacts", "a < b", "x\ny"):
        assert plain_tip(ordinary) == ordinary


def test_notification_text_is_escaped_only_for_a_server_that_reads_markup() -> None:
    assert notification_text(HOSTILE, markup=False) == HOSTILE
    escaped = notification_text(f"{HOSTILE} & Sons", markup=True)
    assert "<" not in escaped and ">" not in escaped
    assert escaped.startswith("&lt;b&gt;Bob&lt;/b&gt;") and escaped.endswith("&amp; Sons")


@pytest.mark.qt
def test_the_hang_up_question_shows_the_name_as_text(qtbot: QtBot) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    seen: list[tuple[Qt.TextFormat, str, list[str]]] = []

    def answer() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(10, answer)
            return
        seen.append((box.textFormat(), box.text(), rich_labels(box)))
        no = box.button(QMessageBox.StandardButton.No)
        assert no is not None
        no.click()

    QTimer.singleShot(0, answer)
    assert not plain_question(parent, "Hang up", f"Hang up the call with {HOSTILE}?")
    assert seen == [(Qt.TextFormat.PlainText, f"Hang up the call with {HOSTILE}?", [])]


# -- pop card, call panel, transfer dialog, history -------------------------------------
@pytest.mark.qt
@pytest.mark.asyncio
async def test_pop_panel_transfer_and_history_show_the_name_literally(
    qtbot: QtBot, sim: SimulatedPbx, bridge: PbxBridge
) -> None:
    # Her contact for the number: the PBX's (hostile) name is then quoted beside it.
    bridge.contacts = ContactBook(None, "CN", [Contact("Alice Wong", ("+86 138 0601 2345",))])
    manager = PopManager(bridge, close_delay=0.05)
    panel = CallPanel(bridge, confirm=lambda text: False)
    qtbot.addWidget(panel)
    panel.show()
    await sim.incoming_call(caller="13806012345", caller_name=HOSTILE, ring_time=0.05, talk_time=30)
    await until(lambda: any(c.state is CallState.ANSWERED for c in bridge.calls))
    await until(lambda: bool(manager.pops))
    (pop,) = manager.pops.values()
    assert pop.view.pbx_name == HOSTILE

    source = label(pop, "popSource")
    assert HOSTILE in source.text() and HOSTILE in shown(source.toolTip())
    assert label(pop, "popName").text() == "Alice Wong"
    assert rich_labels(pop) == []

    model = panel.model
    await until(lambda: model.rowCount() == 1)
    name_tip = model.data(model.index(0, NAME), Qt.ItemDataRole.ToolTipRole)
    assert HOSTILE in shown(name_tip)
    assert rich_labels(panel) == []

    panel.select_call(pop.call_id)
    panel.transfer_selected()
    dialog = panel.transfer_dialog
    assert dialog is not None
    heading = label(dialog, "transferHeading")
    assert heading.text() == "Transfer Alice Wong (138 0601 2345) to:"
    assert rich_labels(dialog) == []
    dialog.reject()

    # The same caller without a contact: the name itself everywhere.
    bridge.contacts = ContactBook(None, "CN", [])
    await sim.incoming_call(
        caller="13911112222", caller_name=HOSTILE, outcome="missed", ring_time=0.3
    )
    await until(lambda: any(p.view.call.number == "13911112222" for p in manager.pops.values()))
    pop2 = next(p for p in manager.pops.values() if p.view.call.number == "13911112222")
    assert label(pop2, "popName").text() == HOSTILE
    assert rich_labels(pop2) == []
    assert HOSTILE in [model.data(model.index(r, NAME)) for r in range(model.rowCount())]
    panel.select_call(pop2.call_id)
    panel.transfer_selected()
    dialog = panel.transfer_dialog
    assert dialog is not None
    assert label(dialog, "transferHeading").text() == f"Transfer {HOSTILE} (139 1111 2222) to:"
    assert rich_labels(dialog) == []
    dialog.reject()
    await until(lambda: all(c.number != "13911112222" for c in bridge.calls))

    history = HistoryWindow(bridge)
    qtbot.addWidget(history)
    history.show()
    await until(lambda: history.table.rowCount() >= 1)
    names = [history.table.item(r, 3).text() for r in range(history.table.rowCount())]  # type: ignore[union-attr]
    assert HOSTILE in names
    assert rich_labels(history) == []


# -- the console ----------------------------------------------------------------------
@pytest.mark.qt
@pytest.mark.asyncio
async def test_console_tiles_parked_and_my_calls_show_the_name_literally(
    qtbot: QtBot, sim: SimulatedPbx, console_bridge: PbxBridge, tmp_path: Path
) -> None:
    window = ConsoleWindow(console_bridge)
    qtbot.addWidget(window)
    window.open()

    feed(console_bridge, *talking("305", "13800000000", HOSTILE))
    model = window.grid.model()
    row = next(
        r for r in range(model.rowCount()) if str(model.index(r, 0).data()).startswith("305")
    )

    def tile_tip() -> str:
        return str(model.index(row, 0).data(Qt.ItemDataRole.ToolTipRole) or "")

    await until(lambda: "Bob" in tile_tip())
    assert HOSTILE in shown(tile_tip())

    feed(console_bridge, parked("702", "13912345678", HOSTILE, by="305"))
    parked_model = window.parked_model
    await until(lambda: parked_model.rowCount() == 1)
    parked_tip = parked_model.index(0, 0).data(Qt.ItemDataRole.ToolTipRole)
    assert HOSTILE in shown(parked_tip)

    await sim.incoming_call(caller="13806012345", caller_name=HOSTILE, ring_time=0.05, talk_time=30)
    await until(lambda: window.calls_model.rowCount() == 1)
    call = console_bridge.calls[-1]
    window.banner.show_progress(
        TransferProgress("t-1", call.call_id, "305", Method.ATXFER, Stage.CALLING, "Calling 305…")
    )
    assert window.banner.title.text().startswith("Attended transfer to 305")
    assert rich_labels(window) == []


# -- imported contacts -----------------------------------------------------------------
def test_imported_contact_names_are_sanitised_where_the_book_is_read() -> None:
    """A CSV or vCard name goes through the same sanitiser as the PBX's: what the
    book hands out (look-up, dialer entries) is safe; the stored file keeps it."""
    raw = "Eve\u202e<i>x</i>\x85Smith\u2028"
    book = ContactBook(None, "CN", [Contact(raw, ("306",))])
    assert book.lookup("306") == "Eve<i>x</i> Smith "
    assert book.entries() == [("306", "Eve<i>x</i> Smith ")]
    assert book.contacts[0].name == raw
