"""The resolved view: who a call is with, decided once per change for every reader."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from mypbxdesk.calls import UNKNOWN_NAME, Call, CallChange, CallEvent, CallState, Direction, History
from mypbxdesk.contacts.book import Contact, ContactBook
from mypbxdesk.service.view import CallResolver, CallView, NameSource, ResolvedChange

from ..driver.fakes import FakeClock, settle
from .test_timers import MY_PHONE_HANGS_UP, RING, make_service

ALICE = "13806012345"  # in the contacts as +86 138 0601 2345
CAROL = "13900001111"  # not a contact; an earlier call from it was named
NOBODY = "13700002222"  # neither


def call(number: str, name: str, call_id: str = "c-1", **kw: object) -> Call:
    fields: dict[str, object] = dict(
        call_id=call_id,
        direction=Direction.INCOMING,
        number=number,
        name=name,
        extension="474",
        state=CallState.RINGING,
        my_channel="SIP/474-00000002",
        peer_channel="SIP/trunk-00000001",
        trunk="trunk-sps-test1",
        started_at=time.time(),
    )
    fields.update(kw)
    return Call(**fields)  # type: ignore[arg-type]


@pytest.fixture
def resolver(tmp_path: Path) -> CallResolver:
    history = History.open(tmp_path / "history.sqlite3")
    history.record(CallChange(CallEvent.RINGING, call(CAROL, "Carol Chen", "old-carol"), 1.0))
    history.record(CallChange(CallEvent.RINGING, call(ALICE, "Old Name", "old-alice"), 1.0))
    book = ContactBook(None, "CN", [Contact("Alice Wong", ("+86 138 0601 2345",))])
    return CallResolver(book, history)


@pytest.mark.parametrize(
    ("number", "pbx_name", "name", "source", "beside"),
    [
        # the user's contact wins; the PBX's caller ID stays beside it when it says more
        (ALICE, "", "Alice Wong", NameSource.CONTACTS, ""),
        (ALICE, "SHENZHEN MOBILE", "Alice Wong", NameSource.CONTACTS, "SHENZHEN MOBILE"),
        (ALICE, "ALICE WONG", "Alice Wong", NameSource.CONTACTS, ""),  # the same name
        (ALICE, "138 0601 2345", "Alice Wong", NameSource.CONTACTS, ""),  # the number again
        (ALICE, UNKNOWN_NAME, "Alice Wong", NameSource.CONTACTS, ""),  # not a name
        ("+86 138-0601-2345", "", "Alice Wong", NameSource.CONTACTS, ""),  # any number form
        # no contact: the PBX's name, else the history's, else nothing
        (CAROL, "Carol C. (trunk)", "Carol C. (trunk)", NameSource.PBX, ""),
        (CAROL, "", "Carol Chen", NameSource.HISTORY, ""),
        (CAROL, UNKNOWN_NAME, "Carol Chen", NameSource.HISTORY, ""),
        (NOBODY, "", "", None, ""),
        (NOBODY, UNKNOWN_NAME, "", None, ""),
        # a withheld number: only what the PBX said
        ("", UNKNOWN_NAME, "", None, ""),
        ("", "", "", None, ""),
        ("", "Anonymous", "Anonymous", NameSource.PBX, ""),
    ],
)
def test_precedence(
    resolver: CallResolver,
    number: str,
    pbx_name: str,
    name: str,
    source: NameSource | None,
    beside: str,
) -> None:
    view = resolver.view(call(number, pbx_name))
    assert (view.name, view.name_source, view.pbx_name) == (name, source, beside)
    who = resolver.name_for(number, pbx_name)
    assert (who.name, who.source, who.pbx_name) == (name, source, beside)


def test_view_carries_the_formatted_number_the_trunk_and_the_call(
    resolver: CallResolver,
) -> None:
    c = call(ALICE, "", trunk="trunk-x")
    view = resolver.view(c)
    assert view.call is c and view.call_id == "c-1"
    assert view.formatted_number == "138 0601 2345"
    assert view.trunk == "trunk-x"
    withheld = resolver.view(call("", UNKNOWN_NAME, trunk=None))
    assert withheld.formatted_number == "" and withheld.trunk is None
    assert withheld.monitor_name == UNKNOWN_NAME  # as `monitor` always said
    assert resolver.view(call(NOBODY, "")).monitor_name == ""


class _Spy(ContactBook):
    def __init__(self, contacts: list[Contact]) -> None:
        super().__init__(None, "CN", contacts)
        self.looked_up: list[str] = []

    def lookup(self, number: str) -> str | None:
        self.looked_up.append(number)
        return super().lookup(number)


def test_a_withheld_number_and_an_empty_book_are_not_looked_up(resolver: CallResolver) -> None:
    spy = _Spy([Contact("Alice Wong", (ALICE,))])
    resolver.contacts = spy
    resolver.view(call("", ""))
    assert spy.looked_up == []
    empty = _Spy([])
    resolver.contacts = empty
    assert resolver.view(call(ALICE, "")).name == "Old Name"  # from the history
    assert empty.looked_up == []  # no number parsing for nobody's contacts


class _Broken(ContactBook):
    def lookup(self, number: str) -> str | None:
        raise RuntimeError("disk gone")


@pytest.mark.expect_log("contact look-up failed", "history look-up failed")
def test_failing_look_ups_cost_the_name_not_the_view(tmp_path: Path) -> None:
    history = History.open(tmp_path / "h.sqlite3")
    history.close()  # every query now fails
    resolver = CallResolver(_Broken(None, "CN", [Contact("X", ("1",))]), history)
    assert resolver.view(call(ALICE, "Bob")).name_source is NameSource.PBX
    view = resolver.view(call(ALICE, ""))
    assert (view.name, view.name_source, view.formatted_number) == ("", None, "138 0601 2345")


def test_monitor_line_keeps_every_key_and_adds_the_name_source(resolver: CallResolver) -> None:
    for number, pbx_name, name, source in [
        (ALICE, "SHENZHEN MOBILE", "Alice Wong", "contacts"),
        (NOBODY, "Dan Wu", "Dan Wu", "pbx"),
        (CAROL, "", "Carol Chen", "history"),
        (NOBODY, "", "", None),
        ("", UNKNOWN_NAME, UNKNOWN_NAME, None),
    ]:
        change = CallChange(CallEvent.RINGING, call(number, pbx_name), 1795824191.5)
        plain = change.to_json()
        line = resolver.resolve(change).to_json()
        keys = list(plain)
        keys.insert(keys.index("name") + 1, "name_source")
        assert list(line) == keys
        assert {k: v for k, v in line.items() if k not in ("name", "name_source")} == {
            k: v for k, v in plain.items() if k != "name"
        }
        assert (line["name"], line["name_source"]) == (name, source)
    change = CallChange(CallEvent.ENDED, call(ALICE, ""), 0)
    assert resolver.resolve(change).to_json("2026-01-01T00:00:00Z")["time"] == (
        "2026-01-01T00:00:00Z"
    )


@pytest.mark.asyncio
async def test_the_service_resolves_each_change_once_for_all_observers() -> None:
    clock = FakeClock()
    service, transport = await make_service(clock)
    service.contacts = ContactBook(None, "CN", [Contact("Alice Wong", ("470",))])
    resolved: list[CallChange] = []
    original = service.resolver.resolve

    def counting(change: CallChange) -> ResolvedChange:
        resolved.append(change)
        return original(change)

    service.resolver.resolve = counting  # type: ignore[method-assign]
    first: list[ResolvedChange] = []
    second: list[ResolvedChange] = []
    service.on_change(first.append)
    service.on_change(second.append)
    try:
        transport.peer.send_message(*RING)
        await settle()
        transport.peer.send_message(*MY_PHONE_HANGS_UP)
        await settle()
        await clock.advance(5.0)
        service._on_deadline()
    finally:
        await service.aclose()
    assert [c.event for c in first] == [CallEvent.RINGING, CallEvent.ENDED]
    assert [id(c) for c in first] == [id(c) for c in second]  # the very same objects
    assert [c.change for c in first] == resolved  # one resolution per change
    ringing = first[0]
    assert isinstance(ringing.view, CallView)
    assert (ringing.event, ringing.call, ringing.at) == (
        ringing.change.event,
        ringing.change.call,
        ringing.change.at,
    )
    assert ringing.view.call is ringing.call
    assert (ringing.view.name, ringing.view.name_source, ringing.view.pbx_name) == (
        "Alice Wong",
        NameSource.CONTACTS,
        "Alice",
    )
