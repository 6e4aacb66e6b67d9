"""AMI over TLS (port 5039 on Asterisk): a TLS front to the simulated PBX on loopback."""

from __future__ import annotations

import asyncio
import datetime
import ssl
import threading
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import pytest_asyncio

from mypbxdesk.ami import ConnectionLost, actions
from mypbxdesk.driver.client import AmiOptions, connect
from mypbxdesk.sim import SimulatedPbx

pytestmark = pytest.mark.asyncio


def _self_signed(tmp: Path) -> tuple[Path, Path]:
    x509 = pytest.importorskip("cryptography.x509")
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=1))
        .not_valid_after(now + datetime.timedelta(days=1))
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = tmp / "cert.pem", tmp / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_path, key_path


@pytest_asyncio.fixture
async def tls_front(mypbx: SimulatedPbx, tmp_path: Path) -> AsyncIterator[int]:
    """A TLS server that relays each connection to the plain-TCP simulator."""
    cert, key = _self_signed(tmp_path)
    ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ctx.load_cert_chain(cert, key)
    pipes: set[asyncio.Task[None]] = set()

    async def pipe(r: asyncio.StreamReader, w: asyncio.StreamWriter) -> None:
        try:
            while data := await r.read(65536):
                w.write(data)
                await w.drain()
        except (ConnectionError, ssl.SSLError):
            pass
        finally:
            w.close()

    async def handle(r: asyncio.StreamReader, w: asyncio.StreamWriter) -> None:
        ur, uw = await asyncio.open_connection("127.0.0.1", mypbx.port)
        for t in (asyncio.create_task(pipe(r, uw)), asyncio.create_task(pipe(ur, w))):
            pipes.add(t)
            t.add_done_callback(pipes.discard)

    server = await asyncio.start_server(handle, "127.0.0.1", 0, ssl=ctx)
    yield int(server.sockets[0].getsockname()[1])
    server.close()
    for t in list(pipes):
        t.cancel()
    await asyncio.gather(*pipes, return_exceptions=True)
    await server.wait_closed()


async def test_login_and_actions_over_tls(mypbx: SimulatedPbx, tls_front: int) -> None:
    conn = await connect(
        AmiOptions("127.0.0.1", tls_front, "admin", "password", tls=True, tls_verify=False)
    )
    try:
        assert conn.info.auth == "md5"
        assert (await conn.send(actions.ping())).ok
    finally:
        await conn.logoff()
    assert [m.name for m in mypbx.actions_received][:2] == ["Challenge", "Login"]


async def test_untrusted_certificate_is_refused_with_a_clear_reason(tls_front: int) -> None:
    with pytest.raises(ConnectionLost, match=r"TLS handshake .* failed"):
        await connect(AmiOptions("127.0.0.1", tls_front, "admin", "password", tls=True))


async def test_tls_client_against_a_plain_port_fails_clearly(mypbx: SimulatedPbx) -> None:
    with pytest.raises(ConnectionLost):
        await connect(
            AmiOptions(
                "127.0.0.1",
                mypbx.port,
                "admin",
                "password",
                tls=True,
                tls_verify=False,
                connect_timeout=3,
            )
        )


async def test_the_tls_context_is_built_off_the_event_loop(
    mypbx: SimulatedPbx, tls_front: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Loading the CA bundle is file I/O: while it runs, the loop (the GUI) runs on."""
    build = AmiOptions.ssl_context
    loop_ran = threading.Event()
    seen: list[bool] = []

    def slow_build(self: AmiOptions) -> ssl.SSLContext | None:
        # On the loop thread this wait could never end: nothing else would run.
        seen.append(loop_ran.wait(5.0))
        return build(self)

    monkeypatch.setattr(AmiOptions, "ssl_context", slow_build)

    async def meanwhile() -> None:
        await asyncio.sleep(0.01)
        loop_ran.set()

    beat = asyncio.create_task(meanwhile())
    conn = await connect(
        AmiOptions("127.0.0.1", tls_front, "admin", "password", tls=True, tls_verify=False)
    )
    try:
        assert seen == [True]
        assert (await conn.send(actions.ping())).ok
    finally:
        await conn.logoff()
        await beat
