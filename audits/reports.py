"""What a client sees of a wave: overview, ranking, sections, items, store pages.

`wave_report` gathers one wave within the acting user's scope into plain pandas frames that
the pages show and the Excel writer (audits.report_xlsx) writes. Network figures (the brand's
average) are aggregates that name no store, so a dealer sees them beside its own results.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from sqlalchemy import ColumnElement, select
from sqlalchemy.orm import Session

from audits.auth import Actor, PermissionDenied, can_see_store, store_scope
from audits.checklist import TIME_PATTERN, Checklist, Item, Response
from audits.i18n import clock, number, separators, wait
from audits.models import Client, Store, Wave, local_now
from audits.rankings import (
    SectionInfo,
    WaveInfo,
    brand_clause,
    checklist_for,
    comparable_scores,
    load_answers,
    load_audits,
    narrower_than_brand,
    previous_wave,
    rank_stores,
    ranks_in_network,
    rerank,
    sections_of,
    shared_items,
    store_scores,
    wave_for,
    wave_info,
    waves_until,
)
from audits.report_texts import tr

BINS = list(range(0, 101, 10))
TOP = 5


@dataclass(frozen=True)
class Figures:
    """Headline numbers of a set of stores in a wave."""

    score: float | None
    stores: int
    audits: int
    # Like for like: over the stores with approved audits in both waves (`compared` of them),
    # on the items both waves share. `compared` is None when there is no previous wave.
    previous: float | None = None
    change: float | None = None
    compared: int | None = None


@dataclass
class WaveReport:
    wave: WaveInfo
    previous: WaveInfo | None
    language: str
    checklist: Checklist
    sections: list[SectionInfo]
    scope_label: str
    single_store: bool
    shared_items: int | None  # None when both waves use the same checklist version
    ranking: pd.DataFrame
    scope: Figures
    network: Figures
    position: tuple[int, int] | None  # a single store's rank in the whole network
    # A client who sees one store or a region: its stores' ranks in the whole network by the
    # total and by each section (store id → rank); None when ranks are among the stores shown.
    network_ranks: pd.DataFrame | None
    section_table: pd.DataFrame
    distribution: pd.DataFrame
    items: pd.DataFrame
    items_by_region: pd.DataFrame
    generated_at: dt.datetime = field(default_factory=local_now)  # as the client's pages tell time
    # With details=True: every answer in scope and each store's trend over waves.
    answers: pd.DataFrame | None = None
    trend: pd.DataFrame | None = None
    network_trend: pd.DataFrame | None = None

    @property
    def section_columns(self) -> list[str]:
        return [s.column for s in self.sections]

    @property
    def regions(self) -> list[str]:
        return sorted(r for r in self.ranking["region"].dropna().unique() if r)


@dataclass
class StoreReport:
    store_id: int
    code: str
    name: str
    city: str
    region: str
    wave: WaveInfo
    language: str
    score: float | None
    network_score: float | None
    sections: pd.DataFrame  # title, store, network
    trend: pd.DataFrame  # wave, starts_on, score, network
    audits: list[AuditDetail]
    most_failed: pd.DataFrame


@dataclass
class AuditDetail:
    audit_id: int
    visited_on: dt.date | None
    score: float | None
    items: pd.DataFrame  # section, item, answer, earned, possible, comment


# --- the wave report -----------------------------------------------------------------------


def wave_report(
    session: Session,
    actor: Actor,
    wave_id: int,
    *,
    language: str | None = None,
    details: bool = False,
) -> WaveReport:
    """One wave within the actor's scope; `details` adds every answer and the store trends."""
    wave = wave_for(session, actor, wave_id)
    lang = language or actor.language
    checklist = checklist_for(session, wave)
    sections = sections_of(checklist, lang)
    in_scope = _scope_store_ids(session, actor, wave)
    network_audits = load_audits(session, [wave.id], brand_clause(wave), sections)
    network_answers = client_answers(session, [wave], brand_clause(wave))
    audits = network_audits[network_audits["store_id"].isin(in_scope)]
    answers = network_answers[network_answers["store_id"].isin(in_scope)]

    prev = previous_wave(session, wave)
    now_cmp, prev_cmp, shared = _comparison(
        session, wave, prev, checklist, sections, network_audits, network_answers
    )
    in_both = _in_both_waves(now_cmp, prev_cmp)
    spread = float(network_audits["score"].std(ddof=1)) if len(network_audits) > 1 else np.nan
    network_stores = store_scores(network_audits, sections)
    ranking = rank_stores(
        store_scores(audits, sections),
        audit_spread=spread,
        previous=_store_means(prev_cmp, "score") if prev_cmp is not None else None,
        current_comparable=_store_means(now_cmp, "score") if now_cmp is not None else None,
    )
    single = actor.role == "client" and actor.scope_store_id is not None
    in_network = None
    if narrower_than_brand(actor) and not network_stores.empty:
        in_network = ranks_in_network(
            network_stores, ["score", *[s.column for s in sections]], in_scope
        )
        ranking = rerank(ranking, network_ranks=in_network)
    report = WaveReport(
        wave=wave_info(session, wave),
        previous=wave_info(session, prev) if prev is not None else None,
        language=lang,
        checklist=checklist,
        sections=sections,
        scope_label=_scope_label(session, actor, lang),
        single_store=single,
        shared_items=shared,
        ranking=ranking,
        scope=_figures(ranking, audits, now_cmp, prev_cmp, _within(in_both, in_scope)),
        network=_figures(network_stores, network_audits, now_cmp, prev_cmp, in_both),
        position=_position(network_stores, ranking) if single else None,
        network_ranks=in_network,
        section_table=_section_table(
            sections, ranking, network_stores, now_cmp, prev_cmp, _within(in_both, in_scope)
        ),
        distribution=_distribution(ranking),
        items=_item_analysis(answers, network_answers, checklist, lang),
        items_by_region=_items_by_region(answers, audits, checklist, lang),
    )
    if details:
        report.answers = answer_rows(answers, audits, checklist, lang)
        report.trend, report.network_trend = _trends(session, wave, in_scope)
    return report


