"""Store rankings and wave comparisons from approved audits, always within the user's scope.

Everything here aggregates, with pandas, the numbers that `fieldwork.rescore` stored through the
one scoring implementation (audits.scoring): each audit's score and section scores, and each
answer's earned/possible points. Nothing re-scores an answer, so the app, the Excel report and
the CLI `score` command agree.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

import numpy as np
import pandas as pd
from sqlalchemy import ColumnElement, select
from sqlalchemy.orm import Session

from audits.auth import Actor, PermissionDenied, require_role, store_scope
from audits.catalog import checklist_of
from audits.checklist import Checklist
from audits.models import Answer, Audit, ChecklistVersion, Client, Store, Visit, Wave, local_date

STORE_COLUMNS = ["store_id", "code", "name", "city", "region"]
# Columns of the ranking besides the section scores; a section id equal to one of these gets
# a suffix so that it cannot overwrite it.
RESERVED = {
    "rank",
    *STORE_COLUMNS,
    "lat",
    "lon",
    "score",
    "margin",
    "low",
    "high",
    "audits",
    "previous",
    "change",
    "audit_id",
    "wave_id",
    "visited_on",
}
SCORED_TYPES = {"yes_no", "scale", "choice", "multi_choice", "duration"}
# 95% normal quantile, for the interval around a store's mean of few audits.
Z95 = 1.96


class WaveNotFound(ValueError):
    """No visible wave matches the name or id."""


class WaveAmbiguous(ValueError):
    """The wave name exists for several clients; the caller must name the client."""

    def __init__(self, name: str, clients: list[str]):
        self.clients = clients
        super().__init__(
            f"wave {name!r} exists for several clients ({', '.join(clients)}); name the client"
        )


@dataclass(frozen=True)
class WaveInfo:
    id: int
    client: str
    name: str
    starts_on: dt.date
    ends_on: dt.date
    checklist_version_id: int
    client_id: int = 0


@dataclass(frozen=True)
class SectionInfo:
    id: str
    column: str  # the section's column in ranking frames
    title: str
    weight: float


def _info(wave: Wave, client_name: str) -> WaveInfo:
    return WaveInfo(
        wave.id,
        client_name,
        wave.name,
        wave.starts_on,
        wave.ends_on,
        wave.checklist_version_id,
        wave.client_id,
    )


def visible_waves(session: Session, actor: Actor) -> list[WaveInfo]:
    """Waves of the clients the actor may see, newest first."""
    require_role(actor, "admin", "manager", "client")
    query = select(Wave, Client).join(Client, Wave.client_id == Client.id)
    if actor.client_id is not None:
        query = query.where(Wave.client_id == actor.client_id)
    rows = session.execute(query.order_by(Wave.starts_on.desc(), Wave.id.desc())).all()
    return [_info(w, c.name) for w, c in rows]


def newest_wave_with_results(session: Session, actor: Actor) -> int | None:
    """The newest visible wave with an approved audit of a store in the actor's scope: where
    a client's pages open, rather than on a wave whose audits are still under way."""
    require_role(actor, "admin", "manager", "client")
    query = (
        select(Wave.id)
        .join(Visit, Visit.wave_id == Wave.id)
        .join(Audit, Audit.visit_id == Visit.id)
        .join(Store, Visit.store_id == Store.id)
        .where(Audit.status == "approved", store_scope(actor))
    )
    if actor.client_id is not None:
        query = query.where(Wave.client_id == actor.client_id)
    return session.scalar(query.order_by(Wave.starts_on.desc(), Wave.id.desc()).limit(1))


def find_wave(
    session: Session, actor: Actor, name_or_id: str, client: str | None = None
) -> WaveInfo:
    """A visible wave by id or name (case-insensitive), optionally of one named client."""
    waves = visible_waves(session, actor)
    if client is not None:
        wanted = client.strip().casefold()
        waves = [w for w in waves if w.client.casefold() == wanted]
        if not waves:
            raise WaveNotFound(f"no client named {client!r} with waves")
    key = name_or_id.strip()
    if key.isdigit():
        by_id = [w for w in waves if w.id == int(key)]
        if by_id:
            return by_id[0]
    matches = [w for w in waves if w.name.casefold() == key.casefold()]
    if not matches:
        known = ", ".join(sorted({f"{w.name} ({w.client})" for w in waves})) or "none"
        raise WaveNotFound(f"no wave named {name_or_id!r}; known waves: {known}")
    if len(matches) > 1:
        raise WaveAmbiguous(key, sorted(w.client for w in matches))
    return matches[0]


