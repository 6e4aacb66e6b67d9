"""The history keeps how a call came in and who transferred it (schema 2), and
a schema-1 file from an earlier version is migrated without losing a call."""

from __future__ import annotations

import json
import sqlite3
import time
from dataclasses import replace
from pathlib import Path

from mypbxdesk.calls import (
    Call,
    CallChange,
    CallEvent,
    CallState,
    Direction,
    History,
    Route,
    Transferer,
)
from mypbxdesk.calls.history import SCHEMA_VERSION

#: The table as version 1 created it (kept here verbatim: the migration's input).
V1_TABLE = """CREATE TABLE calls (
    id INTEGER PRIMARY KEY,
    call_id TEXT NOT NULL UNIQUE,
    direction TEXT NOT NULL,
    number TEXT NOT NULL DEFAULT '',
    name TEXT NOT NULL DEFAULT '',
    extension TEXT NOT NULL DEFAULT '',
    state TEXT NOT NULL,
    outcome TEXT,
    transferred_to TEXT,
    channel TEXT,
    peer_channel TEXT,
    trunk TEXT,
    started_at REAL NOT NULL,
    answered_at REAL,
    ended_at REAL,
    duration REAL,
    updated_at REAL NOT NULL
)"""


def a_call(call_id: str, **kw: object) -> Call:
    fields: dict[str, object] = dict(
        call_id=call_id,
        direction=Direction.INCOMING,
        number="13806012345",
        name="Bob Smith",
        extension="474",
        state=CallState.RINGING,
        my_channel="SIP/474-00000099",
        peer_channel="SIP/trunk-00000098",
        trunk="trunk",
        started_at=time.time(),
    )
    fields.update(kw)
    return Call(**fields)  # type: ignore[arg-type]


def test_a_version_1_file_is_migrated_and_keeps_its_calls(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    raw = sqlite3.connect(path)
    raw.execute(V1_TABLE)
    raw.execute(
        "INSERT INTO calls (call_id, direction, number, name, state, outcome, started_at, "
        "updated_at) VALUES ('old-1', 'incoming', '470', 'Alice', 'ended', 'answered', 1, 1)"
    )
    raw.execute("PRAGMA user_version=1")
    raw.commit()
    raw.close()
    assert SCHEMA_VERSION == 2
    with History.open(path) as history:
        assert history.warning is None and history.schema_version == 2
        (old,) = history.recent()
        assert (old.call_id, old.name) == ("old-1", "Alice")
        assert (old.via, old.transferred_by) == (None, None)
        assert old.to_json()["via"] is None and old.to_json()["transferred_by"] is None
        # The migrated file takes the new facts.
        call = a_call("new-1", via=Route("queue", "reception"))
        assert history.record(CallChange(CallEvent.RINGING, call))
        assert history.recent()[0].via == Route("queue", "reception")


def test_via_and_transferer_round_trip_and_survive_later_changes(tmp_path: Path) -> None:
    with History.open(tmp_path / "history.sqlite3") as history:
        ringing = a_call("c-1", via=Route("did", "5551234"))
        assert history.record(CallChange(CallEvent.RINGING, ringing))
        # An attended transfer completes: the answered change names the transferer.
        answered = replace(
            ringing,
            state=CallState.ANSWERED,
            answered_at=ringing.started_at + 1,
            transferred_by=Transferer("305", "Maria Garcia"),
        )
        assert history.record(CallChange(CallEvent.ANSWERED, answered))
        # A later change that does not repeat them does not forget them.
        ended = replace(
            answered,
            via=None,
            transferred_by=None,
            state=CallState.ENDED,
            outcome="answered",
            ended_at=ringing.started_at + 9,
        )
        assert history.record(CallChange(CallEvent.ENDED, ended))
        history.record(CallChange(CallEvent.RINGING, a_call("c-2", number="306")))
        history.record(
            CallChange(CallEvent.RINGING, a_call("c-3", transferred_by=Transferer("307")))
        )
        by_id = {e.call_id: e for e in history.recent()}
    entry = by_id["c-1"]
    assert entry.via == Route("did", "5551234")
    assert entry.transferred_by == Transferer("305", "Maria Garcia")
    assert entry.reached == "answered"
    line = entry.to_json()
    assert line["via"] == {"kind": "did", "label": "5551234"}
    assert line["transferred_by"] == {"number": "305", "name": "Maria Garcia"}
    json.dumps(line)
    assert (by_id["c-2"].via, by_id["c-2"].transferred_by) == (None, None)
    assert by_id["c-3"].transferred_by == Transferer("307", "")


def test_an_unknown_route_kind_from_a_newer_version_reads_as_none(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    with History.open(path) as history:
        history.record(CallChange(CallEvent.RINGING, a_call("c-1", via=Route("queue", "q"))))
    raw = sqlite3.connect(path)
    raw.execute("UPDATE calls SET via_kind = 'ivr' WHERE call_id = 'c-1'")
    raw.commit()
    raw.close()
    with History.open(path) as history:
        assert history.recent()[0].via is None
