"""Settings file: defaults, validation, secrets kept private, round trip."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from mypbxdesk.settings.config import ConfigError, Settings, load_settings, save_settings
from mypbxdesk.settings.credentials import find_secret


def _valid() -> Settings:
    return Settings(host="192.168.5.142", extension="503")


def test_missing_file_gives_defaults(tmp_path: Path) -> None:
    s = load_settings(tmp_path / "nope.toml")
    assert s.port == 5038 and s.context == "DLPN_DialPlan{extension}"


def test_seed_channel_and_context() -> None:
    s = _valid()
    assert s.dial_channel == "SIP/503" and s.dial_context == "DLPN_DialPlan503"
    analog = Settings(host="h", extension="601", phone_type="dahdi", dahdi_port=5)
    assert analog.dial_channel == "DAHDI/5" and analog.dial_context == "DLPN_DialPlan601"
    assert Settings(host="h", extension="474", phone_type="pjsip").dial_channel == "PJSIP/474"


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"port": 0}, "port"),
        ({"port": 99999}, "port"),
        ({"host": ""}, "host"),
        ({"host": "pbx local"}, "host"),
        ({"extension": "50a"}, "extension"),
        ({"phone_type": "dahdi"}, "dahdi_port"),
        ({"context": "DLPN {extension}"}, "context"),
        ({"context": "{nope}"}, "context"),
        ({"originate_timeout_ms": 10}, "originate_timeout_ms"),
        ({"history_days": -1}, "history_days"),
        ({"history_days": 99_999}, "history_days"),
    ],
)
def test_invalid_values_are_named(change: dict[str, object], field: str) -> None:
    from dataclasses import replace

    problems = replace(_valid(), **change).validate()  # type: ignore[arg-type]
    assert field in [f for f, _ in problems]
    with pytest.raises(ConfigError):
        replace(_valid(), **change).check()  # type: ignore[arg-type]
    assert _valid().validate() == []


def test_round_trip_without_secret(tmp_path: Path) -> None:
    path = tmp_path / "c" / "config.toml"
    s = Settings(
        host="pbx",
        extension="601",
        phone_type="dahdi",
        dahdi_port=5,
        secret="hunter2",
        crm_url='https://crm/?q={number}&n="x"',
    )
    save_settings(s, path)
    assert "hunter2" not in path.read_text()
    assert (path.stat().st_mode & 0o777) == 0o600
    loaded = load_settings(path)
    assert loaded.secret == ""
    assert loaded == Settings(
        host="pbx",
        extension="601",
        phone_type="dahdi",
        dahdi_port=5,
        crm_url='https://crm/?q={number}&n="x"',
    )


def test_history_retention_is_read_and_written_as_keep_days(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    assert load_settings(path).history_days == 365  # the default: a year
    path.write_text('[pbx]\nhost = "pbx"\n[history]\nkeep_days = 30\n')
    assert load_settings(path).history_days == 30
    save_settings(Settings(host="pbx", history_days=0), path)
    assert "[history]\nkeep_days = 0" in path.read_text()
    assert load_settings(path).history_days == 0


def test_secret_in_private_file_is_used_and_world_readable_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    save_settings(Settings(host="pbx", extension="1", secret="hunter2"), path, include_secret=True)
    assert load_settings(path).secret == "hunter2"
    os.chmod(path, 0o644)
    with pytest.raises(ConfigError, match="chmod 600") as err:
        load_settings(path)
    assert "hunter2" not in str(err.value)


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("[pbx\nhost=1", "not valid TOML"),
        ("[pbx]\nport = 'abc'", "whole number"),
        ("[pbx]\ntls = 'yes'", "true or false"),
        ("pbx = 3", "must be a table"),
    ],
)
def test_broken_files_give_clear_errors(tmp_path: Path, text: str, why: str) -> None:
    path = tmp_path / "config.toml"
    path.write_text(text)
    with pytest.raises(ConfigError, match=why):
        load_settings(path)


def test_secret_sources_in_order() -> None:
    s = Settings(host="pbx", extension="1", secret="from-file")
    env = {"MYPBXDESK_SECRET": "from-env"}
    assert find_secret(s, env, use_keyring=False).source == "environment"
    found = find_secret(s, {}, use_keyring=False)
    assert (found.secret, found.source) == ("from-file", "config file")
    assert "from-file" not in repr(found)
    assert find_secret(Settings(), {}, use_keyring=False).source == ""
