"""Checklist definitions: the YAML schema as pydantic models, with messages that name the place.

Every problem found in a file is reported as one line `<file>: <where>: <problem>`, where
`<where>` is `checklist`, `section <id>` or `item <id>`, or `line N` for YAML syntax errors.
Problems are phrases (`cl_*` keys), so a Finnish manager reads them in Finnish; `str()` is English.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError, model_validator
from pydantic_core import ErrorDetails

from audits.i18n import Phrase, Refusal

ID_PATTERN = re.compile(r"^[a-z][a-z0-9_]*$")
TIME_PATTERN = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")
SCORED_TYPES = {"yes_no", "scale", "choice", "multi_choice", "duration"}
MAX_TEXT = 5000
MAX_SCALE_STEPS = 11  # 0–10; each step is a button in one row on the shopper's phone

Texts = dict[str, str]


@dataclass(frozen=True)
class ChecklistProblem:
    """What is wrong where in a checklist file; `str()` is the English text, for logs and CLI."""

    source: str
    where: Phrase  # the checklist, a section, an item or a line
    field: str | Phrase | None
    reason: Phrase

    def text(self, lang: str = "en") -> str:
        where = f"{self.source}: {self.where.text(lang)}"
        if self.field is None:
            return f"{where}: {self.reason.text(lang)}"
        field = self.field.text(lang) if isinstance(self.field, Phrase) else self.field
        return f"{where}: {field}: {self.reason.text(lang)}"

    def __str__(self) -> str:
        return self.text()


class ChecklistError(ValueError):
    """A checklist file breaks the schema; `.problems` has one entry per problem.

    `str()` is the English lines, for logs and the command line; `text(lang)` for the user.
    """

    def __init__(self, problems: list[ChecklistProblem]):
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems

    def text(self, lang: str = "en") -> str:
        return "\n".join(p.text(lang) for p in self.problems)


class AnswerError(Refusal):
    """An answer value does not fit its item (`said` tells the shopper in their language)."""


def _is_iso_stamp(value: Any) -> bool:
    if not isinstance(value, str) or len(value) > 40:
        return False
    try:
        dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return False
    return True


@dataclass(frozen=True)
class Response:
    """One answer as given: a value, or N/A, with an optional comment."""

    value: Any = None
    na: bool = False
    comment: str = ""

    @property
    def answered(self) -> bool:
        # An empty multiple choice ("none of these") is an answer; an empty text is not.
        return self.na or (self.value is not None and self.value != "")


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Option(_Model):
    id: str
    label: Texts
    points: float = 0


class Band(_Model):
    max_seconds: int = Field(ge=0)
    points: float = Field(ge=0)


class VisibleIf(_Model):
    item: str
    equals: Any = None
    in_: list[Any] | None = Field(default=None, alias="in")

    def accepted(self) -> list[Any]:
        return list(self.in_) if self.in_ is not None else [self.equals]


class _ItemBase(_Model):
    id: str
    label: Texts
    guidance: Texts | None = None
    allow_na: bool = False
    critical: bool = False
    required: bool = False
    comment_required_when: list[Any] = Field(default_factory=list)
    visible_if: VisibleIf | None = None
    staff_name: bool = False  # asks for a person's name: only collected if the client allows

    @property
    def scored(self) -> bool:
        return self.type in SCORED_TYPES  # type: ignore[attr-defined]

    @model_validator(mode="before")
    @classmethod
    def _default_required(cls, data: Any) -> Any:
        """Scored items are required unless said otherwise; others are optional."""
        if isinstance(data, dict) and "required" not in data:
            return {**data, "required": data.get("type") in SCORED_TYPES}
        return data

    def is_answered(self, response: Response | None) -> bool:
        return response is not None and response.answered

    def is_visible(self, answers: Mapping[str, Response]) -> bool:
        """Skip logic: hidden when the controlling answer is missing, N/A or not accepted."""
        if self.visible_if is None:
            return True
        controlling = answers.get(self.visible_if.item)
        if controlling is None or controlling.na or controlling.value is None:
            return False
        value = controlling.value
        accepted = self.visible_if.accepted()
        if isinstance(value, list):
            return any(v in accepted for v in value)
        return value in accepted

    def needs_comment(self, value: Any) -> bool:
        if not self.comment_required_when or value is None:
            return False
        if isinstance(value, list):
            return any(v in self.comment_required_when for v in value)
        if isinstance(value, dict):
            keys = {"nobody_came"} if value.get("nobody_came") else set()
            return bool(keys & set(map(str, self.comment_required_when)))
        return value in self.comment_required_when

    def normalize_answer(self, value: Any) -> Any:
        raise NotImplementedError

    def _fail(self, key: str, **values: object) -> AnswerError:
        return AnswerError(key, item=self.id, **values)

    def answer_values(self) -> list[Any] | None:
        """The finite set of valid answers, when there is one (for cross-checks)."""
        return None


class YesNoItem(_ItemBase):
    type: Literal["yes_no"]
    points: float = Field(default=1, ge=0)
    good: Literal["yes", "no"] = "yes"

    def normalize_answer(self, value: Any) -> Any:
        if isinstance(value, bool):
            value = "yes" if value else "no"
        if value not in ("yes", "no"):
            raise self._fail("ans_yes_no", value=value)
        return value

    def answer_values(self) -> list[Any]:
        return ["yes", "no"]


class ScaleItem(_ItemBase):
    type: Literal["scale"]
    min: int = 1
    max: int
    points: float | None = Field(default=None, ge=0)
    option_points: dict[int, float] | None = None
    labels: dict[int, Texts] | None = None

    def normalize_answer(self, value: Any) -> Any:
        if isinstance(value, bool) or not isinstance(value, int | float | str):
            raise self._fail("ans_whole", min=self.min, max=self.max)
        try:
            number = int(value)
        except (ValueError, OverflowError):
            raise self._fail("ans_whole", min=self.min, max=self.max) from None
        if number != float(value) or not self.min <= number <= self.max:
            raise self._fail("ans_whole_not", min=self.min, max=self.max, value=value)
        return number

    def answer_values(self) -> list[Any]:
        return list(range(self.min, self.max + 1))


class ChoiceItem(_ItemBase):
    type: Literal["choice"]
    options: list[Option]

    def normalize_answer(self, value: Any) -> Any:
        if not isinstance(value, str) or value not in {o.id for o in self.options}:
            raise self._fail("ans_not_option", value=value)
        return value

    def answer_values(self) -> list[Any]:
        return [o.id for o in self.options]


class MultiChoiceItem(_ItemBase):
    type: Literal["multi_choice"]
    options: list[Option]
    max_points: float | None = Field(default=None, gt=0)

    @property
    def cap(self) -> float:
        positive = sum(o.points for o in self.options if o.points > 0)
        return min(self.max_points, positive) if self.max_points is not None else positive

    def normalize_answer(self, value: Any) -> Any:
        if not isinstance(value, list | tuple):
            raise self._fail("ans_option_list")
        known = {o.id for o in self.options}
        unknown = [v for v in value if not isinstance(v, str) or v not in known]
        if unknown:
            raise self._fail("ans_unknown_options", unknown=unknown)
        if len(set(value)) != len(value):
            raise self._fail("ans_option_twice")
        return [o.id for o in self.options if o.id in value]

    def answer_values(self) -> list[Any]:
        return [o.id for o in self.options]


class DurationItem(_ItemBase):
    type: Literal["duration"]
    limit_seconds: int = Field(gt=0)
    bands: list[Band] = Field(min_length=1)

    def normalize_answer(self, value: Any) -> Any:
        if isinstance(value, bool):
            raise self._fail("ans_duration")
        if isinstance(value, int | float):
            value = {"seconds": value}
        if not isinstance(value, dict):
            raise self._fail("ans_duration")
        extra = set(value) - {"seconds", "nobody_came", "started_at", "stopped_at"}
        if extra:
            raise self._fail("ans_unknown_fields", fields=sorted(extra))
        nobody = value.get("nobody_came", False)
        if not isinstance(nobody, bool):  # "false" would be true
            raise self._fail("ans_nobody_came")
        seconds = value.get("seconds", self.limit_seconds if nobody else None)
        if (
            isinstance(seconds, bool)
            or not isinstance(seconds, int | float)
            or not math.isfinite(seconds)
            or seconds < 0
        ):
            raise self._fail("ans_seconds")
        if seconds > self.limit_seconds * 10:
            raise self._fail("ans_implausible_wait", seconds=seconds)
        clean: dict[str, Any] = {"seconds": int(round(seconds)), "nobody_came": nobody}
        for stamp in ("started_at", "stopped_at"):
            if value.get(stamp) is not None:
                if not _is_iso_stamp(value[stamp]):
                    raise self._fail("ans_stamp", stamp=stamp)
                clean[stamp] = value[stamp]
        return clean


class NumberItem(_ItemBase):
    type: Literal["number"]
    min: float | None = None
    max: float | None = None
    unit: Texts | None = None

    def normalize_answer(self, value: Any) -> Any:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise self._fail("ans_number", value=value)
        if not math.isfinite(value):
            raise self._fail("ans_finite")
        if (self.min is not None and value < self.min) or (
            self.max is not None and value > self.max
        ):
            raise self._fail("ans_outside", value=f"{value:g}", bounds=self.bounds())
        return value

    def bounds(self) -> str:
        """The allowed range as people write it: "0–60", "≥ 0" or "≤ 60"."""
        low = None if self.min is None else f"{self.min:g}"
        high = None if self.max is None else f"{self.max:g}"
        if low is not None and high is not None:
            return f"{low}–{high}"
        return f"≥ {low}" if low is not None else f"≤ {high}"


class TextItem(_ItemBase):
    type: Literal["text"]

    def normalize_answer(self, value: Any) -> Any:
        if not isinstance(value, str):
            raise self._fail("ans_text")
        if len(value) > MAX_TEXT:
            raise self._fail("ans_text_long", max=MAX_TEXT)
        return value


class PhotoItem(_ItemBase):
    type: Literal["photo"]

    def is_answered(self, response: Response | None) -> bool:
        """A photo item is answered by a photo (or N/A): removing the last one unanswers it."""
        return response is not None and (response.na or bool(response.value))

    def normalize_answer(self, value: Any) -> Any:
        if not isinstance(value, list) or not all(
            isinstance(v, int) and not isinstance(v, bool) for v in value
        ):
            raise self._fail("ans_photo_ids")
        return value


class TimeItem(_ItemBase):
    type: Literal["time"]

    def normalize_answer(self, value: Any) -> Any:
        if not isinstance(value, str) or not TIME_PATTERN.match(value):
            raise self._fail("ans_time", value=value)
        return value


Item = Annotated[
    YesNoItem
    | ScaleItem
    | ChoiceItem
    | MultiChoiceItem
    | DurationItem
    | NumberItem
    | TextItem
    | PhotoItem
    | TimeItem,
    Field(discriminator="type"),
]
ITEM_TYPES = (
    "yes_no",
    "scale",
    "choice",
    "multi_choice",
    "duration",
    "number",
    "text",
    "photo",
    "time",
)
_item_adapter: TypeAdapter[Any] = TypeAdapter(Item)


class Section(_Model):
    id: str
    title: Texts
    weight: float
    items: list[Any]


class Checklist(_Model):
    id: str
    version: int = Field(gt=0)
    channel: Literal["showroom_visit", "store_visit", "phone_call", "email_enquiry", "complaint"]
    languages: list[str] = Field(default_factory=lambda: ["fi", "en"], min_length=1)
    title: Texts
    description: Texts | None = None
    critical_rule: Literal["zero_section", "zero_audit", "flag"]
    sections: list[Section] = Field(min_length=1)

    def items(self) -> list[Any]:
        return [item for section in self.sections for item in section.items]

    def item(self, item_id: str) -> Any:
        for item in self.items():
            if item.id == item_id:
                return item
        raise Refusal("e_unknown_item", item=item_id, checklist=self.id)

    def section_of(self, item_id: str) -> Section:
        for section in self.sections:
            if any(item.id == item_id for item in section.items):
                return section
        raise Refusal("e_unknown_item", item=item_id, checklist=self.id)


CHECKLIST = Phrase("cl_checklist")


def _section(ident: object) -> Phrase:
    return Phrase("cl_section", {"id": ident})


def _item(ident: object) -> Phrase:
    return Phrase("cl_item", {"id": ident})


def _problem(
    source: str, where: Phrase, key: str, /, field: str | Phrase | None = None, **values: object
) -> ChecklistProblem:
    return ChecklistProblem(source, where, field, Phrase(key, values))


def load_checklist(path: str | Path) -> Checklist:
    return parse_checklist(read_checklist_text(path), str(path))


def read_checklist_text(path: str | Path) -> str:
    """A checklist file's text; a file that is not UTF-8 is a ChecklistError naming the line."""
    data = Path(path).read_bytes()
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = Phrase("cl_line", {"n": data.count(b"\n", 0, exc.start) + 1})
        raise ChecklistError([_problem(str(path), line, "cl_not_utf8")]) from None


