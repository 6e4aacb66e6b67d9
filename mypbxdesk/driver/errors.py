"""The one place where what the OS and the PBX raise becomes what the driver says.

Layer 2 (``mypbxdesk.driver``): stdlib + ``mypbxdesk.ami``; no Qt.

Two boundaries, both here:

* :func:`map_connect_errors` wraps opening a stream: ``ConnectionRefusedError``,
  unreachable hosts, DNS failures, TLS handshake failures and timeouts become
  :class:`PbxUnreachable` (or :class:`~mypbxdesk.ami.errors.ConnectionLost` for a
  TLS failure); a host name that cannot even be encoded (``pbx..local``:
  ``UnicodeError`` from the IDNA codec) becomes a
  :class:`~mypbxdesk.ami.errors.ConfigurationError`.
* :func:`classify` sorts *any* exception out of a connection attempt or a session
  into what the reconnect loop does next. Nothing escapes it: an unexpected
  exception is a bug, logged with its traceback, and treated as a failed session
  — the loop goes on (before, an ``UnicodeError`` ended it silently and the tray
  said "connecting" for ever).

Every text that may carry the PBX's own words passes :func:`redact`: a PBX that
echoes the secret in ``Message:`` must not get it printed.
"""

from __future__ import annotations

import contextlib
import logging
import ssl
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from enum import Enum

from ..ami.errors import (
    ActionFailed,
    ActionTimeout,
    AmiError,
    AuthenticationFailed,
    ConfigurationError,
    ConnectionLost,
    InvalidAction,
    ProtocolError,
)
from ..ami.message import REDACTED
from ..base.text import Msg

log = logging.getLogger("mypbxdesk.driver")

__all__ = ["Failure", "Outcome", "PbxUnreachable", "classify", "map_connect_errors", "redact"]


class PbxUnreachable(ConnectionLost):
    """The PBX could not be reached (refused, no route, no greeting). Cheap to retry."""


class Outcome(Enum):
    """What the reconnect loop does after a failure."""

    AUTH = "auth"  # wrong username or secret: stop until new settings or a click
    SETTINGS = "settings"  # the settings cannot work: stop until new settings
    UNREACHABLE = "unreachable"  # retry soon: it costs the PBX nothing
    BROKEN = "broken"  # a session failed: back off


@dataclass(frozen=True, slots=True)
class Failure:
    """A classified failure: what to do, and the words for the user."""

    outcome: Outcome
    error: AmiError


def redact(text: str, secrets: Iterable[str]) -> str:
    """``text`` with every one of ``secrets`` (3+ characters) replaced by ``********``."""
    for secret in sorted((s for s in secrets if len(s) >= 3), key=len, reverse=True):
        if secret in text:
            text = text.replace(secret, REDACTED)
    return text


@contextlib.contextmanager
def map_connect_errors(host: str, port: int, timeout: float) -> Iterator[None]:
    """Turn what opening a stream to ``host:port`` raised into the AMI hierarchy."""
    where = f"{host}:{port}"
    try:
        yield
    except TimeoutError:
        raise PbxUnreachable(
            Msg.of(
                "no AMI greeting from {address} within {seconds} s",
                address=where,
                seconds=f"{timeout:g}",
            )
        ) from None
    except UnicodeError:
        raise ConfigurationError(
            Msg.of("{host} is not a valid host name; correct it in the settings", host=host)
        ) from None
    except ssl.SSLError as exc:
        raise ConnectionLost(
            Msg.of(
                "TLS handshake with {address} failed: {reason}",
                address=where,
                reason=str(exc.reason or exc),
            )
        ) from None
    except ConnectionRefusedError:
        raise PbxUnreachable(
            Msg.of(
                "{address} refused the connection (is AMI enabled on the PBX, and the port right?)",
                address=where,
            )
        ) from None
    except OSError as exc:
        raise PbxUnreachable(
            Msg.of(
                "cannot reach {address}: {reason}",
                address=where,
                reason=str(exc.strerror or exc),
            )
        ) from None


def classify(exc: BaseException, secrets: Iterable[str] = ()) -> Failure:
    """What the reconnect loop does after ``exc``, with words for the user.

    Never raises. ``asyncio.CancelledError`` is not an ``Exception`` and is not
    passed here.
    """
    if isinstance(exc, AuthenticationFailed):
        return Failure(Outcome.AUTH, exc)
    if isinstance(exc, ConfigurationError):
        return Failure(Outcome.SETTINGS, exc)
    if isinstance(exc, InvalidAction):
        # A configured value AMI cannot carry (checked again when sent).
        return Failure(
            Outcome.SETTINGS,
            ConfigurationError(
                Msg.of("the settings cannot be sent to the PBX: {reason}", reason=str(exc))
            ),
        )
    if isinstance(exc, PbxUnreachable):
        return Failure(Outcome.UNREACHABLE, exc)
    if isinstance(exc, ActionFailed):
        return Failure(Outcome.BROKEN, ActionFailed(redact(str(exc), secrets), exc.response))
    if isinstance(exc, ConnectionLost | ProtocolError | ActionTimeout | AmiError):
        return Failure(Outcome.BROKEN, exc)
    if isinstance(exc, UnicodeError):
        return Failure(
            Outcome.SETTINGS,
            ConfigurationError(Msg.of("the host name is not valid; correct it in the settings")),
        )
    if isinstance(exc, OSError):
        return Failure(
            Outcome.UNREACHABLE,
            PbxUnreachable(Msg.of("network error: {reason}", reason=str(exc.strerror or exc))),
        )
    log.error(
        "unexpected error in the AMI connection (a bug; reconnecting)",
        exc_info=(type(exc), exc, exc.__traceback__),
    )
    return Failure(
        Outcome.BROKEN,
        ConnectionLost(Msg.of("unexpected error: {reason}", reason=type(exc).__name__)),
    )
