"""The receptionist's console against a real Asterisk 22 with sipp phones.

Every flow of the console, end to end through PhoneService + ConsoleService:
colleagues' lines (BLF) and who they talk to, blind and attended transfer
(complete, back), park and retrieve, pickup of a ringing colleague (601 is the
slow phone: it rings 20 s), the queue (a caller waiting, pausing herself), and
the command line's ``presence``/``park``. The receptionist is 474; calls come
from 470 ("Alice"), as ../shared/asterisk/README.md describes.
"""

from __future__ import annotations

import asyncio
import json
import os
import sys
from collections.abc import AsyncIterator, Callable

import pytest
import pytest_asyncio

from mypbxdesk.ami import actions
from mypbxdesk.calls import CallState
from mypbxdesk.console import LineState, ParkKind
from mypbxdesk.service.attended import Stage, TransferProgress
from mypbxdesk.service.console import ConsoleService
from mypbxdesk.service.phone import PhoneService
from mypbxdesk.settings.config import Settings

from .conftest import HOST, PORT

pytestmark = [pytest.mark.asterisk, pytest.mark.asyncio]

ME = Settings(host=HOST, port=PORT, extension="474", phone_type="pjsip")


async def until(predicate: Callable[[], object], timeout: float = 15.0) -> None:
    async with asyncio.timeout(timeout):
        while not predicate():
            await asyncio.sleep(0.05)


@pytest_asyncio.fixture
async def desk(clean_pbx: None) -> AsyncIterator[tuple[PhoneService, ConsoleService]]:
    phone = PhoneService(ME, "password")
    console = ConsoleService(phone)
    phone.start()
    await phone.client.wait_ready(10)
    await console.wait_resynced(15)
    try:
        yield phone, console
    finally:
        await phone.aclose()


async def call_me_from_alice(phone: PhoneService) -> None:
    """470 calls 474, and 474 (a sipp phone) answers after 1.5 s."""
    await phone.client.send(
        actions.originate("PJSIP/470", "DLPN_DialPlan470", "474", caller_id='"Alice" <470>'),
        timeout=20,
    )
    await until(lambda: any(c.state is CallState.ANSWERED for c in phone.calls))


def talking_to(console: ConsoleService, ext: str) -> str:
    colleague = console.presence.get(ext)
    return "" if colleague is None else colleague.talking_to


def state(console: ConsoleService, ext: str) -> LineState | None:
    colleague = console.presence.get(ext)
    return None if colleague is None else colleague.state


async def test_colleagues_names_states_and_who_they_talk_to(
    desk: tuple[PhoneService, ConsoleService],
) -> None:
    phone, console = desk
    exts = {c.extension: c for c in console.colleagues()}
    assert {"305", "306", "470", "503", "601"} <= set(exts)
    assert "474" not in exts  # her own line is not a colleague
    assert exts["305"].name == "Ext 305"  # the endpoint's caller ID
    assert all(c.state is LineState.IDLE for c in exts.values())
    seen: list[tuple[str, LineState]] = []
    console.on_presence(lambda ch: seen.append((ch.extension, ch.state)))
    await call_me_from_alice(phone)
    await until(lambda: state(console, "470") is LineState.IN_CALL)
    alice = console.presence.get("470")
    assert alice is not None and alice.talking_to == "474"
    assert ("470", LineState.RINGING) in seen  # the Originate rang 470 first


async def test_park_and_retrieve(desk: tuple[PhoneService, ConsoleService]) -> None:
    phone, console = desk
    await call_me_from_alice(phone)
    outcome = await console.park()
    assert outcome.ok, outcome.message
    assert outcome.slot == "701"
    (parked,) = console.parking.calls
    assert (parked.slot, parked.number, parked.parked_by) == ("701", "470", "474")
    changes: list[ParkKind] = []
    console.on_park(lambda ch: changes.append(ch.kind))
    outcome = await console.retrieve("701")
    assert outcome.ok, outcome.message
    await until(lambda: ParkKind.RETRIEVED in changes)
    assert console.parking.calls == []


async def test_blind_transfer_to_a_colleague(desk: tuple[PhoneService, ConsoleService]) -> None:
    phone, console = desk
    await call_me_from_alice(phone)
    outcome = await console.transfer("306")
    assert outcome.ok, outcome.message
    await until(lambda: state(console, "306") is LineState.IN_CALL)
    colleague = console.presence.get("306")
    assert colleague is not None and colleague.talking_to == "470"
    await until(lambda: not phone.calls)  # her part of the call is over


