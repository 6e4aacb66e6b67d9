"""One resolved view per call change: who it is, where that name came from, the
number formatted for reading, the trunk.

Application layer (no Qt, no asyncio). :class:`PhoneService` asks its
:class:`CallResolver` once per :class:`~mypbxdesk.calls.CallChange` and hands
the :class:`ResolvedChange` to every observer: the screen-pop, the call panel,
the transfer dialog, the CRM action and ``mypbxdesk monitor`` all read the same
:class:`CallView` instead of each looking the caller up again.

Who is calling, best source first (:meth:`CallResolver.name_for`):

============================================  ===================  ===============
what is known                                 ``name``             ``name_source``
============================================  ===================  ===============
an imported contact has the number            the contact's name   ``contacts``
else the PBX sent a caller-ID name            the PBX's name       ``pbx``
else an earlier call with the number had one  that name            ``history``
else (or a withheld number with no name)      ``""``               ``None``
============================================  ===================  ===============

The user's own contact wins over the PBX's caller-ID name: a trunk's CNAM is
often a town, a company switchboard or the number again. When it says
something else (not the same name, not just digits) it is kept beside the
contact's name as :attr:`CallView.pbx_name`. The PBX's stand-in
``"Unknown caller"`` (:data:`~mypbxdesk.calls.UNKNOWN_NAME`) is not a name.

How the call came in (:attr:`CallView.via`: a queue, a ring group, a DID) is
the call's own. The colleague who transferred it (:attr:`CallView.transferred_by`)
is named like a colleague in the console: an imported contact first, then the
caller-ID name the transfer event told, then the name the PBX's directory has
for the extension (:attr:`CallResolver.extension_names`, the console's), then
the history.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from ..base.numberformat import format_number
from ..calls import UNKNOWN_NAME, Call, CallChange, CallEvent, History, Route, Transferer
from ..contacts.book import ContactBook

log = logging.getLogger("mypbxdesk.service")


class NameSource(StrEnum):
    """Where a shown name came from."""

    CONTACTS = "contacts"  # the user's imported contacts
    PBX = "pbx"  # the caller-ID name the PBX sent
    HISTORY = "history"  # a name an earlier call with this number had


@dataclass(frozen=True, slots=True)
class CallerName:
    """A name for a number, and where it came from.

    Attributes:
        name: the name to show; ``""`` when nothing is known.
        source: where ``name`` came from; None when it is ``""``.
        pbx_name: the PBX's caller-ID name when a contact name is shown instead
            and says something else; ``""`` otherwise.
    """

    name: str = ""
    source: NameSource | None = None
    pbx_name: str = ""


@dataclass(frozen=True, slots=True)
class CallView:
    """A call as every window (and ``monitor``) shows it, resolved once per change.

    Direction, state, outcome, channels and times are the call's own
    (:attr:`call`); this adds what needs look-ups or formatting.

    Attributes:
        call: the call right after the change.
        name: the other party's name, best source first; ``""`` when unknown
            (widgets then say "Unknown caller" in the user's language).
        name_source: where :attr:`name` came from; None when it is ``""``.
        pbx_name: the PBX's caller-ID name when a contact's name is shown
            instead and it says something else; ``""`` otherwise.
        formatted_number: the other party's number for reading
            (``138 0601 2345``); ``""`` when withheld. ``call.number`` is the raw
            one, for copying and dialling.
        trunk: the trunk the call goes through, None for an internal call.
        via: how an incoming call came in (a queue, a ring group, a DID:
            ``call.via``); None for a direct call and for outgoing calls.
        transferred_by: the colleague who transferred the call to the user,
            with ``name`` resolved (contacts, the transfer's caller-ID name,
            the PBX's directory, the history; ``""`` when unknown); None when
            nobody did. For an attended transfer it appears on the ``answered``
            change that names the new party.
    """

    call: Call
    name: str
    name_source: NameSource | None
    pbx_name: str
    formatted_number: str
    trunk: str | None
    via: Route | None = None
    transferred_by: Transferer | None = None

    @property
    def call_id(self) -> str:
        return self.call.call_id

    @property
    def monitor_name(self) -> str:
        """``name`` as ``mypbxdesk monitor`` prints it: ``""`` when unknown,
        ``"Unknown caller"`` when the number is unknown too."""
        if self.name:
            return self.name
        return "" if self.call.number else UNKNOWN_NAME


@dataclass(frozen=True, slots=True)
class ResolvedChange:
    """A :class:`~mypbxdesk.calls.CallChange` with its :class:`CallView`: what
    :class:`~mypbxdesk.service.phone.PhoneService` observers receive.

    ``event``, ``call`` and ``at`` are the change's own, for brevity.
    """

    change: CallChange
    view: CallView

    @property
    def event(self) -> CallEvent:
        return self.change.event

    @property
    def call(self) -> Call:
        return self.change.call

    @property
    def at(self) -> float:
        return self.change.at

    def to_json(self, now_iso: str | None = None) -> dict[str, Any]:
        """The ``mypbxdesk monitor`` line: :meth:`CallChange.to_json` with ``name``
        resolved and ``name_source`` right after it (``null`` when there is no name)."""
        out: dict[str, Any] = {}
        for key, value in self.change.to_json(now_iso).items():
            if key == "name":
                source = self.view.name_source
                out["name"] = self.view.monitor_name
                out["name_source"] = None if source is None else source.value
            else:
                out[key] = value
        return out


def _is_just_digits(text: str) -> bool:
    """A caller-ID "name" that is only the number again (common on trunks)."""
    return re.fullmatch(r"[\d\s+\-().*#]+", text) is not None


class CallResolver:
    """Names the other party of a call from the contacts, the PBX and the history.

    Attributes:
        contacts: the user's imported contacts (may be replaced).
        history: the call history, or None.
        extension_names: the name the PBX's directory has for an extension
            (``"305"`` → ``"Maria Garcia"``, ``""`` when unknown), for naming a
            colleague who transferred a call; None when there is no directory
            (the GUI's bridge sets it to the console's presence book).
    """

    def __init__(self, contacts: ContactBook, history: History | None = None) -> None:
        self.contacts = contacts
        self.history = history
        self.extension_names: Callable[[str], str] | None = None

    def contact_name(self, number: str) -> str | None:
        """The imported contact's name for ``number`` (any number format), if any."""
        if not number or not len(self.contacts):  # an empty book: skip the parsing
            return None
        try:
            return self.contacts.lookup(number) or None
        except Exception:  # a broken book must not cost the screen-pop
            log.exception("contact look-up failed")
            return None

    def history_name(self, number: str) -> str | None:
        """The name an earlier call with ``number`` had, if any."""
        if not number or self.history is None:
            return None
        try:
            return self.history.known_name(number)
        except Exception:  # a locked or damaged file must not cost the screen-pop
            log.exception("history look-up failed")
            return None

    def name_for(self, number: str, pbx_name: str = "") -> CallerName:
        """Who has ``number``, best source first (the table in the module doc).

        Args:
            number: the other party's number (``""`` when withheld).
            pbx_name: the caller-ID name the PBX sent (``""`` when none).
        """
        pbx = "" if pbx_name == UNKNOWN_NAME else pbx_name
        contact = self.contact_name(number)
        if contact:
            differs = pbx and pbx.casefold() != contact.casefold() and not _is_just_digits(pbx)
            return CallerName(contact, NameSource.CONTACTS, pbx if differs else "")
        if pbx:
            return CallerName(pbx, NameSource.PBX)
        known = self.history_name(number)
        if known:
            return CallerName(known, NameSource.HISTORY)
        return CallerName()

    def directory_name(self, extension: str) -> str:
        """The PBX directory's name for ``extension`` (:attr:`extension_names`), or ""."""
        lookup = self.extension_names
        if lookup is None or not extension:
            return ""
        try:
            return lookup(extension)
        except Exception:  # a console model in trouble must not cost the screen-pop
            log.exception("extension name look-up failed")
            return ""

    def transferer(self, by: Transferer | None) -> Transferer | None:
        """``by`` with its name resolved: a contact, else the caller-ID name the
        transfer told, else the PBX directory's, else the history's ("" if none)."""
        if by is None:
            return None
        told = "" if by.name in (UNKNOWN_NAME, by.number) else by.name
        name = self.name_for(by.number, told or self.directory_name(by.number)).name
        return by if name == by.name else Transferer(by.number, name)

    def view(self, call: Call) -> CallView:
        """The :class:`CallView` of ``call`` as it stands."""
        who = self.name_for(call.number, call.name)
        return CallView(
            call=call,
            name=who.name,
            name_source=who.source,
            pbx_name=who.pbx_name,
            formatted_number=format_number(call.number, self.contacts.region),
            trunk=call.trunk,
            via=call.via,
            transferred_by=self.transferer(call.transferred_by),
        )

    def resolve(self, change: CallChange) -> ResolvedChange:
        """``change`` with its view (once per change; observers share it)."""
        return ResolvedChange(change, self.view(change.call))
