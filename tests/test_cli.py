"""The command-line tools as a user runs them: subprocesses against the simulated PBX."""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import pytest_asyncio

from mypbxdesk.sim import SimulatedPbx

from .simpbx import fast_pbx

pytestmark = pytest.mark.asyncio


@pytest_asyncio.fixture
async def sim() -> AsyncIterator[SimulatedPbx]:
    async with fast_pbx(talk_time=0.3) as pbx:
        yield pbx


def _env(tmp_path: Path, secret: str | None) -> dict[str, str]:
    env = dict(
        os.environ,
        MYPBXDESK_DATA_DIR=str(tmp_path / "data"),
        MYPBXDESK_CONFIG_DIR=str(tmp_path / "config"),
    )
    env.pop("MYPBXDESK_SECRET", None)
    if secret is not None:
        env["MYPBXDESK_SECRET"] = secret
    return env


async def run(
    tmp_path: Path, *args: str, secret: str | None = "password", timeout: float = 30
) -> tuple[int, str, str]:
    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "mypbxdesk",
        *args,
        env=_env(tmp_path, secret),
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, err = await asyncio.wait_for(proc.communicate(), timeout)
    assert proc.returncode is not None
    return proc.returncode, out.decode(), err.decode()


@contextlib.asynccontextmanager
async def monitoring(port: int, tmp_path: Path) -> AsyncIterator[asyncio.StreamReader]:
    """``mypbxdesk monitor`` for 474 as a subprocess, once it says it is connected;
    yields its stdout (one JSON line per call change) and stops it afterwards."""
    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "mypbxdesk",
        "monitor",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--extension",
        "474",
        env=_env(tmp_path, "password"),
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    assert proc.stdout is not None and proc.stderr is not None
    try:
        line = await asyncio.wait_for(proc.stderr.readline(), 15)
        while b"connected:" not in line:
            line = await asyncio.wait_for(proc.stderr.readline(), 15)
        yield proc.stdout
    finally:
        proc.terminate()
        await asyncio.wait_for(proc.wait(), 10)


async def test_dial_exit_codes(sim: SimulatedPbx, tmp_path: Path) -> None:
    base = ["dial", "--host", "127.0.0.1", "--port", str(sim.port), "--extension", "503"]
    rc, out, err = await run(tmp_path, *base, "138 0601 2345")
    assert (rc, out.strip()) == (0, "Connected: your phone 503 is now calling 13806012345")
    assert "Calling your phone 503" in err
    rc, _, err = await run(tmp_path, *base, "12ab")
    assert rc == 2
    assert "letters" in err
    rc, _, err = await run(tmp_path, *base, "123\nAction: Hangup")
    assert rc == 2
    rc, _, err = await run(tmp_path, *base, "123", secret="bad")
    assert rc == 3
    assert "wrong username or secret" in err
    rc, _, err = await run(tmp_path, *base, "--username", "limited", "123", secret="limited")
    assert rc == 1
    assert "may not place calls" in err
    rc, _, err = await run(tmp_path, *base, "123", secret=None)
    assert rc == 3
    assert "no secret found" in err
    rc, _, err = await run(tmp_path, "dial", "--port", "0", "--extension", "5x", "1")
    assert rc == 2
    assert "host is empty" in err and "port 0" in err and "extension" in err
    originates = [m for m in sim.actions_received if m.name.lower() == "originate"]
    assert len(originates) == 2  # the successful one and the limited user's
    assert all(b"Hangup" not in m.to_text().encode() for m in originates)


async def test_dial_refuses_too_many_keys_before_connecting(
    sim: SimulatedPbx, tmp_path: Path
) -> None:
    """5,000 ``*`` used to log in, send the Originate and exit 1: ``*`` and ``#`` count
    toward the 32-key limit, and the number is checked before any connection."""
    base = ["dial", "--host", "127.0.0.1", "--port", str(sim.port), "--extension", "503"]
    for number in ("*" * 5000, "#" * 33, "1" * 30 + "*#*"):
        rc, out, err = await run(tmp_path, *base, number)
        assert (rc, out) == (2, "")
        assert "longer than 32 keys" in err
    assert sim.actions_received == []  # not even a Login reached the PBX


async def test_dial_full_width_digits_and_an_extension(sim: SimulatedPbx, tmp_path: Path) -> None:
    base = ["dial", "--host", "127.0.0.1", "--port", str(sim.port), "--extension", "503"]
    rc, out, err = await run(tmp_path, *base, "１３８ ０６０１ ２３４５")
    assert (rc, out.strip()) == (0, "Connected: your phone 503 is now calling 13806012345"), err
    rc, out, err = await run(tmp_path, *base, "tel:+1-555-0100;ext=12")
    assert rc == 0, err
    assert out.splitlines() == [
        "Connected: your phone 503 is now calling +15550100",
        "Note: after the answer, key 12 on your phone (mypbxdesk does not dial it)",
    ]
    exten = [m["Exten"] for m in sim.actions_received if m.name.lower() == "originate"]
    assert exten == ["13806012345", "+15550100"]