def parse_checklist(text: str, source: str, *, stored: bool = False) -> Checklist:
    """Parse and validate a checklist; raises ChecklistError with every problem found.

    `stored` reads a version the database already holds by the rules it was accepted under:
    a rule added later (see `_rules_for_new_files`) must not make its audits unreadable.
    """
    try:
        data = yaml.load(text, Loader=_Loader)  # noqa: S506 (a SafeLoader)
    except yaml.YAMLError as exc:
        where, reason = _yaml_problem(exc, text)
        raise ChecklistError([_problem(source, where, "cl_yaml_syntax", problem=reason)]) from None
    if not isinstance(data, dict):
        raise ChecklistError([_problem(source, CHECKLIST, "cl_file_not_mapping")])
    problems: list[ChecklistProblem] = []
    sections = _parse_sections(data, source, problems)
    header = {k: v for k, v in data.items() if k != "sections"}
    checklist = None
    try:
        checklist = Checklist.model_validate({**header, "sections": sections or []})
    except ValidationError as exc:
        # Missing or broken sections have told their problems already; "the list of sections
        # is empty" would only repeat them.
        found = _pydantic_problems(exc, source, CHECKLIST)
        problems.extend(problem for problem in found if problem.field != "sections")
    if checklist is not None and sections is not None:
        problems.extend(_cross_checks(checklist, data, source))
        if not stored:
            problems.extend(_rules_for_new_files(checklist, source))
    if problems:
        raise ChecklistError(problems)
    assert checklist is not None
    return checklist


