"""Settings from the environment: defaults that work, and values the app cannot run with refused."""

from __future__ import annotations

import pytest

from audits.config import SettingsError, load_settings, server_upload_cap_mb


def test_numbers_default_when_unset_or_empty() -> None:
    settings = load_settings({"AUDITS_SESSION_MINUTES": "", "AUDITS_MAX_UPLOAD_MB": " "})
    assert (settings.session_minutes, settings.max_upload_mb) == (720, 15)
    settings = load_settings({"AUDITS_SESSION_MINUTES": "60", "AUDITS_MAX_UPLOAD_MB": "5"})
    assert (settings.session_minutes, settings.max_upload_mb) == (60, 5)


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [
        (
            "AUDITS_SESSION_MINUTES",
            "0",
            "AUDITS_SESSION_MINUTES=0: must be a whole number of minutes",
        ),
        ("AUDITS_SESSION_MINUTES", "-5", "AUDITS_SESSION_MINUTES=-5: must be a whole number of"),
        ("AUDITS_SESSION_MINUTES", "1.5", "AUDITS_SESSION_MINUTES=1.5: must be a whole number of"),
        ("AUDITS_MAX_UPLOAD_MB", "0", "AUDITS_MAX_UPLOAD_MB=0: must be a whole number of MB, at"),
        ("AUDITS_MAX_UPLOAD_MB", "lots", "AUDITS_MAX_UPLOAD_MB=lots: must be a whole number of MB"),
    ],
)
def test_a_value_the_app_cannot_run_with_is_refused_naming_the_variable(
    variable: str, value: str, message: str
) -> None:
    with pytest.raises(SettingsError, match=message):
        load_settings({variable: value})


def test_an_upload_limit_above_the_servers_own_is_refused() -> None:
    cap = server_upload_cap_mb()
    assert load_settings({"AUDITS_MAX_UPLOAD_MB": str(cap)}).max_upload_mb == cap
    with pytest.raises(SettingsError, match=f"at most {cap}, the server's own limit"):
        load_settings({"AUDITS_MAX_UPLOAD_MB": str(cap + 1)})
