"""Caller names set by a stranger (issue 12, item 5): one sanitiser, one JSON line.

Anyone calling in through the trunk sets the caller-ID name. C1 controls (U+009B
is a terminal's CSI), U+2028/U+2029 and bidi overrides must not reach a
terminal, must not split a ``monitor`` line for a consumer that splits on
Unicode line breaks, and ordinary names (Chinese, Zoë, Jürgen, emoji) must come
through unchanged.
"""

from __future__ import annotations

import asyncio
import json
import sqlite3
import unicodedata
from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from mypbxdesk.base.text import display_text, json_line
from mypbxdesk.calls import History, MyPhone
from mypbxdesk.calls.channels import clean_name, clean_text
from mypbxdesk.console import fields
from mypbxdesk.sim import SimulatedPbx

from .calls.replay import load, replay
from .test_cli import monitoring, run, sim

__all__ = ["sim"]  # the fixture, shared with test_cli

BIDI = set("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
LINE_BREAKS = set("\u2028\u2029\x85")
#: What the issue names: a CSI that clears the screen, a line separator, a
#: right-to-left override, an ESC sequence.
HOSTILE = "Evil\x9b2J\u2028{}\u202eZoë\x1b[2J\u2066x\u2069"
HOSTILE_SHOWN = "Evil 2J {}Zoë [2Jx"
MISSED = "captures18/4a-call-470-to-474-missed-noanswer.from-pbx.raw"


def unsafe(text: str) -> list[str]:
    """The characters of ``text`` a terminal or a line splitter would obey."""
    return [
        c
        for c in text
        if unicodedata.category(c) in ("Cc", "Cs", "Zl", "Zp") or c in BIDI or c in LINE_BREAKS
    ]


ORDINARY = st.text(
    alphabet=st.characters(exclude_categories=("Cc", "Cf", "Cs", "Zl", "Zp", "Co", "Cn")),
    max_size=40,
)


@given(st.text(max_size=60))
@example(HOSTILE)
@example("\ud800x\udcff")
def test_display_text_leaves_nothing_a_terminal_obeys(value: str) -> None:
    shown = display_text(value)
    assert unsafe(shown) == []
    assert display_text(shown) == shown  # one pass is enough
    shown.encode("utf-8")  # printable to any UTF-8 stdout (no lone surrogates)


@given(ORDINARY)
@example("张伟")
@example("Zoë Müller")
@example("Jürgen O'Brien-Smith")
@example("👩\u200d👩\u200d👧 Family 🇨🇳")  # ZWJ (Cf) must survive: it is part of the emoji
@example("محمد علي")
@example("Ана\u00a0Иванова")  # a no-break space
def test_ordinary_names_come_through_unchanged(name: str) -> None:
    assert display_text(name) == name
    assert clean_name(name) == name.strip()[:200]


def test_the_issue_s_name_is_shown_harmlessly() -> None:
    assert display_text(HOSTILE) == HOSTILE_SHOWN
    assert clean_name(HOSTILE) == HOSTILE_SHOWN
    assert clean_text("\x9b\u2028") == ""  # only separators: nothing left
    assert fields.text(HOSTILE) == HOSTILE_SHOWN  # the console models: the same sanitiser
    assert fields.number("\u202e<unknown>") == ""


@given(st.dictionaries(st.text(max_size=10), st.text(max_size=40), max_size=4))
@example({"name": HOSTILE})
@example({"name": "a\u2028b\u2029c\x85d\x1ce"})
def test_json_line_is_one_line_and_reads_back_the_same(obj: dict[str, str]) -> None:
    line = json_line(obj)
    assert line.splitlines() == [line]  # str.splitlines knows U+2028/9, NEL, FS, GS, RS…
    assert unsafe(line) == []
    assert json.loads(line) == obj


def test_json_line_stays_readable() -> None:
    assert json_line({"name": "张伟 Zoë"}) == '{"name": "张伟 Zoë"}'


@pytest.mark.asyncio
async def test_monitor_and_history_print_a_hostile_name_harmlessly(
    sim: SimulatedPbx, tmp_path: Path
) -> None:
    """The whole path: a trunk call named by a stranger → ``monitor`` JSON lines,
    the history table and ``history --json``."""
    async with monitoring(sim.port, tmp_path) as stdout:
        await sim.incoming_call(
            caller="13806012345", caller_name=HOSTILE, to="474", outcome="missed", ring_time=0.2
        )
        raw = [await asyncio.wait_for(stdout.readline(), 15) for _ in range(2)]
    out = b"".join(raw).decode()
    assert unsafe(out.replace("\n", "")) == []
    lines = [json.loads(x) for x in out.splitlines()]
    assert [x["event"] for x in lines] == ["ringing", "ended"]  # two objects, two lines
    assert lines[0]["name"] == HOSTILE_SHOWN

    rc, table, _ = await run(tmp_path, "history")
    assert rc == 0
    assert HOSTILE_SHOWN in table
    assert unsafe(table.replace("\n", "")) == []
    rc, out, _ = await run(tmp_path, "history", "--json")
    assert rc == 0
    (entry,) = [json.loads(x) for x in out.splitlines()]
    assert entry["name"] == HOSTILE_SHOWN


@pytest.mark.asyncio
async def test_history_shows_a_raw_name_an_older_version_stored_harmlessly(
    tmp_path: Path,
) -> None:
    data = tmp_path / "data"
    with History.open(data / "history.sqlite3") as history:
        assert history.warning is None
        for change in replay(load(MISSED), MyPhone("474")).changes:
            assert history.record(change)
    db = sqlite3.connect(str(data / "history.sqlite3"))
    with db:  # what a version before the sanitiser wrote: the name as the PBX sent it
        db.execute("UPDATE calls SET name = ?, number = ?", (HOSTILE, "1380\u2028601"))
    db.close()
    rc, table, _ = await run(tmp_path, "history")
    assert rc == 0
    assert HOSTILE_SHOWN in table
    assert "1380 601" in table
    assert unsafe(table.replace("\n", "")) == []
    rc, out, _ = await run(tmp_path, "history", "--json")
    (entry,) = [json.loads(x) for x in out.splitlines()]
    assert entry["name"] == HOSTILE_SHOWN
    with History.open(data / "history.sqlite3") as history:
        assert history.known_name("1380\u2028601") == HOSTILE_SHOWN  # the screen-pop's look-up
