"""Saving settings edits the admin's file in place: comments, order, unknown keys and
sections survive; only what changed changes; 0600, atomic."""

from __future__ import annotations

import logging
import os
import stat
from dataclasses import replace
from pathlib import Path

import pytest

from mypbxdesk.settings.config import Settings, load_settings, save_settings

ADMIN = """\
# Reception PC, set up by IT (ticket 4711). Ask Bob before changing.

[pbx]
host = "192.168.5.142"   # the MyPBX in the server room
port = 5038
username = "reception"
site_code = "HQ-1"       # our inventory tool reads this

# -- the phone on her desk --
[phone]
extension = "503"        # her desk phone
type = "sip"

# IT's own section, not mypbxdesk's
[inventory]
asset = "PC-0042"
owner = "IT"
"""


def _admin_file(tmp_path: Path, text: str = ADMIN, mode: int = 0o644) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    os.chmod(path, mode)
    return path


@pytest.mark.expect_log(r"unknown key 'site_code'", r"unknown section \[inventory\]")
def test_one_changed_value_changes_only_that_value(tmp_path: Path) -> None:
    path = _admin_file(tmp_path)
    settings = load_settings(path)
    save_settings(replace(settings, extension="305"), path)
    assert path.read_bytes() == ADMIN.replace('"503"', '"305"').encode()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert os.listdir(tmp_path) == ["config.toml"]  # no temporary file left behind


@pytest.mark.expect_log(r"unknown key 'site_code'", r"unknown section \[inventory\]")
def test_saving_what_was_loaded_changes_nothing(tmp_path: Path) -> None:
    path = _admin_file(tmp_path)
    save_settings(load_settings(path), path)
    assert path.read_text() == ADMIN


@pytest.mark.expect_log(r"unknown key 'site_code'", r"unknown section \[inventory\]")
def test_new_keys_go_at_the_end_of_their_section_and_new_sections_at_the_end(
    tmp_path: Path,
) -> None:
    path = _admin_file(tmp_path)
    settings = replace(
        load_settings(path), tls=True, context="from-internal", history_days=30, crm_url=""
    )
    save_settings(settings, path)
    expected = (
        ADMIN.replace("reads this\n", "reads this\ntls = true\n").replace(
            'type = "sip"\n', 'type = "sip"\ncontext = "from-internal"\n'
        )
        + "\n[history]\nkeep_days = 30\n"
    )
    assert path.read_text() == expected
    assert load_settings(path) == settings


def test_a_key_set_back_to_its_default_stays_in_the_file(tmp_path: Path) -> None:
    """The least surprising choice: what the admin wrote keeps saying what is in
    force; keys that were not in the file are only added when not the default."""
    path = _admin_file(tmp_path, '[pbx]\nhost = "pbx"\nport = 5039  # TLS port\n')
    save_settings(Settings(host="pbx", port=5038), path)
    assert path.read_text() == '[pbx]\nhost = "pbx"\nport = 5038  # TLS port\n'


def test_aliases_and_inline_and_dotted_tables_are_edited_where_they_are(tmp_path: Path) -> None:
    text = 'pbx = { host = "a", port = 1 }\nphone.extension = "5"\nphone.phone_type = "sip"\n'
    path = _admin_file(tmp_path, text)
    save_settings(Settings(host="b", port=1, extension="6", phone_type="iax2"), path)
    assert path.read_text() == text.replace('"a"', '"b"').replace('"5"', '"6"').replace(
        '"sip"', '"iax2"'
    )


