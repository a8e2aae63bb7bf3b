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


# Where a query joins audits to visits on the visit id alone, so a visit's released audits
# (kept for the record beside its current one) join too; anywhere else, `models.VISIT_AUDIT`.
BARE_VISIT_JOINS = {
    ("models", "<module>"): "VISIT_AUDIT itself",
    ("rankings", "newest_wave_with_results"): "approved audits only; a released one never was",
    ("rankings", "load_audits"): "approved audits only",
    ("rankings", "load_answers"): "approved audits only",
    ("expenses", "_fees"): "approved audits only: one a visit at most",
    ("review", "review_queue"): "from each audit to its visit; the released list shows these",
    ("fieldwork", "staff_names_enabled"): "from one audit, by its id",
}


def _is_bare_visit_join(node: ast.Compare) -> bool:
    if len(node.ops) != 1 or not isinstance(node.ops[0], ast.Eq):
        return False
    sides = {ast.unparse(node.left), ast.unparse(node.comparators[0])}
    return sides == {"Audit.visit_id", "Visit.id"}


class _BareVisitJoins(ast.NodeVisitor):
    def __init__(self) -> None:
        self.functions = ["<module>"]
        self.found: set[str] = set()

    def visit_FunctionDef(self, node: ast.FunctionDef) -> None:
        self.functions.append(node.name)
        self.generic_visit(node)
        self.functions.pop()

    def visit_Compare(self, node: ast.Compare) -> None:
        if _is_bare_visit_join(node):
            self.found.add(self.functions[-1])
        self.generic_visit(node)


def test_visits_join_their_current_audit_unless_a_bare_join_is_known_to_be_right() -> None:
    found = set()
    for path in CORE:
        finder = _BareVisitJoins()
        finder.visit(ast.parse(path.read_text(encoding="utf-8")))
        found |= {(path.stem, function) for function in finder.found}
    assert ("models", "<module>") in found, "the search still finds VISIT_AUDIT's own join"
    assert sorted(found - BARE_VISIT_JOINS.keys()) == [], "join with models.VISIT_AUDIT"
