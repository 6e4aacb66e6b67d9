"""Hand-over from the command line: transfer, park, pickup (answered when done), presence.

The blocking clients (``ask``, ``stream``) run in a worker thread, as the CLI
runs them in its own process, while the app's side (SingleInstance +
HandOver over the real bridge and ConsoleService) runs on the qasync loop.
"""

from __future__ import annotations

import asyncio
import json
import os
import sys
import threading
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtNetwork import QLocalSocket
from pytestqt.qtbot import QtBot

from mypbxdesk.calls import CallState
from mypbxdesk.sim import SimulatedPbx
from mypbxdesk.ui.app import Windows
from mypbxdesk.ui.bridge import PbxBridge
from mypbxdesk.ui.console import ConsoleWindow
from mypbxdesk.ui.handover import HandOver
from mypbxdesk.ui.singleinstance import (
    Answer,
    NoRunningApp,
    SingleInstance,
    ask,
    make_request,
    parse_request,
    stream,
)

from .conftest import console_bridge_for, until
from .consolefeed import feed, state

pytestmark = [pytest.mark.qt, pytest.mark.asyncio]


def _name() -> str:
    return f"mypbxdesk-t-{uuid.uuid4().hex[:12]}"


# -- the requests, checked strictly ----------------------------------------------------------------
GOOD = [
    (
        make_request("transfer", target="+1 (555) 010-9999", attended=False, call=""),
        {"v": 1, "action": "transfer", "target": "+15550109999", "attended": False, "call": ""},
    ),
    (
        make_request("transfer", target="305", attended=True, call="1796180125.1"),
        {"v": 1, "action": "transfer", "target": "305", "attended": True, "call": "1796180125.1"},
    ),
    (make_request("park"), {"v": 1, "action": "park", "call": ""}),
    (make_request("pickup", extension="305"), {"v": 1, "action": "pickup", "extension": "305"}),
    (make_request("presence"), {"v": 1, "action": "presence"}),
    (make_request("dial", "tel:123"), {"v": 1, "action": "dial", "number": "tel:123"}),
]


@pytest.mark.parametrize(("request_", "parsed"), GOOD)
async def test_good_requests_round_trip(request_: dict[str, Any], parsed: dict[str, Any]) -> None:
    assert request_ == parsed
    assert parse_request(json.dumps(request_).encode()) == parsed


BAD = [
    {"v": 1, "action": "transfer"},  # no target
    {"v": 1, "action": "transfer", "target": "30a"},
    {"v": 1, "action": "transfer", "target": "305\r\nAction: Hangup"},
    {"v": 1, "action": "transfer", "target": "1" * 65},
    {"v": 1, "action": "transfer", "target": 305},
    {"v": 1, "action": "transfer", "target": "305", "attended": "yes"},
    {"v": 1, "action": "transfer", "target": "305", "attended": 1},
    {"v": 1, "action": "transfer", "target": "305", "call": "x\ny"},
    {"v": 1, "action": "transfer", "target": "305", "call": "1" * 65},
    {"v": 1, "action": "transfer", "target": "305", "number": "1"},  # not its field
    {"v": 1, "action": "park", "call": None},
    {"v": 1, "action": "park", "slot": "701"},
    {"v": 1, "action": "pickup", "extension": "+305"},
    {"v": 1, "action": "pickup", "extension": "12345678901"},
    {"v": 1, "action": "pickup"},
    {"v": 1, "action": "presence", "extension": "305"},
    {"v": 2, "action": "presence"},
    {"v": 1, "action": "hangup"},
    ["v", 1],
]


@pytest.mark.parametrize("data", BAD)
async def test_bad_requests_are_refused(data: object) -> None:
    with pytest.raises(ValueError):  # noqa: PT011 - every reason is a ValueError
        parse_request(json.dumps(data).encode())


async def test_make_request_refuses_what_the_app_would_refuse() -> None:
    with pytest.raises(ValueError, match="target"):
        make_request("transfer", target="12ab")
    with pytest.raises(ValueError, match="does not take"):
        make_request("park", extension="305")
    with pytest.raises(ValueError, match="no number"):
        make_request("presence", "123")


# -- the app's side ------------------------------------------------------------------------------
class App:
    """The listening side of the app: SingleInstance + HandOver over a bridge."""

    def __init__(self, bridge: PbxBridge) -> None:
        self.name = _name()
        self.instance = SingleInstance(self.name)
        assert self.instance.listen()
        self.handover = HandOver(bridge)
        self.instance.question_received.connect(self.handover.answer)

    def close(self) -> None:
        self.instance.close()