def test_the_secret_is_written_only_when_agreed_and_removed_otherwise(tmp_path: Path) -> None:
    path = _admin_file(tmp_path, '# mine\n[pbx]\nhost = "pbx"\n\n[phone]\nextension = "1"\n', 0o600)
    settings = Settings(host="pbx", extension="1", secret="hunter2")
    save_settings(settings, path, include_secret=True)
    text = path.read_text()
    assert text == '# mine\n[pbx]\nhost = "pbx"\nsecret = "hunter2"\n\n[phone]\nextension = "1"\n'
    assert load_settings(path).secret == "hunter2"
    save_settings(settings, path)  # to the keyring now: out of the file
    assert path.read_text() == '# mine\n[pbx]\nhost = "pbx"\n\n[phone]\nextension = "1"\n'


def test_a_bom_and_indentation_are_kept(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_bytes(b'\xef\xbb\xbf[pbx]\n  host = "pbx"\n')
    save_settings(Settings(host="pbx", port=5039), path)
    assert path.read_bytes() == b'\xef\xbb\xbf[pbx]\n  host = "pbx"\n  port = 5039\n'


def test_an_edit_made_to_the_file_meanwhile_is_kept_with_base(tmp_path: Path) -> None:
    path = _admin_file(tmp_path, '[pbx]\nhost = "pbx"\n[phone]\nextension = "503"\n')
    started = load_settings(path)  # the dialog opens with these
    path.write_text('[pbx]\nhost = "new-pbx"  # moved\n[phone]\nextension = "503"\n')
    save_settings(replace(started, extension="305"), path, base=started)
    assert path.read_text() == '[pbx]\nhost = "new-pbx"  # moved\n[phone]\nextension = "305"\n'


def test_through_a_symlink_the_target_is_written(tmp_path: Path) -> None:
    real = _admin_file(tmp_path, '[pbx]\nhost = "pbx"\n')
    link = tmp_path / "link.toml"
    link.symlink_to(real)
    save_settings(Settings(host="other"), link)
    assert link.is_symlink() and real.read_text() == '[pbx]\nhost = "other"\n'


def test_a_file_that_is_not_toml_is_kept_aside(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = _admin_file(tmp_path, "[pbx\nhost = 'x'\n")
    with caplog.at_level(logging.WARNING):
        save_settings(Settings(host="pbx"), path)
    (aside,) = tmp_path.glob("config.broken-*.toml")
    assert aside.read_text() == "[pbx\nhost = 'x'\n"
    assert stat.S_IMODE(aside.stat().st_mode) == 0o600
    assert load_settings(path) == Settings(host="pbx")
    assert [r.getMessage() for r in caplog.records] == [
        f"{path} was not valid TOML; kept as {aside}, and a new one written"
    ]


def test_a_failed_write_leaves_the_file_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _admin_file(tmp_path, '[pbx]\nhost = "pbx"\n')

    def full_disk(*args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", full_disk)
    with pytest.raises(OSError, match="No space"):
        save_settings(Settings(host="other"), path)
    assert path.read_text() == '[pbx]\nhost = "pbx"\n'
    assert os.listdir(tmp_path) == ["config.toml"]


@pytest.mark.parametrize("existing", [None, '[pbx]\nhost = "pbx"  # ours\n'])
def test_the_secret_never_reaches_the_file_unless_agreed(tmp_path: Path, existing: str) -> None:
    path = tmp_path / "config.toml"
    if existing is not None:
        _admin_file(tmp_path, existing)
    save_settings(Settings(host="pbx", extension="1", secret="hunter2"), path)
    assert "hunter2" not in path.read_text()
    assert load_settings(path).secret == ""


def test_an_agreed_secret_goes_into_a_file_made_private_first(tmp_path: Path) -> None:
    """The admin's file was 0644; with the secret in it, it is 0600 from its first byte
    (a new file written beside and renamed over it), and it loads."""
    path = _admin_file(tmp_path, '[pbx]\nhost = "pbx"  # ours\n', mode=0o644)
    save_settings(Settings(host="pbx", secret="hunter2"), path, include_secret=True)
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert path.read_text() == '[pbx]\nhost = "pbx"  # ours\nsecret = "hunter2"\n'
    assert load_settings(path).secret == "hunter2"
