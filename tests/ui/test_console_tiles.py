"""The colleagues' tiles: state by colour *and* symbol *and* words, names, search, accessibility.

Real bridge and ConsoleService over the simulated MyPBX; the colleagues'
lines are real 1.8 events fed to the console (consolefeed.py).
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QImage, QPainter
from pytestqt.qtbot import QtBot

from mypbxdesk.console import LineState
from mypbxdesk.contacts.book import Contact, ContactBook
from mypbxdesk.sim import SimulatedPbx
from mypbxdesk.ui.bridge import PbxBridge
from mypbxdesk.ui.console import ConsoleWindow
from mypbxdesk.ui.console.colleagues import ColleagueFilter, ColleagueModel, ColleagueRow, Role
from mypbxdesk.ui.console.look import LOOKS, describe, paint_symbol, spoken_duration, state_text

from .consolefeed import feed, ringing, state, talking

pytestmark = [pytest.mark.qt, pytest.mark.asyncio]


def rows(model: ColleagueModel | ColleagueFilter) -> list[str]:
    return [str(model.index(i, 0).data(Role.EXTENSION)) for i in range(model.rowCount())]


def row_of(model: ColleagueModel, ext: str) -> ColleagueRow:
    row = model.row_at(model.row_of(ext))
    assert row is not None, ext
    return row


# -- pure wording and drawing ---------------------------------------------------------------------
async def test_every_state_has_its_own_words_colour_and_symbol(qtbot: QtBot) -> None:
    words = {state_text(s) for s in LineState}
    assert len(words) == len(LineState)  # never told by colour alone
    assert state_text(LineState.IN_CALL_RINGING) == "In a call and ringing"
    images = set()
    for line_state in LineState:
        image = QImage(40, 40, QImage.Format.Format_ARGB32)
        image.fill(QColor("white"))
        p = QPainter(image)
        paint_symbol(p, QRectF(0, 0, 40, 40), line_state)
        p.end()
        images.add(bytes(image.constBits()))
        assert QColor(LOOKS[line_state].colour).isValid()
    assert len(images) == len(LineState)  # each state draws something different


async def test_spoken_text_for_a_screen_reader() -> None:
    assert (
        describe("305", "Bob", LineState.IN_CALL, "470 Alice", 185)
        == "305 Bob, in a call with 470 Alice, 3 minutes"
    )
    assert describe("306", "", LineState.RINGING, "0201234", 20) == (
        "306, ringing from 0201234, less than a minute"
    )
    assert describe("503", "Li Na", LineState.UNKNOWN, "", 99) == "503 Li Na, unknown"
    assert spoken_duration(60) == "1 minute"
    assert spoken_duration(7300) == "2 hours"


# -- the model over the real console -------------------------------------------------------------
async def test_tiles_follow_the_colleagues_lines(
    qtbot: QtBot, sim: SimulatedPbx, console_bridge: PbxBridge
) -> None:
    window = ConsoleWindow(console_bridge)
    qtbot.addWidget(window)
    model = window.model
    # The simulated MyPBX's extensions, but not hers (474), with the PBX's names.
    assert rows(model) == ["303", "305", "306", "470", "503"]
    assert row_of(model, "305").name == "Maria Garcia"
    assert all(r.state is LineState.IDLE for r in model.rows)

    calls, _channel = ringing("306", "02087654321")
    feed(console_bridge, *talking("305", "470", "Alice Martin"), *calls, state("503", 4))
    feed(console_bridge, state("303", 16), state("311", 9))  # 311: a new extension appears
    assert rows(model) == ["303", "305", "306", "311", "470", "503"]
    assert row_of(model, "305").state is LineState.IN_CALL
    assert row_of(model, "305").party == "470 Alice Martin"
    assert row_of(model, "306").party == "020 8765 4321"  # as the region reads it
    assert row_of(model, "303").state is LineState.ON_HOLD
    assert row_of(model, "311").state is LineState.IN_CALL_RINGING
    assert row_of(model, "503").state is LineState.UNAVAILABLE

    # Every tile speaks: who, what, with whom, for how long.
    since = row_of(model, "305").colleague.since
    model.clock = lambda: since + 185
    index = model.index(model.row_of("305"), 0)
    spoken = index.data(Qt.ItemDataRole.AccessibleTextRole)
    assert spoken == "305 Maria Garcia, in a call with 470 Alice Martin, 3 minutes"
    assert index.data(Qt.ItemDataRole.ToolTipRole) == spoken
    assert index.data(Qt.ItemDataRole.AccessibleDescriptionRole) == "In a call"
    for i in range(model.rowCount()):
        assert model.index(i, 0).data(Qt.ItemDataRole.AccessibleTextRole)

    # The tiles are painted, with room for their three lines.
    window.show()
    assert not window.grid.grab().isNull()
    assert window.grid.gridSize().height() >= window.grid.fontMetrics().height() * 3


async def test_a_contact_name_wins_over_the_pbx_name(
    qtbot: QtBot, sim: SimulatedPbx, console_bridge: PbxBridge
) -> None:
    window = ConsoleWindow(console_bridge)
    qtbot.addWidget(window)
    assert row_of(window.model, "470").name == "Alice Martin"
    console_bridge.contacts = ContactBook(
        None, "CN", [Contact("Maria (Sales)", ("305",)), Contact("Alice at home", ("470",))]
    )
    console_bridge.contacts_changed.emit()  # what an import does
    assert row_of(window.model, "305").name == "Maria (Sales)"
    feed(console_bridge, *talking("306", "470", "Alice Martin"))
    assert row_of(window.model, "306").party == "470 Alice at home"


async def test_search_by_name_or_number_best_match_first(
    qtbot: QtBot, sim: SimulatedPbx, console_bridge: PbxBridge
) -> None:
    window = ConsoleWindow(console_bridge)
    qtbot.addWidget(window)
    f = window.filter
    f.set_text("ma")  # Maria Garcia starts with it; Alice Martin contains it
    assert rows(f) == ["305", "470"]
    f.set_text("MAR")
    assert rows(f) == ["305", "470"]
    f.set_text("30")
    assert rows(f) == ["303", "305", "306"]
    f.set_text("305")
    assert rows(f) == ["305"]
    f.set_text("alice 47")
    assert rows(f) == ["470"]
    f.set_text("13806012345")
    assert rows(f) == []
    f.set_text("")
    assert rows(f) == ["303", "305", "306", "470", "503"]
