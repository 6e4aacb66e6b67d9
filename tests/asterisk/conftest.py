"""Fixtures for tests against the real Asterisk 22 of ../shared/asterisk.

CI starts it and sets ``MYPBXDESK_ASTERISK=1``: the tests must then run and pass
(a peer that is not that Asterisk stops the run with the reason). Elsewhere they
run only when the peer on 127.0.0.1:5038 proves to be it, and are skipped with
the reason otherwise: something else answering AMI there (``mypbxdesk simulate``
listens on 5038 too, and any other Asterisk would do) is not the PBX whose
phones, hints and parking lot these tests expect.

The proof: login as admin/password, ``CoreSettings`` says Asterisk 22, and
``core show settings`` names the shared set-up's own configuration directory.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import socket
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import pytest_asyncio

from mypbxdesk.ami import actions
from mypbxdesk.driver.client import AmiOptions, connect

HOST, PORT = "127.0.0.1", 5038
ADMIN = AmiOptions(HOST, PORT, "admin", "password")


#: ``core show settings`` of ../shared/asterisk (its asterisk.conf puts everything there).
SHARED_CONFIG_DIR = "/etc/asterisk-ci"
SHARED_SCRIPTS = Path(__file__).resolve().parents[3] / "shared" / "asterisk"


def _banner() -> str:
    try:
        with socket.create_connection((HOST, PORT), timeout=2) as s:
            s.settimeout(2)
            return s.recv(64).decode("latin-1")
    except OSError as exc:
        return f"<{exc.strerror or exc}>"


async def _identify() -> str:
    """Why the peer is not the shared Asterisk 22 ("" when it is)."""
    try:
        conn = await asyncio.wait_for(connect(ADMIN), 5)
    except Exception as exc:  # any failure is a reason to skip
        return f"cannot log in as {ADMIN.username}: {exc}"
    try:
        settings = await conn.send(actions.Action("CoreSettings"), timeout=5)
        version = settings.response.get("AsteriskVersion") or "?"
        if not version.startswith("22."):
            return f"it is Asterisk {version}, not 22"
        shown = await conn.send(actions.command("core show settings"), timeout=5)
        if not any(
            line.split(":", 1)[0].strip() == "Configuration directory"
            and line.split(":", 1)[1].strip() == SHARED_CONFIG_DIR
            for line in shown.response.output
            if ":" in line
        ):
            return f"its configuration directory is not {SHARED_CONFIG_DIR}"
    except Exception as exc:
        return f"CoreSettings / core show settings failed there ({exc})"
    finally:
        with contextlib.suppress(Exception):
            await conn.logoff()
    return ""


def shared_asterisk_problem() -> str:
    """Why the tests marked ``asterisk`` cannot run here ("" when they can)."""
    banner = _banner()
    if not banner.startswith("Asterisk Call Manager/"):
        return f"no Asterisk on {HOST}:{PORT} ({banner.strip() or 'no banner'})"
    reason = asyncio.run(_identify())
    if reason:
        return f"the AMI peer on {HOST}:{PORT} is not ../shared/asterisk: {reason}"
    return ""


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    # The marker, not the keyword: "asterisk" is also the dialect id of every
    # simulator test parametrized over both dialects (test_x[asterisk]).
    ours = [item for item in items if item.get_closest_marker("asterisk") is not None]
    if not ours:
        return
    problem = shared_asterisk_problem()
    if not problem:
        return
    if os.environ.get("MYPBXDESK_ASTERISK") == "1":
        raise pytest.UsageError(f"MYPBXDESK_ASTERISK=1, but {problem}")
    skip = pytest.mark.skip(reason=f"{problem} (start it: ../shared/asterisk/start.sh)")
    for item in ours:
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
