"""House rules that keep the core usable without Streamlit and the pages safe."""

from __future__ import annotations

import ast
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORE = [p for p in (ROOT / "audits").rglob("*.py") if "ui" not in p.relative_to(ROOT).parts]
UI = [*(ROOT / "audits" / "ui").rglob("*.py"), ROOT / "streamlit_app.py"]


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module.split(".")[0])
    return names


def test_core_never_imports_streamlit() -> None:
    offenders = [str(p.relative_to(ROOT)) for p in CORE if "streamlit" in _imports(p)]
    assert CORE and offenders == []


def test_no_html_rendering_of_user_text() -> None:
    """unsafe_allow_html is never used; the scripts we inject (the session cookie, a scroll to
    the top) carry only our own values."""
    for path in UI:
        text = path.read_text(encoding="utf-8")
        assert "unsafe_allow_html=True" not in text, path
        if "unsafe_allow_javascript=True" in text:
            assert path.name == "state.py", path


def test_xsrf_protection_stays_on() -> None:
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["server"].get("enableXsrfProtection", True) is True


def test_requirements_are_pinned() -> None:
    for name in ("requirements.txt", "requirements-dev.txt"):
        for line in (ROOT / name).read_text(encoding="utf-8").splitlines():
            line = line.split("#", 1)[0].strip()
            if line and not line.startswith("-r"):
                assert "==" in line, f"{name}: {line} is not pinned"