async def test_monitor_prints_json_lines_and_history_keeps_them(
    sim: SimulatedPbx, tmp_path: Path
) -> None:
    async with monitoring(sim.port, tmp_path) as stdout:
        await sim.incoming_call(
            caller="13806012345", caller_name="Jürgen Öz", to="474", outcome="missed", ring_time=0.2
        )
        lines = [json.loads(await asyncio.wait_for(stdout.readline(), 15)) for _ in range(2)]
    assert [x["event"] for x in lines] == ["ringing", "ended"]
    assert lines[0]["name"] == "Jürgen Öz"
    assert lines[0]["number"] == "13806012345"
    assert lines[0]["trunk"]
    assert lines[1]["disposition"] == "missed"
    assert lines[0]["call_id"] == lines[1]["call_id"]
    rc, out, _ = await run(tmp_path, "history", "--json", "--missed")
    assert rc == 0
    (entry,) = [json.loads(x) for x in out.splitlines()]
    assert entry["number"] == "13806012345"
    rc, out, _ = await run(tmp_path, "history")
    assert "13806012345" in out and "Jürgen Öz" in out


async def test_monitor_names_callers_as_the_pop_does_and_says_where_from(
    sim: SimulatedPbx, tmp_path: Path
) -> None:
    """``name`` is the resolved name (contacts, then the PBX, then the history) and
    ``name_source`` says which; every other key keeps its meaning."""
    book = tmp_path / "contacts.csv"
    book.write_text("Name,Mobile\nAlice Wong,138 0601 2345\n", encoding="utf-8")
    rc, _, err = await run(tmp_path, "contacts", "import", str(book))
    assert rc == 0, err
    calls = [
        ("13806012345", "SHENZHEN MOBILE"),  # a contact
        ("13900001111", "Carol Chen"),  # the PBX's name
        ("13900001111", ""),  # no name now: the earlier call's
        ("", ""),  # withheld
    ]
    lines = []
    async with monitoring(sim.port, tmp_path) as stdout:
        for caller, name in calls:
            await sim.incoming_call(
                caller=caller, caller_name=name, to="474", outcome="missed", ring_time=0.1
            )
            for _ in range(2):  # ringing, ended
                lines.append(json.loads(await asyncio.wait_for(stdout.readline(), 15)))
    ringing = [x for x in lines if x["event"] == "ringing"]
    assert [(x["name"], x["name_source"]) for x in ringing] == [
        ("Alice Wong", "contacts"),
        ("Carol Chen", "pbx"),
        ("Carol Chen", "history"),
        ("Unknown caller", None),
    ]
    head = ["event", "direction", "number", "name", "name_source", "extension"]
    assert list(ringing[0])[:6] == head
    assert set(ringing[0]) == {
        "event", "direction", "number", "name", "name_source", "extension", "call_id",
        "time", "channel", "trunk", "disposition", "transferred_to", "duration",
        "via", "transferred_by",
    }  # fmt: skip
    assert ringing[0]["number"] == "13806012345"
    assert ringing[3]["number"] == ""
    rc, out, _ = await run(tmp_path, "history", "--json")
    recorded = [json.loads(x)["name"] for x in out.splitlines()]
    assert recorded[-1] == "SHENZHEN MOBILE"  # the history keeps what the PBX said


async def test_monitor_stops_on_wrong_secret(sim: SimulatedPbx, tmp_path: Path) -> None:
    rc, out, err = await run(
        tmp_path,
        "monitor",
        "--host",
        "127.0.0.1",
        "--port",
        str(sim.port),
        "--extension",
        "474",
        secret="bad",
    )
    assert rc == 3
    assert "auth-failed" in err
    assert out == ""


async def test_dial_type_chooses_the_phone_channel(tmp_path: Path) -> None:
    """``--type`` is the settings file's ``[phone] type``: a PJSIP PBX needs
    ``PJSIP/503`` (the default ``SIP/503`` is "could not be reached" there)."""
    async with fast_pbx("asterisk") as pbx:
        base = ["dial", "--host", "127.0.0.1", "--port", str(pbx.port), "--extension", "503"]
        rc, out, err = await run(tmp_path, *base, "--type", "pjsip", "474")
        assert (rc, out.strip()) == (0, "Connected: your phone 503 is now calling 474"), err
        rc, _, err = await run(tmp_path, *base, "--type", "skype", "125")
        assert rc == 2 and "invalid choice: 'skype'" in err
        originates = [m for m in pbx.actions_received if m.name.lower() == "originate"]
        assert [m.get("Channel") for m in originates] == ["PJSIP/503"]
    async with fast_pbx() as pbx:  # an analog phone on a MyPBX
        base = ["dial", "--host", "127.0.0.1", "--port", str(pbx.port), "--extension", "503"]
        await run(tmp_path, *base, "--type", "dahdi", "--dahdi-port", "5", "124")
        originates = [m for m in pbx.actions_received if m.name.lower() == "originate"]
        assert [m.get("Channel") for m in originates] == ["DAHDI/5"]