def wave_for(session: Session, actor: Actor, wave_id: int) -> Wave:
    """The wave if the actor may see it; a missing one and a forbidden one look the same."""
    require_role(actor, "admin", "manager", "client")
    wave = session.get(Wave, wave_id)
    if wave is None or (actor.client_id is not None and wave.client_id != actor.client_id):
        raise PermissionDenied(f"wave {wave_id} not found")
    return wave


def wave_info(session: Session, wave: Wave) -> WaveInfo:
    client = session.get(Client, wave.client_id)
    assert client is not None
    return _info(wave, client.name)


def previous_wave(session: Session, wave: Wave) -> Wave | None:
    """The client's wave that started last before this one, if any."""
    return session.scalar(
        select(Wave)
        .where(Wave.client_id == wave.client_id, Wave.starts_on < wave.starts_on)
        .order_by(Wave.starts_on.desc(), Wave.id.desc())
        .limit(1)
    )


def waves_until(session: Session, wave: Wave) -> list[Wave]:
    """The client's waves up to and including this one, oldest first (for trends)."""
    return list(
        session.scalars(
            select(Wave)
            .where(Wave.client_id == wave.client_id, Wave.starts_on <= wave.starts_on)
            .order_by(Wave.starts_on, Wave.id)
        )
    )


def checklist_for(session: Session, wave: Wave) -> Checklist:
    version = session.get(ChecklistVersion, wave.checklist_version_id)
    assert version is not None
    return checklist_of(version)


def sections_of(checklist: Checklist, language: str) -> list[SectionInfo]:
    """The sections with a column of their own beside the store columns and each other."""
    taken = set(RESERVED)
    sections = []
    for s in checklist.sections:
        column = s.id if s.id not in taken else f"{s.id}_section"
        while column in taken:  # a section may itself be called "score_section"
            column += "_"
        taken.add(column)
        title = s.title.get(language) or s.title.get("en") or s.id
        sections.append(SectionInfo(s.id, column, title, float(s.weight)))
    return sections


def brand_clause(wave: Wave) -> ColumnElement[bool]:
    """All stores of the wave's client: for network figures that name no store."""
    return Store.client_id == wave.client_id


# --- loading -------------------------------------------------------------------------------


def load_audits(
    session: Session, wave_ids: list[int], where: ColumnElement[bool], sections: list[SectionInfo]
) -> pd.DataFrame:
    """One row per approved audit of the waves within `where`: store, score, section scores."""
    rows = session.execute(
        select(
            Audit.id,
            Visit.wave_id,
            Store.id,
            Store.code,
            Store.name,
            Store.city,
            Store.region,
            Store.lat,
            Store.lon,
            Visit.planned_date,
            Audit.checkin_at,
            Audit.submitted_at,
            Audit.score,
            Audit.section_scores,
        )
        .join(Visit, Audit.visit_id == Visit.id)
        .join(Store, Visit.store_id == Store.id)
        .where(Visit.wave_id.in_(wave_ids), Audit.status == "approved", where)
        .order_by(Audit.id)
    ).all()
    base_columns = ["audit_id", "wave_id", *STORE_COLUMNS, "lat", "lon"]
    frame = pd.DataFrame.from_records([r[:9] for r in rows], columns=base_columns)
    frame["score"] = pd.Series([r[12] for r in rows], dtype="float64")
    # The day of the visit: checked in, else planned, else submitted (a loop per audit).
    frame["visited_on"] = pd.Series(
        [
            _visit_day(planned, checkin, submitted)
            for *_, planned, checkin, submitted, _s, _ss in rows
        ],
        dtype="object",
        index=frame.index,
    )
    per_section = pd.DataFrame.from_records(
        [r[13] or {} for r in rows], columns=[s.id for s in sections]
    )
    for section in sections:
        frame[section.column] = pd.to_numeric(per_section[section.id], errors="coerce")
    return frame


def _visit_day(
    planned: dt.date | None, checkin: dt.datetime | None, submitted: dt.datetime | None
) -> dt.date | None:
    if checkin is not None:
        return local_date(checkin)
    return planned if planned is not None else local_date(submitted) if submitted else None


