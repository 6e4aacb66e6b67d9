"""Errors of the AMI layer (protocol and client).

Layer 1 (``mypbxdesk.ami``, sans-IO): stdlib only. These are plain exceptions,
so the sans-IO protocol, the asyncio driver and everything above share one
hierarchy. No message here ever contains a secret: the texts name headers and
causes, never header values that could be a ``Secret`` or a ``Key``.
"""

from __future__ import annotations


class AmiError(Exception):
    """Base class of every error raised by :mod:`mypbxdesk.ami`."""


class ProtocolError(AmiError):
    """The PBX sent something that cannot be an AMI stream.

    Raised for an oversized message or line, or a banner from a service that
    is not AMI. The connection is unusable afterwards and must be closed.
    """


class InvalidAction(AmiError, ValueError):  # noqa: N818 - reads better at call sites
    """We were asked to send something AMI cannot carry safely.

    Raised *before* a single byte is produced, e.g. a CR, LF or NUL in a header
    (AMI header injection) or a line Asterisk would reject as too long.
    """


class ConnectionLost(AmiError):  # noqa: N818 - the name the issue and the UI use
    """The link to the PBX dropped. A pending action failed and was *not* re-sent."""


class AuthenticationFailed(AmiError):  # noqa: N818
    """The PBX refused the AMI username or secret (``Authentication failed``)."""


class ConfigurationError(AmiError):
    """The settings cannot work, whatever the PBX does: a line break in the secret,
    a host name that is not a valid name, a PBX that offers no MD5 login while
    plain-text login is not allowed. Retrying would not help; new settings do."""


class ActionTimeout(AmiError):  # noqa: N818
    """The PBX did not answer an action in time."""


class ActionFailed(AmiError):  # noqa: N818
    """The PBX answered ``Response: Error`` (or a failed ``OriginateResponse``).

    Attributes:
        message: the PBX's own words, e.g. ``Permission denied``.
        response: the full answer, for callers that want more than the text.
    """

    def __init__(self, message: str, response: object | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.response = response


class NotConnected(AmiError):  # noqa: N818
    """An action was attempted while there is no logged-in connection."""