class _Loader(yaml.SafeLoader):
    """PyYAML reads YAML 1.1, where an unquoted yes, no, on or off is a boolean: `good: no`
    and `comment_required_when: [no]` lost the answer the author wrote. As in YAML 1.2 only
    true and false are booleans here; pydantic still takes "yes" for a true flag."""


_BOOL = "tag:yaml.org,2002:bool"
_Loader.yaml_implicit_resolvers = {
    first: [(tag, pattern) for tag, pattern in resolvers if tag != _BOOL]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver(
    _BOOL, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


# PyYAML's problems that people make by hand, told in their words: (context, problem) pattern,
# phrase, and whether the line to name is where the construct began (an unclosed quote) rather
# than where the parser noticed. Any other problem is shown as PyYAML says it.
_YAML_PROBLEMS: list[tuple[re.Pattern[str], str, bool]] = [
    (re.compile(r"\| found character '\\t' that cannot start any token$"), "cl_yaml_tab", False),
    (re.compile(r"\| found character '(?P<char>.)' that cannot"), "cl_yaml_char", False),
    (re.compile(r"^\| mapping values are not allowed here$"), "cl_yaml_colon", False),
    (re.compile(r"simple key \| could not find expected ':'$"), "cl_yaml_no_colon", True),
    (re.compile(r"^while parsing a block \w+ \| expected <block end>"), "cl_yaml_indent", False),
    (re.compile(r"quoted scalar \| found unexpected end of stream$"), "cl_yaml_quote", True),
    (
        re.compile(r"flow \w+ \| expected ',' or '[\]}]', but got '(?P<char>[?:])'$"),
        "cl_yaml_flow_char",
        False,
    ),
    (re.compile(r"flow sequence \| expected ',' or '\]'"), "cl_yaml_list", True),
    (re.compile(r"flow mapping \| expected ',' or '\}'"), "cl_yaml_braces", True),
    (re.compile(r"\| found unknown escape character '(?P<char>.+)'$"), "cl_yaml_escape", False),
    (re.compile(r"^\| found undefined alias '(?P<name>.+)'$"), "cl_yaml_alias", False),
    (re.compile(r"^found duplicate anchor '(?P<name>.+)';"), "cl_yaml_anchor_twice", False),
    (re.compile(r"^expected a single document in the stream \|"), "cl_yaml_documents", False),
    (re.compile(r"\| found unhashable key$"), "cl_yaml_key", False),
    (
        re.compile(r"^\| could not determine a constructor for the tag '(?P<tag>.+)'$"),
        "cl_yaml_tag",
        False,
    ),
]


def _yaml_problem(exc: yaml.YAMLError, text: str) -> tuple[Phrase, Phrase]:
    """The line and the reason of a YAML syntax error, in words a checklist author knows."""
    if isinstance(exc, yaml.reader.ReaderError):  # a character a text file should not hold
        line = text[: exc.position].count("\n") + 1
        code = f"U+{exc.character:04X}" if isinstance(exc.character, int) else repr(exc.character)
        return Phrase("cl_line", {"n": line}), Phrase("cl_yaml_control", {"code": code})
    if not isinstance(exc, yaml.MarkedYAMLError):
        return CHECKLIST, Phrase("said", {"text": str(exc).splitlines()[0]})
    said = f"{exc.context or ''} | {exc.problem or ''}".strip()
    for pattern, key, at_start in _YAML_PROBLEMS:
        found = pattern.search(said)
        if found and key == "cl_yaml_flow_char" and _on_another_line(exc):
            continue  # rather a { or [ left open, with the next key's colon below it
        if found:
            mark = exc.context_mark if at_start and exc.context_mark else exc.problem_mark
            values = found.groupdict()
            if key == "cl_yaml_anchor_twice" and exc.context_mark is not None:
                values["first"] = exc.context_mark.line + 1
            return _line(mark), Phrase(key, values)
    plain = ": ".join(part for part in (exc.context, exc.problem) if part)
    return _line(exc.problem_mark), Phrase("said", {"text": plain})


def _on_another_line(exc: yaml.MarkedYAMLError) -> bool:
    start, end = exc.context_mark, exc.problem_mark
    return start is not None and end is not None and start.line != end.line


def _line(mark: yaml.Mark | None) -> Phrase:
    return Phrase("cl_line", {"n": mark.line + 1}) if mark is not None else CHECKLIST


def _parse_sections(
    data: dict, source: str, problems: list[ChecklistProblem]
) -> list[Section] | None:
    raw_sections = data.get("sections")
    if not isinstance(raw_sections, list) or not raw_sections:
        problems.append(_problem(source, CHECKLIST, "cl_empty_list", "sections"))
        return None
    sections = []
    for n, raw in enumerate(raw_sections, 1):
        if not isinstance(raw, dict):
            problems.append(_problem(source, _section(f"#{n}"), "cl_not_mapping"))
            continue
        section_id = raw.get("id", f"#{n}")
        where = _section(section_id)
        items = []
        raw_items = raw.get("items")
        if not isinstance(raw_items, list) or not raw_items:
            problems.append(_problem(source, where, "cl_empty_list", "items"))
            raw_items = []
        for m, raw_item in enumerate(raw_items, 1):
            fallback = Phrase("cl_section_item", {"section": section_id, "n": m})
            item = _parse_item(raw_item, source, fallback, problems)
            if item is not None:
                items.append(item)
        try:
            sections.append(Section.model_validate({**raw, "items": items}))
        except ValidationError as exc:
            problems.extend(_pydantic_problems(exc, source, where))
    return sections


def _parse_item(raw: Any, source: str, fallback: Phrase, problems: list[ChecklistProblem]) -> Any:
    if not isinstance(raw, dict):
        problems.append(_problem(source, fallback, "cl_not_mapping"))
        return None
    where = _item(raw["id"]) if isinstance(raw.get("id"), str) else fallback
    if raw.get("type") not in ITEM_TYPES:
        types = ", ".join(ITEM_TYPES)
        problems.append(
            _problem(source, where, "cl_unknown_type", type=raw.get("type"), types=types)
        )
        return None
    try:
        return _item_adapter.validate_python(raw)
    except ValidationError as exc:
        problems.extend(_pydantic_problems(exc, source, where))
        return None


def _pydantic_problems(exc: ValidationError, source: str, where: Phrase) -> list[ChecklistProblem]:
    problems = []
    for error in exc.errors():
        loc = [str(p) for p in error["loc"] if not (isinstance(p, str) and p in ITEM_TYPES)]
        field = ".".join(loc) or None
        problems.append(ChecklistProblem(source, where, field, _pydantic_reason(error)))
    return problems


# pydantic error types told in Finnish too (cl_pd_<type>); others are shown as pydantic says
_PYDANTIC_TYPES = frozenset(
    {
        "string_type",
        "int_type",
        "int_parsing",
        "int_from_float",
        "float_type",
        "float_parsing",
        "finite_number",
        "bool_type",
        "bool_parsing",
        "literal_error",
        "greater_than",
        "greater_than_equal",
        "less_than",
        "less_than_equal",
        "list_type",
        "dict_type",
        "string_too_short",
        "string_too_long",
        "too_short",
        "too_long",
    }
)


def _pydantic_reason(error: ErrorDetails) -> Phrase:
    """The reason as a phrase whose English is exactly pydantic's message (or our own wording
    for an unknown or missing field, or a value that should be a mapping)."""
    kind = error["type"]
    if kind == "extra_forbidden":
        return Phrase("cl_unknown_field")
    if kind == "missing":
        return Phrase("cl_required_missing")
    if kind == "model_type":  # pydantic's message names our Python class
        return Phrase("cl_not_mapping")
    fallback = Phrase("said", {"text": error["msg"]})
    if kind not in _PYDANTIC_TYPES:
        return fallback
    said = Phrase(f"cl_pd_{kind}", _pydantic_values(kind, error.get("ctx") or {}))
    try:
        # Our English copy of the message must match pydantic's to the letter, else its own text.
        return said if said.text() == error["msg"] else fallback
    except (KeyError, IndexError):  # a context value this pydantic version no longer gives
        return fallback


def _pydantic_values(kind: str, ctx: Mapping[str, Any]) -> dict[str, object]:
    # pydantic prints a whole float bound without ".0" (ge=0 → "0")
    values: dict[str, object] = {
        k: int(v) if isinstance(v, float) and v.is_integer() else v for k, v in ctx.items()
    }
    if kind == "literal_error":
        first, _, last = str(ctx.get("expected", "")).rpartition(" or ")
        if first:
            values["expected"] = Phrase("cl_pd_alternatives", {"first": first, "last": last})
    elif kind in ("string_too_short", "string_too_long", "too_short", "too_long"):
        n = ctx.get("min_length", ctx.get("max_length"))
        noun = "cl_pd_char" if kind.startswith("string") else "cl_pd_item"
        values["count"] = Phrase(noun if n == 1 else f"{noun}s", {"n": n})
    return values


def _cross_checks(checklist: Checklist, data: dict, source: str) -> Iterator[ChecklistProblem]:
    langs = checklist.languages
    if not ID_PATTERN.match(checklist.id):
        yield _problem(source, CHECKLIST, "cl_named_id_case", id=checklist.id)
    yield from _texts(checklist.title, langs, source, CHECKLIST, "title")
    if checklist.description:
        yield from _texts(checklist.description, langs, source, CHECKLIST, "description")
    seen: set[str] = set()
    earlier: dict[str, Any] = {}
    all_ids = {item.id for item in checklist.items()}
    for section in checklist.sections:
        where = _section(section.id)
        yield from _id_checks(section.id, seen, source, where)
        if section.weight <= 0:
            yield _problem(source, where, "cl_weight_positive", weight=section.weight)
        yield from _texts(section.title, langs, source, where, "title")
        for item in section.items:
            yield from _item_checks(item, seen, earlier, all_ids, langs, source)
            earlier[item.id] = item


def _id_checks(
    ident: str, seen: set[str], source: str, where: Phrase
) -> Iterator[ChecklistProblem]:
    if not ID_PATTERN.match(ident):
        yield _problem(source, where, "cl_id_case")
    if ident in seen:
        yield _problem(source, where, "cl_duplicate_id", id=ident)
    seen.add(ident)


def _texts(
    texts: Texts, langs: list[str], source: str, where: Phrase, field: str | Phrase
) -> Iterator[ChecklistProblem]:
    for lang in langs:
        if not str(texts.get(lang) or "").strip():
            yield _problem(source, where, "cl_missing_text", field, language=_language(lang))


def _language(code: str) -> Phrase:
    """How a text's language is named: "'fi'" in English, "suomenkielinen ('fi')" in Finnish."""
    if code in ("fi", "en"):
        return Phrase(f"cl_language_{code}")
    return Phrase("cl_language", {"code": code})


def _item_checks(
    item: Any,
    seen: set[str],
    earlier: dict[str, Any],
    all_ids: set[str],
    langs: list[str],
    source: str,
) -> Iterator[ChecklistProblem]:
    where = _item(item.id)
    yield from _id_checks(item.id, seen, source, where)
    yield from _texts(item.label, langs, source, where, "label")
    if item.guidance:
        yield from _texts(item.guidance, langs, source, where, "guidance")
    if item.critical and not item.scored:
        yield _problem(source, where, "cl_critical_unscored", type=item.type)
    if item.staff_name and (item.type != "text" or item.required):
        yield _problem(source, where, "cl_staff_name")
    yield from _type_checks(item, langs, source, where)
    values = item.answer_values()
    if values is not None:
        bad = [v for v in item.comment_required_when if v not in values]
        if bad:
            yield _problem(source, where, "cl_comment_values", bad=bad)
    if item.visible_if is not None:
        yield from _visible_if_checks(item, earlier, all_ids, source, where)


def _visible_if_checks(
    item: Any, earlier: dict[str, Any], all_ids: set[str], source: str, where: Phrase
) -> Iterator[ChecklistProblem]:
    ref = item.visible_if.item
    target = earlier.get(ref)
    if target is None:
        kind = (
            "cl_ref_itself"
            if ref == item.id
            else "cl_ref_later"
            if ref in all_ids
            else ("cl_ref_unknown")
        )
        yield _problem(source, where, "cl_visible_if_ref", ref=ref, kind=Phrase(kind))
        return
    target_values = target.answer_values()
    bad = [
        v
        for v in item.visible_if.accepted()
        if target_values is not None and v not in target_values
    ]
    if bad:
        yield _problem(source, where, "cl_visible_if_values", bad=bad, target=target.id)


def _type_checks(
    item: Any, langs: list[str], source: str, where: Phrase
) -> Iterator[ChecklistProblem]:
    if isinstance(item, DurationItem):
        limits = [b.max_seconds for b in item.bands]
        if limits != sorted(limits) or len(set(limits)) != len(limits):
            yield _problem(source, where, "cl_bands_order")
        if limits and limits[-1] > item.limit_seconds:
            yield _problem(source, where, "cl_band_beyond_limit", limit=item.limit_seconds)
    if isinstance(item, ScaleItem):
        if item.min >= item.max:
            yield _problem(source, where, "cl_min_below_max")
        if item.points is not None and item.option_points is not None:
            yield _problem(source, where, "cl_points_or_option_points")
        for key in item.option_points or {}:
            if not item.min <= key <= item.max:
                yield _key_outside(source, where, "option_points", key, item)
        for key, texts in (item.labels or {}).items():
            if not item.min <= key <= item.max:
                yield _key_outside(source, where, "labels", key, item)
            yield from _texts(texts, langs, source, where, f"labels.{key}")
    if isinstance(item, ChoiceItem | MultiChoiceItem):
        if not item.options:
            yield _problem(source, where, "cl_no_options", "options")
        ids = [o.id for o in item.options]
        for dup in sorted({i for i in ids if ids.count(i) > 1}):
            yield _problem(source, where, "cl_duplicate_option", id=dup)
        for option in item.options:
            field = Phrase("cl_option", {"id": option.id})
            yield from _texts(option.label, langs, source, where, field)
    if isinstance(item, NumberItem):
        if item.min is not None and item.max is not None and item.min >= item.max:
            yield _problem(source, where, "cl_min_below_max")
        if item.unit:
            yield from _texts(item.unit, langs, source, where, "unit")


def _rules_for_new_files(checklist: Checklist, source: str) -> Iterator[ChecklistProblem]:
    """Rules added after versions were already stored (applied to uploads and publishing)."""
    for section in checklist.sections:
        # YAML reads .inf and .nan as numbers; -.inf is already told to be positive
        if not math.isfinite(section.weight) and not section.weight < 0:
            yield _problem(source, _section(section.id), "cl_pd_finite_number", "weight")
        for item in section.items:
            where = _item(item.id)
            for field in _infinite_fields(item.model_dump(exclude_none=True)):
                yield _problem(source, where, "cl_pd_finite_number", field)
            if isinstance(item, ScaleItem) and item.max - item.min + 1 > MAX_SCALE_STEPS:
                steps = item.max - item.min + 1
                yield _problem(
                    source, where, "cl_scale_too_wide", steps=steps, most=MAX_SCALE_STEPS
                )


def _infinite_fields(value: Any, path: str = "") -> Iterator[str]:
    if isinstance(value, float) and not math.isfinite(value):
        yield path
    elif isinstance(value, dict):
        for key, inner in value.items():
            yield from _infinite_fields(inner, f"{path}.{key}" if path else str(key))
    elif isinstance(value, list):
        for n, inner in enumerate(value):
            yield from _infinite_fields(inner, f"{path}.{n}")


def _key_outside(
    source: str, where: Phrase, name: str, key: int, item: ScaleItem
) -> ChecklistProblem:
    return _problem(
        source, where, "cl_key_outside", name=name, value=key, low=item.min, high=item.max
    )