def client_answers(session: Session, waves: list[Wave], where: ColumnElement[bool]) -> pd.DataFrame:
    """The approved answers of the waves as the client may see them: unless the client collects
    staff names, items asking for one are left out, whatever is stored."""
    answers = load_answers(session, [w.id for w in waves], where)
    hidden = staff_name_items(session, waves)
    if not hidden:
        return answers
    return answers[~answers["item_id"].isin(hidden)].reset_index(drop=True)


def staff_name_items(session: Session, waves: list[Wave]) -> set[str]:
    """Ids of the waves' staff-name items when their client has staff names off, else none."""
    if not waves:
        return set()
    client = session.get(Client, waves[0].client_id)
    if client is not None and client.staff_names_enabled:
        return set()
    return {i.id for w in waves for i in checklist_for(session, w).items() if i.staff_name}


def _scope_store_ids(session: Session, actor: Actor, wave: Wave) -> set[int]:
    return set(
        session.scalars(select(Store.id).where(brand_clause(wave), store_scope(actor))).all()
    )


def _scope_label(session: Session, actor: Actor, lang: str) -> str:
    if actor.role == "client" and actor.scope_store_id is not None:
        store = session.get(Store, actor.scope_store_id)
        return tr("scope_store", lang, store=f"{store.code} {store.name}" if store else "?")
    if actor.role == "client" and actor.scope_region:
        return tr("scope_region", lang, region=actor.scope_region)
    return tr("scope_brand", lang)


def _comparison(
    session: Session,
    wave: Wave,
    prev: Wave | None,
    checklist: Checklist,
    sections: list[SectionInfo],
    audits: pd.DataFrame,
    answers: pd.DataFrame,
) -> tuple[pd.DataFrame | None, pd.DataFrame | None, int | None]:
    """Per-audit scores of this wave and the previous one, comparable with each other.

    Same checklist version: the stored scores. Different versions: both recomputed over only
    the items the versions share, from the stored points.
    """
    if prev is None:
        return None, None, None
    brand = brand_clause(wave)
    prev_audits = load_audits(session, [prev.id], brand, sections)
    keep = ["audit_id", "store_id", "score", *[s.column for s in sections]]
    if prev.checklist_version_id == wave.checklist_version_id:
        return audits[keep], prev_audits[keep], None
    items = shared_items(checklist, checklist_for(session, prev))
    prev_answers = load_answers(session, [prev.id], brand)
    now = comparable_scores(answers, checklist, items, sections)
    before = comparable_scores(prev_answers, checklist, items, sections)
    now = now.join(audits.set_index("audit_id")["store_id"]).reset_index()
    before = before.join(prev_audits.set_index("audit_id")["store_id"]).reset_index()
    return now, before, len(items)


