"""End to end: ``mypbxdesk presence | park | pickup | transfer`` handed to the running app.

The real desktop app (offscreen, its own process) holds the AMI session; a
later ``mypbxdesk park`` asks it over the local socket, prints what the app
answered and exits with the same codes as when it acts alone. With no app
running the same command logs in itself.
"""

from __future__ import annotations

import asyncio
import json
import signal
import sys
from collections.abc import AsyncIterator, Callable
from pathlib import Path

import pytest
import pytest_asyncio

from mypbxdesk.sim import SimulatedPbx

from .test_cli import _env, pytestmark, run, sim  # noqa: F401 - the sim fixture

__all__ = ["pytestmark"]


async def wait_for(predicate: Callable[[], object], timeout: float = 20.0) -> None:
    async with asyncio.timeout(timeout):
        while not predicate():
            await asyncio.sleep(0.05)


async def _launch(tmp_path: Path, *args: str) -> asyncio.subprocess.Process:
    return await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "mypbxdesk",
        *args,
        env=dict(_env(tmp_path, "password"), QT_QPA_PLATFORM="offscreen"),
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )


async def _finish(proc: asyncio.subprocess.Process) -> tuple[int, str, str]:
    out, err = await asyncio.wait_for(proc.communicate(), 40)
    assert proc.returncode is not None
    return proc.returncode, out.decode(), err.decode()


@pytest_asyncio.fixture
async def app(sim: SimulatedPbx, tmp_path: Path) -> AsyncIterator[asyncio.subprocess.Process]:
    """The desktop app for extension 474, logged in and with the colleagues loaded."""
    config = tmp_path / "app.toml"
    config.write_text(f'[pbx]\nhost = "127.0.0.1"\nport = {sim.port}\n[phone]\nextension = "474"\n')
    proc = await _launch(tmp_path, "--config", str(config))
    try:
        # Logged in, and the console's resync asked for the colleagues' hints.
        await wait_for(
            lambda: any(m.name.lower() == "extensionstate" for m in sim.actions_received), 40
        )
        await asyncio.sleep(0.5)
        yield proc
    finally:
        if proc.returncode is None:
            proc.terminate()
        await asyncio.wait_for(proc.communicate(), 30)


@pytest.mark.slow
async def test_presence_streams_the_apps_colleagues_then_their_changes(
    sim: SimulatedPbx, app: asyncio.subprocess.Process, tmp_path: Path
) -> None:
    logins_before = sum(1 for m in sim.actions_received if m.name.lower() == "login")
    watcher = await _launch(tmp_path, "presence")
    assert watcher.stdout is not None
    states: dict[str, str] = {}
    try:
        async with asyncio.timeout(30):
            while "305" not in states:
                item = json.loads(await watcher.stdout.readline())
                states[item["extension"]] = item["state"]
            assert states["305"] == "idle"
            await sim.incoming_call(to="305", outcome="missed", ring_time=1)
            while states.get("305") != "ringing":
                item = json.loads(await watcher.stdout.readline())
                states[item["extension"]] = item["state"]
            while states.get("305") != "idle":
                item = json.loads(await watcher.stdout.readline())
                states[item["extension"]] = item["state"]
    finally:
        watcher.send_signal(signal.SIGINT)
        rc, _, err = await _finish(watcher)
    assert rc == 0, err
    assert "474" not in states  # her own line is not a colleague's
    # The app answered: the command did not log in to the PBX itself.
    assert sum(1 for m in sim.actions_received if m.name.lower() == "login") == logins_before


@pytest.mark.slow
async def test_park_pickup_and_transfer_are_done_by_the_running_app(
    sim: SimulatedPbx, app: asyncio.subprocess.Process, tmp_path: Path
) -> None:
    logins_before = sum(1 for m in sim.actions_received if m.name.lower() == "login")

    rc, _, err = await _finish(await _launch(tmp_path, "park"))
    assert rc == 1
    assert "no call" in err.lower()

    rc, _, err = await _finish(await _launch(tmp_path, "pickup", "305"))
    assert rc == 1, err
    assert "ringing" in err.lower()

    rc, _, err = await _finish(await _launch(tmp_path, "transfer", "30\r\nAction: Hangup"))
    assert rc == 2, err

    await sim.incoming_call(to="474", ring_time=0.2, talk_time=60)
    await wait_for(lambda: len(sim.channels) == 2)
    await asyncio.sleep(1.0)  # answered after 0.2 s; the app has seen the bridge
    rc, out, err = await _finish(await _launch(tmp_path, "park"))
    assert rc == 0, err
    slot = out.strip()
    assert slot in sim.parked_calls(), (out, err)

    assert sum(1 for m in sim.actions_received if m.name.lower() == "login") == logins_before
    assert app.returncode is None


async def test_with_no_app_running_the_command_acts_itself(
    sim: SimulatedPbx, tmp_path: Path
) -> None:
    config = tmp_path / "config"
    config.mkdir()
    (config / "config.toml").write_text(
        f'[pbx]\nhost = "127.0.0.1"\nport = {sim.port}\n[phone]\nextension = "474"\n'
    )
    rc, out, err = await run(tmp_path, "park")
    assert rc == 1
    assert "no call" in err.lower()
    assert "Handed" not in out
    assert any(m.name.lower() == "login" for m in sim.actions_received)


async def test_pickup_rings_her_own_phone_not_the_colleagues(
    sim: SimulatedPbx, tmp_path: Path
) -> None:
    # The colleague's EXTENSION and her own --extension are different options:
    # the first one once overwrote the second, and the PBX rang 305 for 305's call.
    await sim.incoming_call(to="305", outcome="missed", ring_time=20)
    args = ["--host", "127.0.0.1", "--port", str(sim.port), "--extension", "474"]
    rc, _, err = await run(tmp_path, "pickup", "305", *args)
    assert rc == 0, err
    (originate,) = [m for m in sim.actions_received if m.name.lower() == "originate"]
    assert originate["Channel"].endswith("/474")
    assert "305" in (originate.get("Data") or "")
