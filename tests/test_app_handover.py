"""End to end: the real desktop app (offscreen) and later launches handing it numbers.

The first ``mypbxdesk --config … tel:306`` starts the app, which dials 306 once
logged in; ``mypbxdesk tel:+1…`` and ``mypbxdesk dial …`` then hand their
numbers to it over the local socket and exit 0 at once, and the app dials.
"""

from __future__ import annotations

import asyncio
import os
import sys
from pathlib import Path

import pytest

from mypbxdesk.sim import SimulatedPbx
from mypbxdesk.ui.handoff import foreign_owner, server_name

from .hostile import HostileServer
from .test_cli import pytestmark, sim  # noqa: F401 - the sim fixture

__all__ = ["pytestmark"]


def originated(pbx: SimulatedPbx) -> list[str]:
    return [m["Exten"] for m in pbx.actions_received if m.name.lower() == "originate"]


async def wait_for(predicate: object, timeout: float = 20.0) -> None:
    async with asyncio.timeout(timeout):
        while not predicate():  # type: ignore[operator]
            await asyncio.sleep(0.05)


@pytest.mark.slow
async def test_app_dials_its_start_uri_then_handed_over_numbers(
    sim: SimulatedPbx, tmp_path: Path
) -> None:
    config = tmp_path / "app.toml"
    config.write_text(f'[pbx]\nhost = "127.0.0.1"\nport = {sim.port}\n[phone]\nextension = "474"\n')
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", MYPBXDESK_SECRET="password")

    async def launch(*args: str) -> asyncio.subprocess.Process:
        return await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "mypbxdesk",
            *args,
            env=env,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
        )

    app = await launch("--config", str(config), "tel:306")
    try:
        await wait_for(lambda: originated(sim) == ["306"])
        second = await launch("tel:+1-555-010-9999")
        out, err = await asyncio.wait_for(second.communicate(), 30)
        assert second.returncode == 0, err
        assert b"Handed the number to the running mypbxdesk app" in out
        await wait_for(lambda: "+15550109999" in originated(sim))
        third = await launch("dial", "callto://305")
        out, err = await asyncio.wait_for(third.communicate(), 30)
        assert third.returncode == 0, err
        await wait_for(lambda: "305" in originated(sim))
        plain = await launch()  # a second app start just shows the running one
        await asyncio.wait_for(plain.communicate(), 30)
        assert plain.returncode == 0
        assert app.returncode is None  # the first app still runs
        assert originated(sim) == ["306", "+15550109999", "305"]
    finally:
        app.terminate()
        await asyncio.wait_for(app.communicate(), 30)


@pytest.mark.slow
@pytest.mark.skipif(sys.platform == "win32", reason="Unix sockets and uids")
async def test_start_up_hand_over_to_another_users_socket_starts_the_app_instead(
    sim: SimulatedPbx, tmp_path: Path
) -> None:
    """Issue 12: another user's socket (a real second uid) waits in the app's
    place and answers every hand-over {"ok": true}. ``mypbxdesk tel:306`` does
    not give it the number: it starts the app, which removes that socket, takes
    the place and dials; the next launch hands over to this app."""
    hostile = HostileServer(server_name())
    config = tmp_path / "app.toml"
    config.write_text(f'[pbx]\nhost = "127.0.0.1"\nport = {sim.port}\n[phone]\nextension = "474"\n')
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", MYPBXDESK_SECRET="password")

    async def launch(*args: str) -> asyncio.subprocess.Process:
        return await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "mypbxdesk",
            *args,
            env=env,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
        )

    app = await launch("--config", str(config), "tel:306")
    try:
        await wait_for(lambda: originated(sim) == ["306"])
        assert app.returncode is None  # the app runs: it did not "hand over" and exit
        assert foreign_owner(hostile.path) is None  # its own socket now
        second = await launch("dial", "305")
        out, err = await asyncio.wait_for(second.communicate(), 30)
        assert second.returncode == 0, err
        assert b"Handed the number to the running mypbxdesk app" in out
        await wait_for(lambda: originated(sim) == ["306", "305"])
    finally:
        app.terminate()
        _, app_err = await asyncio.wait_for(app.communicate(), 30)
        hostile.stop()
    assert hostile.received() == []
    assert b"of another user" in app_err  # it said what it removed