def _in_both_waves(now_cmp: pd.DataFrame | None, prev_cmp: pd.DataFrame | None) -> set[int] | None:
    """Stores with approved audits in both waves. Changes are computed over only these: a wave
    still in progress would otherwise be compared with a different set of stores."""
    if now_cmp is None or prev_cmp is None:
        return None
    return set(now_cmp["store_id"]) & set(prev_cmp["store_id"])


def _within(stores: set[int] | None, scope: set[int]) -> set[int] | None:
    return None if stores is None else stores & scope


def _store_means(per_audit: pd.DataFrame, column: str) -> pd.Series:
    return per_audit.groupby("store_id")[column].mean()


def _mean_of_stores(
    per_audit: pd.DataFrame | None, column: str, stores: set[int] | None
) -> float | None:
    if per_audit is None or stores is None:
        return None
    value = _store_means(per_audit[per_audit["store_id"].isin(stores)], column).mean()
    return None if pd.isna(value) else float(value)


def _figures(
    stores: pd.DataFrame,
    audits: pd.DataFrame,
    now_cmp: pd.DataFrame | None,
    prev_cmp: pd.DataFrame | None,
    compared: set[int] | None,
) -> Figures:
    """The stores' figures; the change over the `compared` stores only (None: no previous wave)."""
    score = stores["score"].mean() if not stores.empty else None
    previous = _mean_of_stores(prev_cmp, "score", compared)
    now = _mean_of_stores(now_cmp, "score", compared)
    return Figures(
        score=None if score is None or pd.isna(score) else float(score),
        stores=len(stores),
        audits=len(audits),
        previous=previous,
        change=None if previous is None or now is None else now - previous,
        compared=None if compared is None else len(compared),
    )


def _position(network: pd.DataFrame, ranking: pd.DataFrame) -> tuple[int, int] | None:
    if ranking.empty or network.empty:
        return None
    ranked = rank_stores(network)
    own = ranked.loc[ranked["store_id"] == ranking["store_id"].iloc[0], "rank"]
    return (int(own.iloc[0]), len(ranked)) if not own.empty else None


def _section_table(
    sections: list[SectionInfo],
    ranking: pd.DataFrame,
    network: pd.DataFrame,
    now_cmp: pd.DataFrame | None,
    prev_cmp: pd.DataFrame | None,
    compared: set[int] | None,
) -> pd.DataFrame:
    """Per section: this wave over every store in scope; previous and change like for like."""
    rows = []
    for s in sections:
        this = ranking[s.column].mean() if not ranking.empty else np.nan
        prev = _mean_of_stores(prev_cmp, s.column, compared)
        now = _mean_of_stores(now_cmp, s.column, compared)
        rows.append(
            {
                "section": s.id,
                "title": s.title,
                "weight": s.weight,
                "this": this,
                "previous": np.nan if prev is None else prev,
                "change": np.nan if prev is None or now is None else now - prev,
                "network": network[s.column].mean() if not network.empty else np.nan,
            }
        )
    return pd.DataFrame(
        rows, columns=["section", "title", "weight", "this", "previous", "change", "network"]
    )


def change_basis(figures: Figures, lang: str) -> str | None:
    """Which stores the change is over, for people; None without a previous wave."""
    n = figures.compared
    if n is None:
        return None
    return tr("change_basis", lang, n=n) if n else tr("change_basis_none", lang)


def _distribution(ranking: pd.DataFrame) -> pd.DataFrame:
    labels = [f"{lo}–{lo + 10}" for lo in BINS[:-1]]
    bins = pd.cut(ranking["score"], BINS, labels=labels, include_lowest=True, right=False)
    # right=False leaves exactly 100 out of the last bin; put it there.
    bins = bins.where(ranking["score"] < 100, labels[-1])
    counts = bins.value_counts().reindex(labels, fill_value=0)
    return pd.DataFrame({"range": labels, "stores": counts.to_numpy()})


