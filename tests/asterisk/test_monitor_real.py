"""`mypbxdesk monitor` against the real Asterisk 22: 470 calls 474, then a redirect to 306."""

from __future__ import annotations

import asyncio
import json
import os
import sys
from typing import Any

import pytest

from mypbxdesk.ami import Message, actions
from mypbxdesk.driver.client import connect

from .conftest import ADMIN, HOST, PORT

pytestmark = [pytest.mark.asterisk, pytest.mark.asyncio]


class Monitor:
    """`mypbxdesk monitor` in a subprocess, its JSON lines collected."""

    def __init__(self, extension: str) -> None:
        self.extension = extension
        self.lines: list[dict[str, Any]] = []
        self.stderr = ""

    async def __aenter__(self) -> Monitor:
        env = dict(os.environ, MYPBXDESK_SECRET="password")
        self.proc = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "mypbxdesk",
            "monitor",
            "--no-history",
            "--host",
            HOST,
            "--port",
            str(PORT),
            "--extension",
            self.extension,
            env=env,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
        )
        self._reader = asyncio.create_task(self._read())
        self._err = asyncio.create_task(self._read_err())
        async with asyncio.timeout(15):
            while "connected:" not in self.stderr:
                await asyncio.sleep(0.05)
        return self

    async def _read(self) -> None:
        assert self.proc.stdout is not None
        async for line in self.proc.stdout:
            self.lines.append(json.loads(line))

    async def _read_err(self) -> None:
        assert self.proc.stderr is not None
        async for line in self.proc.stderr:
            self.stderr += line.decode()

    def events(self) -> list[str]:
        return [line["event"] for line in self.lines]

    async def wait_for(self, events: list[str], timeout: float = 20) -> None:
        async with asyncio.timeout(timeout):
            while self.events()[: len(events)] != events:
                await asyncio.sleep(0.05)

    async def __aexit__(self, *exc: object) -> None:
        self.proc.terminate()
        await asyncio.wait_for(self.proc.wait(), 10)
        await asyncio.gather(self._reader, self._err, return_exceptions=True)


async def test_470_calls_474_monitor_prints_ringing_answered_ended(clean_pbx: None) -> None:
    async with Monitor("474") as mon:
        conn = await connect(ADMIN)
        try:
            await conn.send(
                actions.originate(
                    "PJSIP/470", "DLPN_DialPlan470", "474", caller_id='"Alice" <470>'
                ),
                timeout=40,
            )
            await mon.wait_for(["ringing", "answered"])
            listing = await conn.send(actions.core_show_channels())
            for item in listing.events:
                if item["Channel"].startswith("PJSIP/470-"):
                    await conn.send(actions.hangup(item["Channel"]))
            await mon.wait_for(["ringing", "answered", "ended"])
        finally:
            await conn.logoff()
    ringing, answered, ended = mon.lines[:3]
    assert ringing["direction"] == "incoming"
    assert ringing["number"] == "470"
    assert ringing["name"] == "Alice"
    assert ringing["extension"] == "474"
    assert ringing["call_id"] == answered["call_id"] == ended["call_id"]
    assert ended["disposition"] == "answered"
    assert ringing["time"].endswith("Z")


async def test_redirect_to_306_shows_on_306_with_470s_number(clean_pbx: None) -> None:
    seen: list[Message] = []
    async with Monitor("474") as mon474, Monitor("306") as mon306:
        conn = await connect(ADMIN, subscribers=[seen.append])
        try:
            await conn.send(
                actions.originate(
                    "PJSIP/470", "DLPN_DialPlan470", "474", caller_id='"Alice" <470>'
                ),
                timeout=40,
            )
            await mon474.wait_for(["ringing"])
            caller = next(
                m["Channel"]
                for m in seen
                if m.is_event("DialBegin") and m.get("DestChannel", "").startswith("PJSIP/474-")
            )
            await conn.send(actions.redirect(caller, "DLPN_DialPlan306", "306"))
            await mon306.wait_for(["ringing"])
            await mon474.wait_for(["ringing", "ended"])
        finally:
            await conn.logoff()
    assert mon306.lines[0]["number"] == "470"
    assert mon306.lines[0]["name"] == "Alice"
    ended = mon474.lines[1]
    assert ended["disposition"] == "transferred"
    assert ended["transferred_to"] == "306"