def first_of(request: dict[str, Any], name: str | None = None) -> dict[str, Any]:
    """The first line of a stream, closed in the thread that opened it (a Qt socket
    belongs to its thread)."""
    lines = stream(request, name)
    try:
        return next(lines)
    finally:
        lines.close()


async def in_thread(fn: Any, *args: Any) -> Any:
    """A blocking client call, in a worker thread (the loop keeps serving the app)."""
    return await asyncio.to_thread(fn, *args)


async def test_park_is_answered_once_done_with_the_slot(
    qtbot: QtBot, sim: SimulatedPbx, console_bridge: PbxBridge
) -> None:
    app = App(console_bridge)
    try:
        await sim.incoming_call(ring_time=0.05, talk_time=60)
        await until(lambda: any(c.state is CallState.ANSWERED for c in console_bridge.calls))
        answer = await in_thread(ask, make_request("park"), app.name)
        assert answer is not None
        slot = answer["slot"]
        assert answer == {"ok": True, "message": f"Parked on {slot}", "slot": slot}
        assert slot and console_bridge.console.parking.get(slot) is not None  # type: ignore[union-attr]
        # The park happened before the answer.
        assert [m.name for m in sim.actions_received].count("Park") == 1
    finally:
        app.close()


async def test_transfer_and_its_refusals_are_answered_in_english(
    qtbot: QtBot, sim: SimulatedPbx, console_bridge: PbxBridge
) -> None:
    app = App(console_bridge)
    try:
        nothing = await in_thread(ask, make_request("transfer", target="305"), app.name)
        assert nothing == {"ok": False, "message": "there is no call to transfer", "slot": ""}
        pickup = await in_thread(ask, make_request("pickup", extension="306"), app.name)
        assert pickup == {"ok": False, "message": "nothing is ringing on 306", "slot": ""}
        await sim.incoming_call(ring_time=0.05, talk_time=60)
        await until(lambda: any(c.state is CallState.ANSWERED for c in console_bridge.calls))
        call = console_bridge.calls[-1]
        done = await in_thread(
            ask, make_request("transfer", target="306", call=call.call_id), app.name
        )
        assert done == {"ok": True, "message": "Transferred to 306", "slot": ""}
        (redirect,) = [m for m in sim.actions_received if m.name == "Redirect"]
        assert (redirect["Channel"], redirect["Exten"]) == (call.peer_channel, "306")
    finally:
        app.close()


@pytest.mark.expect_log("ignored a hand-over request")
async def test_a_bad_request_gets_the_reason(
    qtbot: QtBot, sim: SimulatedPbx, console_bridge: PbxBridge
) -> None:
    app = App(console_bridge)
    try:
        bad = {"v": 1, "action": "pickup", "extension": "3o5"}
        answer = await in_thread(ask, bad, app.name)
        assert answer is not None and answer["ok"] is False and "extension" in answer["message"]
    finally:
        app.close()


async def test_an_action_that_takes_too_long_is_answered_anyway(qtbot: QtBot) -> None:
    name = _name()
    instance = SingleInstance(name)
    instance.answer_timeout_ms = 300
    assert instance.listen()
    kept: list[Answer] = []
    instance.question_received.connect(lambda _request, answer: kept.append(answer))
    try:
        answer = await in_thread(ask, make_request("park"), name)
        assert answer == {"ok": False, "message": "the app did not finish within 0.3 s", "slot": ""}
        assert kept and not kept[0].open
        kept[0].finish({"ok": True, "message": "late", "slot": ""})  # too late: nothing happens
    finally:
        instance.close()


async def test_no_running_app(qtbot: QtBot) -> None:
    with pytest.raises(NoRunningApp):  # nothing was done: the CLI may act itself
        await in_thread(ask, make_request("park"), _name())
    with pytest.raises(NoRunningApp):
        next(stream(make_request("presence"), _name()))


async def test_presence_streams_every_colleague_then_each_change(
    qtbot: QtBot, sim: SimulatedPbx, console_bridge: PbxBridge
) -> None:
    app = App(console_bridge)
    got: list[dict[str, Any]] = []
    stop = threading.Event()

    def listen() -> None:
        lines: Iterator[dict[str, Any]] = stream(make_request("presence"), app.name)
        for item in lines:
            got.append(item)
            if stop.is_set():
                break  # closing the generator closes the connection

    worker = asyncio.ensure_future(asyncio.to_thread(listen))
    try:
        await until(lambda: len(got) == 5)
        assert [g["extension"] for g in got] == ["303", "305", "306", "470", "503"]
        assert got[1]["name"] == "Maria Garcia" and got[1]["state"] == "idle"
        assert got[1]["time"].endswith("Z")
        assert set(got[0]) == {"extension", "name", "state", "time"}
        stop.set()
        feed(console_bridge, state("305", 8))
        await until(lambda: len(got) == 6)
        assert got[5]["extension"] == "305" and got[5]["state"] == "ringing"
        await asyncio.wait_for(worker, 5)
        feed(console_bridge, state("305", 0))  # nobody listens any more: nothing breaks
        await asyncio.sleep(0.1)
    finally:
        app.close()


