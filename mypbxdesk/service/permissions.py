"""What this AMI user may do: one entry per console feature, with the reason when not.

Application layer (asyncio-free, no Qt). An AMI user's rights are not listed
anywhere a client can read: Asterisk answers ``Permission denied`` to an action
of a class the user lacks (``manager.conf`` ``write=``), and leaves out events of
classes it may not ``read``. So a feature is *allowed* until the PBX refuses it
once; from then on it is disabled with the reason in plain words (the UI shows
it, never hides the feature silently), until the next login, when it gets
another chance: the administrator may have granted the right meanwhile.

Which ``write`` class each action needs (Asterisk's ``manager.c`` and
``res_parking``/``app_queue``): Originate → ``originate`` (+ ``system`` for
applications such as PickupChan on 12+), Redirect/Atxfer/BlindTransfer/Park →
``call``, QueuePause/Add/Remove → ``agent``, ExtensionState/MailboxCount →
``call,reporting`` (read), QueueStatus → ``agent,reporting`` (read).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from enum import Enum

from ..base.text import Msg, template

__all__ = ["DENIED", "Feature", "Permissions", "is_denial"]

log = logging.getLogger("mypbxdesk.service.permissions")


class Feature(Enum):
    DIAL = "dial"
    TRANSFER = "transfer"
    ATTENDED = "attended"
    PARK = "park"
    PICKUP = "pickup"
    PRESENCE = "presence"
    QUEUES = "queues"
    VOICEMAIL = "voicemail"


#: The words for a refused feature (templates for :class:`~mypbxdesk.base.text.Msg`).
DENIED: dict[Feature, str] = {
    Feature.DIAL: template(
        "this AMI user may not place calls (it needs the 'originate' write permission)"
    ),
    Feature.TRANSFER: template(
        "this AMI user may not transfer calls (it needs the 'call' write permission)"
    ),
    Feature.ATTENDED: template(
        "this AMI user may not transfer calls (it needs the 'call' write permission)"
    ),
    Feature.PARK: template(
        "this AMI user may not park calls (it needs the 'call' write permission)"
    ),
    Feature.PICKUP: template(
        "this AMI user may not pick up calls (it needs the 'originate' write permission)"
    ),
    Feature.PRESENCE: template(
        "this AMI user may not see the colleagues' lines "
        "(it needs the 'call' and 'reporting' read permissions)"
    ),
    Feature.QUEUES: template(
        "this AMI user may not see or change the queues (it needs the 'agent' permission)"
    ),
    Feature.VOICEMAIL: template(
        "this AMI user may not read the voicemail counts "
        "(it needs the 'call' and 'reporting' read permissions)"
    ),
}


def is_denial(text: str) -> bool:
    """Whether the PBX's answer means "this user lacks the right" (1.8 and 22)."""
    return "permission denied" in text.lower()


class Permissions:
    """Feature → allowed, or the reason it is not."""

    def __init__(self) -> None:
        self._denied: dict[Feature, str] = {}
        self._callbacks: list[Callable[[Feature, str], None]] = []

    def on_change(self, callback: Callable[[Feature, str], None]) -> None:
        """``callback(feature, reason)``; ``reason`` is "" when it is allowed again."""
        self._callbacks.append(callback)

    def allowed(self, feature: Feature) -> bool:
        return feature not in self._denied

    def reason(self, feature: Feature) -> str:
        """Why ``feature`` is off ("" when it is allowed)."""
        return self._denied.get(feature, "")

    def deny(self, feature: Feature) -> str:
        """The PBX refused ``feature``: remember it; returns the words for it."""
        reason = self._denied.get(feature)
        if reason is None:
            reason = self._denied[feature] = Msg.of(DENIED[feature])
            self._notify(feature, reason)
        return reason

    def reset(self) -> None:
        """A new login: every feature gets another chance."""
        denied, self._denied = self._denied, {}
        for feature in denied:
            self._notify(feature, "")

    def _notify(self, feature: Feature, reason: str) -> None:
        for callback in tuple(self._callbacks):
            try:
                callback(feature, reason)
            except Exception:
                log.exception("error in a permission observer")
