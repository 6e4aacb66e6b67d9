"""The client and `mypbxdesk dial` against a real Asterisk 22 with sipp phones."""

from __future__ import annotations

import asyncio
import os
import sys

import pytest

from mypbxdesk.ami import ActionFailed, AuthenticationFailed, Message, actions
from mypbxdesk.base.numbers import clean_number
from mypbxdesk.driver.client import AmiOptions, connect
from mypbxdesk.service.clicktodial import dial
from mypbxdesk.settings.config import Settings

from .conftest import ADMIN, HOST, PORT

pytestmark = [pytest.mark.asterisk, pytest.mark.asyncio]

SETTINGS = Settings(host=HOST, port=PORT, extension="503", phone_type="pjsip")


async def test_click_to_dial_rings_503_then_dials_out_through_the_trunk(clean_pbx: None) -> None:
    seen: list[Message] = []
    watcher = await connect(ADMIN, subscribers=[seen.append])
    caller = await connect(ADMIN)
    try:
        ringing: list[str] = []
        result = await dial(
            caller.send, SETTINGS, clean_number("138 0601 2345"), on_phone_ringing=ringing.append
        )
        assert result.ok, result.message
        assert ringing == ["Calling your phone 503 — pick up to connect to 13806012345"]
        for _ in range(50):
            if any(
                m.is_event("DialBegin") and m.get("DestChannel", "").startswith("PJSIP/trunk-")
                for m in seen
            ):
                break
            await asyncio.sleep(0.1)
        begin = next(
            m
            for m in seen
            if m.is_event("DialBegin") and m.get("DestChannel", "").startswith("PJSIP/trunk-")
        )
        assert begin["Channel"].startswith("PJSIP/503-")
        assert begin["DialString"] == "13806012345@trunk"
        assert any(m.is_event("Newchannel") and m["Channel"].startswith("PJSIP/503-") for m in seen)
    finally:
        await caller.logoff()
        await watcher.logoff()


async def test_md5_login_wrong_secret_and_permission_denied() -> None:
    conn = await connect(ADMIN)
    assert conn.info.auth == "md5"
    assert conn.info.version == "11.0.0"
    out = await conn.send(actions.command("core show version"))
    assert out.response.output[0].startswith("Asterisk 22.")
    await conn.logoff()
    with pytest.raises(AuthenticationFailed):
        await connect(AmiOptions(HOST, PORT, "admin", "not-the-password"))
    limited = await connect(AmiOptions(HOST, PORT, "limited", "limited"))
    try:
        with pytest.raises(ActionFailed, match="Permission denied"):
            await limited.send(actions.originate("PJSIP/503", "DLPN_DialPlan503", "306"))
    finally:
        await limited.logoff()


async def test_unknown_extension_is_refused_up_front(clean_pbx: None) -> None:
    conn = await connect(ADMIN)
    try:
        # matches neither _XXX nor _XXXX.
        result = await dial(conn.send, SETTINGS, clean_number("12"))
    finally:
        await conn.logoff()
    assert not result.ok
    assert "does not exist" in result.message


async def _run_cli(*args: str, secret: str) -> tuple[int, str, str]:
    env = dict(os.environ, MYPBXDESK_SECRET=secret)
    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "mypbxdesk",
        *args,
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, err = await asyncio.wait_for(proc.communicate(), 90)
    assert proc.returncode is not None
    return proc.returncode, out.decode(), err.decode()


async def test_dial_command_end_to_end(clean_pbx: None) -> None:
    base = [
        "dial",
        "--host",
        HOST,
        "--port",
        str(PORT),
        "--extension",
        "503",
        "--channel",
        "PJSIP/503",
    ]
    rc, out, err = await _run_cli(*base, "13806012345", secret="password")
    assert rc == 0, err
    assert "now calling 13806012345" in out
    rc, out, err = await _run_cli(*base, "--username", "limited", "123", secret="limited")
    assert rc == 1
    assert "may not place calls" in err
    rc, out, err = await _run_cli(*base, "123", secret="wrong")
    assert rc == 3
    assert "wrong username or secret" in err
    assert "wrong" not in err.replace("wrong username", "")  # the secret is not echoed