def ranking_view(
    report: WaveReport, *, by: str = "score", region: str | None = None
) -> pd.DataFrame:
    """The ranking by the total or one section, optionally of one region: ranks among the
    stores shown, or for a scoped client its stores' ranks in the whole network."""
    return rerank(
        report.ranking,
        by=by,
        regions=[region] if region else None,
        network_ranks=report.network_ranks,
    )


def best_and_worst(report: WaveReport, n: int = TOP) -> tuple[pd.DataFrame, pd.DataFrame]:
    ranked = report.ranking.dropna(subset=["score"])
    return ranked.head(n), ranked.sort_values("score", kind="stable").head(n)


# --- items ---------------------------------------------------------------------------------


def _item_meta(checklist: Checklist, lang: str) -> pd.DataFrame:
    rows = [
        {
            "item_id": item.id,
            "order": n,
            "section": checklist.section_of(item.id).id,
            "section_title": _pick(checklist.section_of(item.id).title, lang),
            "label": _pick(item.label, lang),
            "critical": bool(getattr(item, "critical", False)),
        }
        for n, item in enumerate(checklist.items())
    ]
    return pd.DataFrame(rows).set_index("item_id")


def _pick(texts: dict[str, str] | None, lang: str) -> str:
    if not texts:
        return ""
    return texts.get(lang) or texts.get("en") or next(iter(texts.values()))


def _fail_stats(answers: pd.DataFrame, by: list[str]) -> pd.DataFrame:
    counted = answers[answers["possible"] > 0]
    counted = counted.assign(failed=counted["earned"] < counted["possible"])
    grouped = counted.groupby(by)
    stats = pd.DataFrame(
        {
            "counted": grouped.size(),
            "failed": grouped["failed"].sum().astype("int64"),
            "earned": grouped["earned"].sum(),
            "possible": grouped["possible"].sum(),
        }
    )
    stats["fail_rate"] = stats["failed"] / stats["counted"] * 100
    stats["points_pct"] = stats["earned"] / stats["possible"] * 100
    return stats


def _item_analysis(
    answers: pd.DataFrame, network: pd.DataFrame, checklist: Checklist, lang: str
) -> pd.DataFrame:
    """Per scored item: how often it missed points in scope, and in the whole network."""
    columns = [
        "item_id",
        "section_title",
        "label",
        "critical",
        "counted",
        "failed",
        "fail_rate",
        "points_pct",
        "network_fail_rate",
    ]
    stats = _fail_stats(answers, ["item_id"])
    if stats.empty:
        return pd.DataFrame(columns=columns)
    stats["network_fail_rate"] = _fail_stats(network, ["item_id"])["fail_rate"]
    table = _item_meta(checklist, lang).join(stats, how="inner")
    table = table.sort_values(["fail_rate", "order"], ascending=[False, True])
    return table.reset_index()[columns]


def _items_by_region(
    answers: pd.DataFrame, audits: pd.DataFrame, checklist: Checklist, lang: str
) -> pd.DataFrame:
    """Fail rate % of each scored item (rows, in checklist order) per region (columns)."""
    region = audits.set_index("audit_id")["region"].fillna("")
    with_region = answers.assign(region=answers["audit_id"].map(region))
    stats = _fail_stats(with_region, ["item_id", "region"])
    if stats.empty:
        return pd.DataFrame()
    table = stats["fail_rate"].unstack("region")
    meta = _item_meta(checklist, lang)
    table = meta[["order", "section_title", "label"]].join(table, how="inner")
    return table.sort_values("order").drop(columns="order").reset_index()


def most_failed(answers: pd.DataFrame, labels: pd.DataFrame, n: int = 10) -> pd.DataFrame:
    stats = _fail_stats(answers, ["item_id"])
    stats = stats[stats["failed"] > 0].join(labels, how="left")
    stats = stats.sort_values(["fail_rate", "failed"], ascending=False).head(n)
    return stats.reset_index()[["section_title", "label", "counted", "failed", "fail_rate"]]


# --- answers as text -----------------------------------------------------------------------