async def test_presence_refused_by_the_pbx_says_why(
    qtbot: QtBot, sim: SimulatedPbx, console_bridge: PbxBridge
) -> None:
    from mypbxdesk.service.permissions import Feature

    console_bridge.console.permissions.deny(Feature.PRESENCE)  # type: ignore[union-attr]
    app = App(console_bridge)
    try:
        with pytest.raises(ValueError, match="may not see the colleagues' lines"):
            await in_thread(first_of, make_request("presence"), app.name)
    finally:
        app.close()


# -- the app's windows ----------------------------------------------------------------------------
async def test_a_plain_second_start_shows_the_console(
    qtbot: QtBot, sim: SimulatedPbx, console_bridge: PbxBridge, tmp_path: Path
) -> None:
    windows = Windows(console_bridge, tmp_path / "config.toml")
    windows.handle_request(make_request("show"))
    console = windows._made["console"]
    qtbot.addWidget(console)
    assert isinstance(console, ConsoleWindow) and console.isVisible()
    assert windows.openers().console is not None


async def test_the_answer_channel_survives_the_asker_leaving(qtbot: QtBot) -> None:
    """The asker hangs up before the answer: the app's send is a quiet no-op."""
    name = _name()
    instance = SingleInstance(name)
    assert instance.listen()
    kept: list[Answer] = []
    instance.question_received.connect(lambda _r, a: kept.append(a))
    sock = QLocalSocket()
    sock.connectToServer(instance.name)
    try:
        await until(lambda: sock.state() == QLocalSocket.LocalSocketState.ConnectedState)
        sock.write(json.dumps(make_request("park")).encode() + b"\n")
        sock.flush()
        await until(lambda: kept)
        closed: list[int] = []
        kept[0].closed.connect(lambda: closed.append(1))
        sock.abort()
        await until(lambda: closed)
        assert not kept[0].send({"ok": True})
    finally:
        instance.close()


@pytest.mark.expect_log("could not list the live channels after login: Permission denied")
async def test_presence_stream_of_the_limited_user_brings_the_changes(
    qtbot: QtBot, sim: SimulatedPbx, tmp_path: Path
) -> None:
    """The ``limited`` AMI user may not list the peers, so the snapshot is empty;
    the lines' changes still come as they happen."""
    bridge = await console_bridge_for(sim, tmp_path, "limited", "limited")
    app = App(bridge)
    try:
        first = in_thread(first_of, make_request("presence"), app.name)
        task = asyncio.ensure_future(first)
        await asyncio.sleep(0.3)
        assert not task.done()  # nothing to tell yet
        feed(bridge, state("305", 1))
        item = await asyncio.wait_for(task, 5)
        assert (item["extension"], item["state"]) == ("305", "in_call")
    finally:
        app.close()
        await bridge.aclose()


# -- end to end: the real app in its own process -------------------------------------------------
@pytest.mark.slow
async def test_the_running_app_parks_for_the_command_line(
    qtbot: QtBot, sim: SimulatedPbx, tmp_path: Path
) -> None:
    """``mypbxdesk`` runs (offscreen); another process asks it to park her call and to
    stream the lines, as the CLI will, over the per-user hand-over socket."""
    config = tmp_path / "app.toml"
    config.write_text(f'[pbx]\nhost = "127.0.0.1"\nport = {sim.port}\n[phone]\nextension = "474"\n')
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", MYPBXDESK_SECRET="password")
    app = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "mypbxdesk",
        "--config",
        str(config),
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    try:
        # Logged in: it has asked for the colleagues' lines.
        await until(lambda: any(m.name == "ExtensionState" for m in sim.actions_received), 30)
        first = await in_thread(first_of, make_request("presence"))
        assert first["extension"] == "303"
        await sim.incoming_call(ring_time=0.05, talk_time=60)
        await asyncio.sleep(0.5)  # the app sees the call answered
        answer = await in_thread(ask, make_request("park"))
        assert answer is not None and answer["ok"] is True, answer
        assert answer["message"] == f"Parked on {answer['slot']}"
        assert [m.name for m in sim.actions_received].count("Park") == 1
    finally:
        app.terminate()
        await asyncio.wait_for(app.communicate(), 30)