def load_answers(session: Session, wave_ids: list[int], where: ColumnElement[bool]) -> pd.DataFrame:
    """Every answer of the approved audits of the waves within `where`, with stored points."""
    rows = session.execute(
        select(
            Answer.audit_id,
            Store.id,
            Answer.item_id,
            Answer.value,
            Answer.na,
            Answer.comment,
            Answer.earned,
            Answer.possible,
        )
        .join(Audit, Answer.audit_id == Audit.id)
        .join(Visit, Audit.visit_id == Visit.id)
        .join(Store, Visit.store_id == Store.id)
        .where(Visit.wave_id.in_(wave_ids), Audit.status == "approved", where)
        .order_by(Answer.audit_id, Answer.id)
    ).all()
    columns = ["audit_id", "store_id", "item_id", "value", "na", "comment", "earned", "possible"]
    # Plain tuples: pandas probes every SQLAlchemy Row for namedtuple fields, which is slow.
    frame = pd.DataFrame.from_records([tuple(r) for r in rows], columns=columns)
    frame["earned"] = frame["earned"].astype("float64")
    frame["possible"] = frame["possible"].astype("float64")
    return frame


# --- ranking -------------------------------------------------------------------------------


def store_scores(audits: pd.DataFrame, sections: list[SectionInfo]) -> pd.DataFrame:
    """Store score = mean of its approved audits (and the same per section)."""
    columns = [s.column for s in sections]
    if audits.empty:
        return pd.DataFrame(columns=[*STORE_COLUMNS, "lat", "lon", "score", *columns, "audits"])
    grouped = audits.groupby("store_id", sort=False)
    scores = grouped[["score", *columns]].mean()
    scores["audits"] = grouped["audit_id"].count()
    first = grouped[["code", "name", "city", "region", "lat", "lon"]].first()
    return first.join(scores).reset_index()


