"""Private data, private files: what the app writes is its user's alone (POSIX).

Folders 0700 and files 0600 whatever the umask (checked with ``os.stat``), and what an
older version left readable (history 0644 in a 0755 folder) is tightened at start.
"""

from __future__ import annotations

import logging
import os
import stat
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from mypbxdesk.base.private import create_private_file, make_private_dir, tighten, write_private
from mypbxdesk.calls.history import History
from mypbxdesk.cli import main as cli
from mypbxdesk.contacts.book import ContactBook
from mypbxdesk.settings.config import Settings, save_settings
from mypbxdesk.settings.paths import config_dir, data_dir, secure_app_dirs

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX modes")


def mode(path: Path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


@pytest.fixture(params=[0o022, 0o000], ids=["umask022", "umask000"])
def umask(request: pytest.FixtureRequest) -> Iterator[int]:
    """A usual umask, and the worst one (a session started with ``umask 000``)."""
    old = os.umask(request.param)
    try:
        yield request.param
    finally:
        os.umask(old)


# -- the helpers -------------------------------------------------------------------------
def test_new_folders_are_0700_at_every_level(tmp_path: Path, umask: int) -> None:
    make_private_dir(tmp_path / "a" / "b" / "c")
    assert [mode(tmp_path / p) for p in ("a", "a/b", "a/b/c")] == [0o700] * 3


def test_an_existing_folder_is_left_as_it_is(tmp_path: Path) -> None:
    shared = tmp_path / "shared"
    shared.mkdir(mode=0o755)
    os.chmod(shared, 0o755)
    make_private_dir(shared / "mine")
    assert (mode(shared), mode(shared / "mine")) == (0o755, 0o700)


def test_written_and_created_files_are_0600(tmp_path: Path, umask: int) -> None:
    write_private(tmp_path / "w", b"data")
    create_private_file(tmp_path / "c")
    assert (mode(tmp_path / "w"), mode(tmp_path / "c")) == (0o600, 0o600)
    assert (tmp_path / "w").read_bytes() == b"data"
    assert sorted(os.listdir(tmp_path)) == ["c", "w"]  # no temporary file left


def test_create_private_file_never_truncates_and_tightens(tmp_path: Path) -> None:
    old = tmp_path / "old"
    old.write_bytes(b"keep")
    os.chmod(old, 0o644)
    create_private_file(old)
    assert (old.read_bytes(), mode(old)) == (b"keep", 0o600)


def test_tighten_takes_group_and_other_bits_only_and_not_through_a_symlink(
    tmp_path: Path,
) -> None:
    f, d, target = tmp_path / "f", tmp_path / "d", tmp_path / "target"
    f.touch()
    d.mkdir()
    target.touch()
    os.chmod(f, 0o664)
    os.chmod(d, 0o775)
    os.chmod(target, 0o644)
    (tmp_path / "link").symlink_to(target)
    assert (tighten(f), tighten(d), tighten(tmp_path / "link")) == (True, True, False)
    assert (mode(f), mode(d), mode(target)) == (0o600, 0o700, 0o644)
    assert tighten(f) is False  # already private: nothing to do
    assert tighten(tmp_path / "gone") is False


# -- what the app writes -----------------------------------------------------------------
def test_the_call_history_and_its_wal_are_0600_in_a_0700_folder(umask: int) -> None:
    path = data_dir() / "history.sqlite3"
    with History.open(path) as history:
        assert history.warning is None
        names = sorted(os.listdir(path.parent))
        assert names == ["history.sqlite3", "history.sqlite3-shm", "history.sqlite3-wal"]
        assert {n: mode(path.parent / n) for n in names} == dict.fromkeys(names, 0o600)
    assert mode(path.parent) == 0o700


def test_the_contacts_file_is_0600_in_a_0700_folder(tmp_path: Path, umask: int) -> None:
    source = tmp_path / "in.csv"
    source.write_text("name,phone\nAlice,13800138000\n", encoding="utf-8")
    book = ContactBook.open(data_dir() / "contacts.json", "CN")
    assert book.import_file(source) == 1
    assert (mode(data_dir()), mode(data_dir() / "contacts.json")) == (0o700, 0o600)


def test_saved_settings_are_0600_in_a_0700_folder(umask: int) -> None:
    path = save_settings(Settings(host="pbx", extension="503"))
    assert path == config_dir() / "config.toml"
    assert (mode(config_dir()), mode(path)) == (0o700, 0o600)


# -- what an older version left readable ------------------------------------------------
def _old_layout() -> list[Path]:
    """History, its WAL, contacts and settings as 0644 files in 0755 folders."""
    made = []
    for folder, names in (
        (data_dir(), ("history.sqlite3", "history.sqlite3-wal", "contacts.json")),
        (config_dir(), ("config.toml",)),
    ):
        folder.mkdir(parents=True)
        os.chmod(folder, 0o755)
        made.append(folder)
        for name in names:
            (folder / name).write_text('{"version": 1, "contacts": []}' if "json" in name else "")
            os.chmod(folder / name, 0o644)
            made.append(folder / name)
    return made


def test_every_command_makes_an_older_versions_files_private(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    made = _old_layout()
    monkeypatch.setattr(cli, "setup_logging", lambda verbosity=0: None)  # keep pytest's
    assert cli.main(["contacts", "list"]) == 0
    assert {p: mode(p) for p in made} == {p: 0o700 if p.is_dir() else 0o600 for p in made}
    assert capsys.readouterr().err == ""


def test_secure_app_dirs_says_what_it_changed(caplog: pytest.LogCaptureFixture) -> None:
    made = _old_layout()
    with caplog.at_level(logging.INFO, logger="mypbxdesk.settings.paths"):
        assert sorted(secure_app_dirs()) == sorted(made)
        assert secure_app_dirs() == []  # the second time there is nothing left to do
    assert f"made private (others could read it): {data_dir() / 'history.sqlite3'}" in [
        r.getMessage() for r in caplog.records
    ]


def test_the_home_folder_is_never_locked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """``MYPBXDESK_DATA_DIR=$HOME`` must not make her home folder 0700."""
    home = tmp_path / "home"
    home.mkdir()
    os.chmod(home, 0o755)
    (home / "notes.txt").touch()
    os.chmod(home / "notes.txt", 0o644)
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("MYPBXDESK_DATA_DIR", str(home))
    monkeypatch.setenv("MYPBXDESK_CONFIG_DIR", str(tmp_path))  # above the home
    with caplog.at_level(logging.INFO, logger="mypbxdesk.settings.paths"):
        assert secure_app_dirs() == []
    assert (mode(home), mode(home / "notes.txt")) == (0o755, 0o644)
    assert len(caplog.records) == 2  # both said why they were left alone