def answer_text(item: Item | None, value: Any, na: bool, lang: str) -> str:
    """An answer as a person reads it, in `lang`."""
    if na:
        return tr("na", lang)
    if item is not None and item.type == "multi_choice" and not value:
        return tr("none_chosen", lang)  # the shopper picked none of the options
    if value is None or item is None:
        return "" if value is None else str(value)
    kind = item.type
    if kind == "yes_no":
        return (
            tr("yes", lang) if value == "yes" else tr("no", lang) if value == "no" else str(value)
        )
    if kind in ("choice", "multi_choice"):
        labels = {o.id: _pick(o.label, lang) for o in getattr(item, "options", None) or []}
        chosen = value if isinstance(value, list) else [value]
        return ", ".join(labels.get(v, str(v)) for v in chosen)
    if kind == "scale":
        text = f"{value} / {item.max}"
        named = (getattr(item, "labels", None) or {}).get(value) or (
            getattr(item, "labels", None) or {}
        ).get(str(value))
        return f"{text} ({_pick(named, lang)})" if named else text
    if kind == "duration":
        seconds = value.get("seconds") if isinstance(value, dict) else value
        waited = wait(seconds, lang) if isinstance(seconds, int | float) else str(seconds)
        if isinstance(value, dict) and value.get("nobody_came"):
            return tr("nobody_came", lang, wait=waited)
        return waited
    if kind == "photo":
        return tr("photos", lang, n=len(value) if isinstance(value, list) else 1)
    if kind == "time" and isinstance(value, str) and TIME_PATTERN.match(value):
        return tr("at_time", lang, time=clock(dt.time.fromisoformat(value), lang))
    if kind == "number" and isinstance(value, int | float) and not isinstance(value, bool):
        return _number_text(value, lang)
    return str(value)


def _number_text(value: float, lang: str) -> str:
    """A number answer as the language writes it ("2,5", "1 200"), without trailing zeros."""
    if float(value).is_integer():
        return number(value, lang, 0)
    decimal, _ = separators(lang)
    return number(value, lang, 3).rstrip("0").rstrip(decimal)


def _hashable(value: Any) -> Any:
    return json.dumps(value, sort_keys=True) if isinstance(value, dict | list) else value


def answer_texts(answers: pd.DataFrame, checklist: Checklist, lang: str) -> pd.Series:
    """answer_text for a whole frame, formatting each distinct (item, answer) only once."""
    if answers.empty:
        return pd.Series(dtype="object", index=answers.index)
    keys = pd.DataFrame(
        {
            "item_id": answers["item_id"].to_numpy(),
            "key": [_hashable(v) for v in answers["value"]],
            "na": answers["na"].astype(bool).to_numpy(),
        },
        index=answers.index,
    )
    distinct = keys.drop_duplicates()
    items = {i.id: i for i in checklist.items()}
    values = answers.loc[distinct.index, "value"]
    distinct = distinct.assign(
        text=[
            answer_text(items.get(i), v, na, lang)
            for i, v, na in zip(distinct["item_id"], values, distinct["na"], strict=True)
        ]
    )
    merged = keys.merge(distinct, on=["item_id", "key", "na"], how="left")
    return pd.Series(merged["text"].to_numpy(), index=answers.index)


def _shown(answers: pd.DataFrame, checklist: Checklist) -> pd.Series:
    """Which answers the audit's form showed: an answer given before its item was hidden by a
    changed answer counts nowhere, so it is not reported either."""
    dependent = {i.id: i for i in checklist.items() if i.visible_if is not None}
    controllers = {i.visible_if.item for i in dependent.values()}
    given: dict[int, dict[str, Response]] = {}
    for row in answers[answers["item_id"].isin(controllers)].itertuples():
        given.setdefault(row.audit_id, {})[row.item_id] = Response(row.value, bool(row.na))
    ruled = answers["item_id"].isin(dependent)
    shown = pd.Series(True, index=answers.index)
    if not ruled.any():
        return shown
    shown.loc[ruled] = [
        dependent[item_id].is_visible(given.get(audit_id, {}))
        for audit_id, item_id in zip(
            answers.loc[ruled, "audit_id"], answers.loc[ruled, "item_id"], strict=True
        )
    ]
    return shown