async def test_attended_transfer_completed(desk: tuple[PhoneService, ConsoleService]) -> None:
    phone, console = desk
    steps: list[TransferProgress] = []
    console.on_transfer(steps.append)
    await call_me_from_alice(phone)
    started = await console.transfer_attended("306")
    assert started.ok, started.message
    await until(lambda: steps and steps[-1].stage is Stage.CONSULTING)
    assert state(console, "470") is LineState.ON_HOLD  # the caller waits
    done = await console.complete_transfer()
    assert done.ok, done.message
    await until(lambda: steps[-1].stage is Stage.DONE)
    await until(lambda: talking_to(console, "306") == "470")
    assert [s.stage for s in steps][:2] == [Stage.STARTING, Stage.CALLING]


async def test_attended_transfer_back_to_the_caller(
    desk: tuple[PhoneService, ConsoleService],
) -> None:
    phone, console = desk
    steps: list[TransferProgress] = []
    console.on_transfer(steps.append)
    await call_me_from_alice(phone)
    assert (await console.transfer_attended("306")).ok
    await until(lambda: steps and steps[-1].stage is Stage.CONSULTING)
    back = await console.cancel_transfer()
    assert back.ok, back.message
    await until(lambda: state(console, "306") is LineState.IDLE)
    await until(lambda: state(console, "470") is LineState.IN_CALL)
    alice = console.presence.get("470")
    assert alice is not None and alice.talking_to == "474"  # she has the caller again


async def test_pickup_of_the_slow_phone(desk: tuple[PhoneService, ConsoleService]) -> None:
    phone, console = desk
    await phone.client.send(
        actions.originate("PJSIP/470", "DLPN_DialPlan470", "601", caller_id='"Alice" <470>'),
        timeout=20,
    )
    await until(lambda: state(console, "601") is LineState.RINGING)
    outcome = await console.pickup("601")
    assert outcome.ok, outcome.message
    await until(lambda: state(console, "601") is LineState.IDLE)
    await until(lambda: any(c.number == "470" and c.is_live for c in phone.calls))


async def test_pickup_with_nothing_ringing_says_so(
    desk: tuple[PhoneService, ConsoleService],
) -> None:
    _phone, console = desk
    outcome = await console.pickup("305")
    assert not outcome.ok and "nothing is ringing" in outcome.message


async def test_queue_caller_waits_and_she_pauses_herself(
    desk: tuple[PhoneService, ConsoleService],
) -> None:
    phone, console = desk
    (queue,) = console.my_queues()
    assert queue.name == "reception"
    assert (await console.pause(True, reason="lunch")).ok
    await until(
        lambda: any(m.paused for m in console.my_queues()[0].members if m.interface == "PJSIP/474")
    )
    await phone.client.send(
        actions.originate("PJSIP/470", "DLPN_DialPlan470", "610", caller_id='"Alice" <470>'),
        timeout=20,
    )

    def callers() -> list[str]:
        return [c.number for q in console.my_queues() for c in q.callers]

    await until(lambda: callers() == ["470"] or state(console, "305") is LineState.IN_CALL)
    assert (await console.pause(False)).ok


async def test_cli_presence_and_park(desk: tuple[PhoneService, ConsoleService]) -> None:
    phone, _console = desk
    env = dict(os.environ, MYPBXDESK_SECRET="password")
    common = ["--host", HOST, "--extension", "474", "--channel", "PJSIP/474", "--no-forward"]
    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "mypbxdesk",
        "presence",
        *common,
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    assert proc.stdout is not None
    lines = [json.loads(await asyncio.wait_for(proc.stdout.readline(), 20)) for _ in range(5)]
    proc.terminate()
    await proc.communicate()
    assert {line["extension"] for line in lines} >= {"305", "306"}
    assert set(lines[0]) == {"extension", "name", "state", "time"}
    await call_me_from_alice(phone)
    park = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "mypbxdesk",
        "park",
        *common,
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, err = await asyncio.wait_for(park.communicate(), 30)
    assert park.returncode == 0, err
    assert out.decode().strip() == "701"
