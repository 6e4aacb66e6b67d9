"""Quitting with the call history locked by another process: the event loop stays
responsive (the wait for the disk is in a worker thread), and the call that was
ringing is not left "ringing" in the file."""

from __future__ import annotations

import asyncio
import sqlite3
import time
from pathlib import Path

import pytest

from mypbxdesk.calls import CallChange, History, MyPhone
from mypbxdesk.calls.history import STOPPED
from mypbxdesk.service.phone import PhoneService
from mypbxdesk.settings.config import Settings

from ..calls.replay import load, replay

pytestmark = pytest.mark.asyncio
#: 470 calls 474; cut before the answer: the call is still ringing when the app stops.
CAPTURE = "captures18/3-call-470-to-474-answered.from-pbx.raw"


def _ringing() -> list[CallChange]:
    changes = replay(load(CAPTURE), MyPhone("474")).changes
    first_answer = next(i for i, c in enumerate(changes) if c.call.answered_at is not None)
    return changes[:first_answer]


async def test_aclose_waits_for_a_locked_history_off_the_loop(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    history = History.open(path)
    service = PhoneService(Settings(host="127.0.0.1", extension="474"), "pw", history=history)
    for change in _ringing():
        history.record(change)
    assert history.flush(5)
    locker = sqlite3.connect(str(path), isolation_level=None)
    locker.execute("BEGIN EXCLUSIVE")  # another process holds the file
    lags: list[float] = []

    async def tick() -> None:
        while True:
            start = time.monotonic()
            await asyncio.sleep(0.05)
            lags.append(time.monotonic() - start - 0.05)

    ticker = asyncio.create_task(tick())
    closing = asyncio.create_task(service.aclose())
    await asyncio.sleep(0.6)
    locker.execute("ROLLBACK")  # the other process lets go while we quit
    locker.close()
    await asyncio.wait_for(closing, 10)
    ticker.cancel()
    assert len(lags) >= 8 and max(lags) < 0.3, lags  # the loop kept running
    with History.open(path) as reopened:
        (entry,) = reopened.recent()
    assert entry.outcome == STOPPED and entry.ended_at is not None
