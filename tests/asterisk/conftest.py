"""Fixtures for tests against the real Asterisk 22 of ../shared/asterisk.

CI starts it and sets ``MYPBXDESK_ASTERISK=1``: the tests must then run and
pass. Elsewhere they run when something answers AMI on 127.0.0.1:5038 and
are skipped otherwise (with the reason).
"""

from __future__ import annotations

import asyncio
import os
import socket
from collections.abc import AsyncIterator

import pytest
import pytest_asyncio

from mypbxdesk.ami import actions
from mypbxdesk.driver.client import AmiOptions, connect

HOST, PORT = "127.0.0.1", 5038
ADMIN = AmiOptions(HOST, PORT, "admin", "password")


def _ami_answers() -> bool:
    try:
        with socket.create_connection((HOST, PORT), timeout=2) as s:
            s.settimeout(2)
            return s.recv(64).startswith(b"Asterisk Call Manager/")
    except OSError:
        return False


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if os.environ.get("MYPBXDESK_ASTERISK") == "1" or _ami_answers():
        return
    skip = pytest.mark.skip(reason="no Asterisk on 127.0.0.1:5038 (../shared/asterisk/start.sh)")
    for item in items:
        if "asterisk" in item.keywords:
            item.add_marker(skip)


async def hang_up_everything() -> None:
    conn = await connect(ADMIN)
    try:
        result = await conn.send(actions.core_show_channels(), timeout=10)
        for item in result.events:
            channel = item.get("Channel")
            if channel:
                await conn.send(actions.hangup(channel), timeout=10, check=False)
    finally:
        await conn.logoff()


@pytest_asyncio.fixture
async def clean_pbx() -> AsyncIterator[None]:
    """No call left over from an earlier test, and none left behind."""
    await hang_up_everything()
    await asyncio.sleep(0.2)
    yield
    await hang_up_everything()
