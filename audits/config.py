"""Settings from the environment, with embedded defaults that work on a fresh machine."""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
DEFAULT_DATA_DIR = PROJECT_DIR / "data"
CHECKLIST_DIR = PROJECT_DIR / "checklists"
STREAMLIT_CONFIG = PROJECT_DIR / ".streamlit" / "config.toml"


def server_upload_cap_mb() -> int:
    """Streamlit's server refuses any upload above its own maxUploadSize, whatever a widget
    allows: the largest upload the app can take."""
    with STREAMLIT_CONFIG.open("rb") as file:
        return int(tomllib.load(file)["server"]["maxUploadSize"])


def _flag(value: str | None) -> bool | None:
    if value is None or value == "":
        return None
    return value.strip().lower() in {"1", "true", "yes", "on"}


class SettingsError(ValueError):
    """An environment variable holds a value the app cannot run with; the message names it."""


def _positive_int(env: dict[str, str], name: str, default: int, unit: str) -> int:
    text = (env.get(name) or "").strip()
    if not text:
        return default
    try:
        value: int | None = int(text)
    except ValueError:
        value = None
    if value is None or value < 1:
        raise SettingsError(f"{name}={text}: must be a whole number of {unit}, at least 1")
    return value


def _upload_mb(env: dict[str, str]) -> int:
    megabytes = _positive_int(env, "AUDITS_MAX_UPLOAD_MB", Settings.max_upload_mb, "MB")
    cap = server_upload_cap_mb()
    if megabytes > cap:
        raise SettingsError(
            f"AUDITS_MAX_UPLOAD_MB={megabytes}: at most {cap}, the server's own limit "
            f"(raise maxUploadSize in {STREAMLIT_CONFIG} first)"
        )
    return megabytes


@dataclass(frozen=True)
class Settings:
    database_url: str
    data_dir: Path
    demo: bool
    session_minutes: int = 12 * 60
    max_upload_mb: int = 15
    nominatim_enabled: bool = False
    nominatim_user_agent: str = "mystery-audits (set AUDITS_NOMINATIM_USER_AGENT)"
    osrm_url: str | None = None

    @property
    def media_dir(self) -> Path:
        return self.data_dir / "media"

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")


def load_settings(env: dict[str, str] | None = None) -> Settings:
    """Read settings; demo mode is on for the embedded default database unless turned off.

    A value the app cannot run with (a session of 0 minutes…) raises SettingsError.
    """
    env = dict(os.environ) if env is None else env
    data_dir = Path(env.get("AUDITS_DATA_DIR") or DEFAULT_DATA_DIR)
    url = env.get("DATABASE_URL") or ""
    demo = _flag(env.get("AUDITS_DEMO"))
    if demo is None:
        demo = not url
    if not url:
        url = f"sqlite:///{data_dir / 'audits.db'}"
    return Settings(
        database_url=url,
        data_dir=data_dir,
        demo=demo,
        session_minutes=_positive_int(
            env, "AUDITS_SESSION_MINUTES", Settings.session_minutes, "minutes"
        ),
        max_upload_mb=_upload_mb(env),
        nominatim_enabled=bool(_flag(env.get("AUDITS_NOMINATIM"))),
        nominatim_user_agent=env.get("AUDITS_NOMINATIM_USER_AGENT")
        or Settings.nominatim_user_agent,
        osrm_url=env.get("AUDITS_OSRM_URL") or None,
    )
