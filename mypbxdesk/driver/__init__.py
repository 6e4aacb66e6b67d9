"""Layer 2: the asyncio driver of the sans-IO AMI protocol.

``connection`` runs one session (reader and dispatcher tasks over a stream),
``client`` keeps sessions coming (login, keepalive, reconnect, sleep/resume),
``backoff`` decides when to try again, ``errors`` is the one place that maps
exceptions, and ``transport``/``clock`` are the injected network and time
(httpcore's shape), so that every timing rule is tested on a fake clock.
Imports ``mypbxdesk.ami`` and ``mypbxdesk.base``; never Qt.
"""

from .backoff import Backoff
from .client import AmiClient, AmiOptions, ConnectionState, ConnectionStatus, connect
from .clock import Clock, SystemClock
from .connection import AmiConnection, describe_failure, raise_for_result
from .errors import PbxUnreachable
from .transport import Stream, TcpTransport, Transport

__all__ = [
    "AmiClient",
    "AmiConnection",
    "AmiOptions",
    "Backoff",
    "Clock",
    "ConnectionState",
    "ConnectionStatus",
    "PbxUnreachable",
    "Stream",
    "SystemClock",
    "TcpTransport",
    "Transport",
    "connect",
    "describe_failure",
    "raise_for_result",
]
