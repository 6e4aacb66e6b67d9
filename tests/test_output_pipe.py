"""``mypbxdesk history --json | head -n1`` and ``contacts list | head -n1``: the
rest of the output goes nowhere, quietly — a real OS pipe whose read end is
closed after the first line, a real process (the ``monitor`` case is in
test_monitor_pipe.py)."""

from __future__ import annotations

import dataclasses
import os
import subprocess
import sys
from pathlib import Path

import pytest

from mypbxdesk.calls import History, MyPhone
from mypbxdesk.contacts.book import ContactBook

from .calls.replay import load, replay

CAPTURE = "captures18/3-call-470-to-474-answered.from-pbx.raw"
#: Far more than a pipe buffers (64 KiB), so writing must meet the closed end.
ROWS = 1500


def _env(tmp_path: Path) -> dict[str, str]:
    return dict(
        os.environ,
        MYPBXDESK_DATA_DIR=str(tmp_path / "data"),
        MYPBXDESK_CONFIG_DIR=str(tmp_path / "config"),
    )


def _first_line_then_leave(tmp_path: Path, *args: str) -> tuple[bytes, int, str]:
    """Run mypbxdesk with stdout into a pipe; read one line and close the read end,
    as ``head -n1`` does. Returns (that line, exit status, stderr)."""
    read_end, write_end = os.pipe()
    proc = subprocess.Popen(
        [sys.executable, "-m", "mypbxdesk", *args],
        env=_env(tmp_path),
        stdout=write_end,
        stderr=subprocess.PIPE,
    )
    os.close(write_end)
    with os.fdopen(read_end, "rb", buffering=0) as reader:
        line = b""
        while not line.endswith(b"\n"):
            chunk = reader.read(1)
            if not chunk:
                break
            line += chunk
    _, err = proc.communicate(timeout=30)
    return line, proc.returncode, err.decode()


def test_history_json_into_a_closed_pipe_ends_quietly(tmp_path: Path) -> None:
    changes = replay(load(CAPTURE), MyPhone("474")).changes
    with History.open(tmp_path / "data" / "history.sqlite3") as history:
        for i in range(ROWS):
            for change in changes:
                call = dataclasses.replace(change.call, call_id=f"{change.call.call_id}-{i}")
                history.record(dataclasses.replace(change, call=call))
    line, status, err = _first_line_then_leave(tmp_path, "history", "--json", "--limit", str(ROWS))
    assert line.startswith(b'{"call_id": "') or b'"call_id"' in line
    assert status == 0, err
    assert "Traceback" not in err and "BrokenPipe" not in err, err


@pytest.mark.parametrize("name", ["Alice Wong", "Evil\x1b[2J\u202eName"])
def test_contacts_list_into_a_closed_pipe_ends_quietly(tmp_path: Path, name: str) -> None:
    csv = tmp_path / "contacts.csv"
    rows = "".join(f"{name} {i},+86138{i:08d}\n" for i in range(ROWS * 4))
    csv.write_text("Name,Phone\n" + rows, encoding="utf-8")
    book = ContactBook.open(tmp_path / "data" / "contacts.json", "CN")
    assert book.import_file(csv) == ROWS * 4
    line, status, err = _first_line_then_leave(tmp_path, "contacts", "list")
    assert line.endswith(b"\n") and b"\t+86138" in line
    assert b"\x1b" not in line and "\u202e".encode() not in line  # shown, not obeyed
    assert status == 0, err
    assert "Traceback" not in err and "BrokenPipe" not in err, err