def shown(value: float) -> float:
    """A score as pages and reports show it: one decimal, a half rounded up as Excel does
    (Python's own rounding takes 84.25 to 84.2, Excel's to 84.3)."""
    return float(Decimal(repr(value)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def score_text(value: float | None, sign: bool = False) -> str:
    """A score for people: "84.3", "+1.5" with `sign`, "–" for none."""
    if value is None or pd.isna(value):
        return "–"
    return f"{shown(value):+.1f}" if sign else f"{shown(value):.1f}"


def ranks(values: pd.Series) -> pd.Series:
    """1 for the best; values shown alike (one decimal) share a rank: 1, 2, 2, 4."""
    rounded = values.map(shown, na_action="ignore")
    return rounded.rank(method="min", ascending=False).astype("Int64")


def margins(counts: pd.Series, audit_spread: float) -> pd.Series:
    """Half-width of a 95% interval of a mean of `counts` audits, from the network's spread."""
    if not np.isfinite(audit_spread):
        return pd.Series(np.nan, index=counts.index)
    return Z95 * audit_spread / np.sqrt(counts.astype("float64"))


def rank_stores(
    stores: pd.DataFrame,
    *,
    by: str = "score",
    audit_spread: float = float("nan"),
    previous: pd.Series | None = None,
    current_comparable: pd.Series | None = None,
) -> pd.DataFrame:
    """Rank stores by a score column; add the interval and the change since the previous wave.

    `previous` and `current_comparable` are store scores indexed by store id on the items
    both checklist versions share; the change is their difference.
    """
    table = stores.copy()
    table.insert(0, "rank", ranks(table[by]) if not table.empty else pd.Series(dtype="Int64"))
    margin = margins(table["audits"], audit_spread)
    table["margin"] = margin
    table["low"] = (table["score"] - margin).clip(lower=0)
    table["high"] = (table["score"] + margin).clip(upper=100)
    now = (
        current_comparable
        if current_comparable is not None
        else table.set_index("store_id")["score"]
    )
    if previous is None:
        table["previous"] = np.nan
        table["change"] = np.nan
    else:
        table["previous"] = table["store_id"].map(previous).astype("float64")
        table["change"] = table["store_id"].map(now).astype("float64") - table["previous"]
    return table.sort_values(["rank", "name"], na_position="last").reset_index(drop=True)


def rerank(
    table: pd.DataFrame,
    *,
    by: str = "score",
    regions: list[str] | None = None,
    network_ranks: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """A ranking limited to some regions and/or ranked by one section, ranks recomputed among
    the rows kept; with `network_ranks` (from `ranks_in_network`) each store keeps its rank in
    the whole network instead."""
    if by not in table.columns:
        raise ValueError(f"cannot rank by {by!r}: no such column")
    if regions:
        table = table[table["region"].isin(regions)]
    if network_ranks is not None:
        table = table.assign(rank=table["store_id"].map(network_ranks[by]).astype("Int64"))
    elif not table.empty:
        table = table.assign(rank=ranks(table[by]))
    return table.sort_values(["rank", "name"], na_position="last").reset_index(drop=True)


def narrower_than_brand(actor: Actor) -> bool:
    """A client user who sees one store or one region of the brand, not all of it."""
    return actor.role == "client" and (actor.scope_store_id is not None or bool(actor.scope_region))


def ranks_in_network(network: pd.DataFrame, columns: list[str], stores: set[int]) -> pd.DataFrame:
    """Rank in the whole network (`network`: every store's scores) by each of `columns`, for
    `stores` only: one row per store id. A scoped client sees these, so that a store has one
    rank wherever it is shown."""
    by_store = network.set_index("store_id")
    table = pd.DataFrame({c: ranks(by_store[c]) for c in columns}, index=by_store.index)
    return table[table.index.isin(stores)]


# --- comparisons across checklist versions ---------------------------------------------------


def shared_items(now: Checklist, before: Checklist) -> set[str]:
    """Scored items present in both checklist versions (by id and type)."""
    earlier = {i.id: i.type for i in before.items() if i.type in SCORED_TYPES}
    return {i.id for i in now.items() if i.type in SCORED_TYPES and earlier.get(i.id) == i.type}


def comparable_scores(
    answers: pd.DataFrame, checklist: Checklist, items: set[str], sections: list[SectionInfo]
) -> pd.DataFrame:
    """Per audit, total and section scores over only `items`, with the stored points.

    Sections, weights and the critical rule are `checklist`'s, so two waves scored with
    different versions are compared on the same footing. With every item of the audit's own
    checklist this gives the stored scores again (tests check it).
    """
    section_of = {i.id: checklist.section_of(i.id).id for i in checklist.items() if i.id in items}
    critical = {i.id for i in checklist.items() if i.id in items and i.critical}
    column_of = {s.id: s.column for s in sections}
    weight_of = {s.id: s.weight for s in sections}
    counted = answers.loc[
        answers["item_id"].isin(section_of.keys()) & (answers["possible"] > 0),
        ["audit_id", "item_id", "earned", "possible"],
    ]
    counted = counted.assign(
        section=counted["item_id"].map(section_of),
        failed=counted["item_id"].isin(critical) & (counted["earned"] <= 0),
    )
    per = counted.groupby(["audit_id", "section"]).agg(
        earned=("earned", "sum"), possible=("possible", "sum"), failed=("failed", "any")
    )
    per["pct"] = per["earned"] / per["possible"] * 100
    rule = checklist.critical_rule
    if rule == "zero_section":
        per.loc[per["failed"], "pct"] = 0.0
    per["weight"] = per.index.get_level_values("section").map(weight_of).astype("float64")
    per["weighted"] = per["pct"] * per["weight"]
    by_audit = per.groupby(level="audit_id")
    total = by_audit["weighted"].sum() / by_audit["weight"].sum()
    if rule == "zero_audit":
        total[by_audit["failed"].any()] = 0.0
    table = per["pct"].unstack("section").rename(columns=column_of)
    table = table.reindex(columns=[s.column for s in sections])
    table.insert(0, "score", total)
    return table


# --- the simple ranking the first page used ------------------------------------------------


def store_ranking(
    session: Session, actor: Actor, wave_id: int, *, region: str | None = None
) -> pd.DataFrame:
    """Stores in scope by mean approved score; ties share a rank (1, 2, 2, 4). A client who
    sees one store or region gets its stores' ranks in the whole network."""
    wave = wave_for(session, actor, wave_id)
    sections = sections_of(checklist_for(session, wave), actor.language)
    where = store_scope(actor)
    if region:
        where = where & (Store.region == region)
    table = rank_stores(store_scores(load_audits(session, [wave.id], where, sections), sections))
    if narrower_than_brand(actor) and not table.empty:
        network = store_scores(load_audits(session, [wave.id], brand_clause(wave), sections), [])
        table = rerank(
            table, network_ranks=ranks_in_network(network, ["score"], set(table["store_id"]))
        )
    return table.drop(columns=["lat", "lon", "margin", "low", "high", "previous", "change"])


def section_titles_for(session: Session, actor: Actor, wave_id: int) -> dict[str, str]:
    """Section column → title in the actor's language, for a wave the actor may see."""
    wave = wave_for(session, actor, wave_id)
    return {s.column: s.title for s in sections_of(checklist_for(session, wave), actor.language)}