def answer_rows(
    answers: pd.DataFrame, audits: pd.DataFrame, checklist: Checklist, lang: str
) -> pd.DataFrame:
    """Every answer in checklist order, per store and audit, ready to show or write."""
    meta = _item_meta(checklist, lang)
    rows = answers[_shown(answers, checklist)].join(meta, on="item_id", how="inner")
    rows = rows.assign(answer=answer_texts(rows, checklist, lang))
    visited = audits.set_index("audit_id")["visited_on"]
    rows["visited_on"] = rows["audit_id"].map(visited)
    rows = rows.sort_values(["store_id", "visited_on", "audit_id", "order"], kind="stable")
    return rows[
        [
            "store_id",
            "audit_id",
            "visited_on",
            "section_title",
            "label",
            "answer",
            "earned",
            "possible",
            "comment",
        ]
    ].reset_index(drop=True)


# --- trends --------------------------------------------------------------------------------


def _trends(session: Session, wave: Wave, in_scope: set[int]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Each store's score per wave up to this one, and the network average per wave."""
    waves = waves_until(session, wave)
    audits = load_audits(session, [w.id for w in waves], brand_clause(wave), [])
    per_store = audits.groupby(["wave_id", "store_id"], as_index=False)["score"].mean()
    order = pd.DataFrame(
        {
            "wave_id": [w.id for w in waves],
            "wave": [w.name for w in waves],
            "starts_on": [w.starts_on for w in waves],
        }
    )
    network = per_store.groupby("wave_id", as_index=False)["score"].mean()
    network = order.merge(network, on="wave_id", how="left")
    stores = per_store[per_store["store_id"].isin(in_scope)].merge(order, on="wave_id")
    return stores.sort_values(["store_id", "starts_on"]).reset_index(drop=True), network


# --- one store -----------------------------------------------------------------------------


def store_report(
    session: Session, actor: Actor, wave_id: int, store_id: int, *, language: str | None = None
) -> StoreReport:
    """One store's page: its audits with every answer, its trend and its weakest items."""
    wave = wave_for(session, actor, wave_id)
    store = session.get(Store, store_id)
    if store is None or store.client_id != wave.client_id or not can_see_store(actor, store):
        raise PermissionDenied(f"store {store_id} not found")
    lang = language or actor.language
    checklist = checklist_for(session, wave)
    sections = sections_of(checklist, lang)
    only = Store.id == store.id
    audits = load_audits(session, [wave.id], only, sections)
    answers = client_answers(session, [wave], only)
    network = store_scores(load_audits(session, [wave.id], brand_clause(wave), sections), sections)
    rows = answer_rows(answers, audits, checklist, lang)
    details = [
        AuditDetail(
            int(a.audit_id),
            a.visited_on,
            None if pd.isna(a.score) else float(a.score),
            rows[rows["audit_id"] == a.audit_id].drop(columns=["store_id", "audit_id"]),
        )
        for a in audits.itertuples()
    ]
    trend, network_trend = _trends(session, wave, {store.id})
    trend = network_trend.rename(columns={"score": "network"}).merge(
        trend[["wave_id", "score"]], on="wave_id", how="left"
    )[["wave", "starts_on", "score", "network"]]
    history = waves_until(session, wave)
    history_answers = client_answers(session, history, only)
    labels = _labels_over(session, history, lang)
    score = audits["score"].mean()
    return StoreReport(
        store_id=store.id,
        code=store.code,
        name=store.name,
        city=store.city,
        region=store.region,
        wave=wave_info(session, wave),
        language=lang,
        score=None if pd.isna(score) else float(score),
        network_score=None if network.empty else float(network["score"].mean()),
        sections=pd.DataFrame(
            {
                "title": [s.title for s in sections],
                "store": [audits[s.column].mean() for s in sections],
                "network": [
                    network[s.column].mean() if not network.empty else np.nan for s in sections
                ],
            }
        ),
        trend=trend,
        audits=details,
        most_failed=most_failed(history_answers, labels),
    )


def _labels_over(session: Session, waves: list[Wave], lang: str) -> pd.DataFrame:
    """Item labels from every wave's checklist; a newer version's wording wins."""
    frames = [_item_meta(checklist_for(session, w), lang) for w in waves]
    merged = pd.concat(frames[::-1])
    return merged[~merged.index.duplicated()][["section_title", "label"]]
