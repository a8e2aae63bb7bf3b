"""Store rankings from approved audits, combined with pandas, always within the user's scope."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session

from audits.auth import Actor, PermissionDenied, require_role, store_scope
from audits.catalog import checklist_of
from audits.models import Audit, ChecklistVersion, Client, Store, Visit, Wave

STORE_COLUMNS = ["store_id", "code", "name", "city", "region"]


@dataclass(frozen=True)
class WaveInfo:
    id: int
    client: str
    name: str
    starts_on: dt.date
    ends_on: dt.date
    checklist_version_id: int


def visible_waves(session: Session, actor: Actor) -> list[WaveInfo]:
    """Waves of the clients the actor may see, newest first."""
    require_role(actor, "admin", "manager", "client")
    query = select(Wave, Client).join(Client, Wave.client_id == Client.id)
    if actor.client_id is not None:
        query = query.where(Wave.client_id == actor.client_id)
    rows = session.execute(query.order_by(Wave.starts_on.desc(), Wave.id.desc())).all()
    return [
        WaveInfo(w.id, c.name, w.name, w.starts_on, w.ends_on, w.checklist_version_id)
        for w, c in rows
    ]


def _wave_for(session: Session, actor: Actor, wave_id: int) -> Wave:
    wave = session.get(Wave, wave_id)
    if wave is None or (actor.client_id is not None and wave.client_id != actor.client_id):
        raise PermissionDenied(f"wave {wave_id} not found")
    return wave


def approved_audits(session: Session, actor: Actor, wave_id: int) -> pd.DataFrame:
    """One row per approved audit in scope: store columns, score and one column per section."""
    require_role(actor, "admin", "manager", "client")
    wave = _wave_for(session, actor, wave_id)
    rows = session.execute(
        select(
            Audit.id,
            Audit.score,
            Audit.section_scores,
            Store.id,
            Store.code,
            Store.name,
            Store.city,
            Store.region,
        )
        .join(Visit, Audit.visit_id == Visit.id)
        .join(Store, Visit.store_id == Store.id)
        .where(Visit.wave_id == wave.id, Audit.status == "approved", store_scope(actor))
    ).all()
    sections = section_titles(session, wave, actor.language)
    records = [
        {
            "audit_id": audit_id,
            "store_id": sid,
            "code": code,
            "name": name,
            "city": city,
            "region": region,
            "score": score,
            **{sec: (section_scores or {}).get(sec) for sec in sections},
        }
        for audit_id, score, section_scores, sid, code, name, city, region in rows
    ]
    columns = ["audit_id", *STORE_COLUMNS, "score", *sections]
    return pd.DataFrame.from_records(records, columns=columns)


def section_titles(session: Session, wave: Wave, language: str) -> dict[str, str]:
    version = session.get(ChecklistVersion, wave.checklist_version_id)
    assert version is not None
    checklist = checklist_of(version)
    return {s.id: s.title.get(language) or s.title["en"] for s in checklist.sections}


def store_ranking(session: Session, actor: Actor, wave_id: int) -> pd.DataFrame:
    """Stores by mean approved score; ties share a rank (1, 2, 2, 4)."""
    audits = approved_audits(session, actor, wave_id)
    sections = [c for c in audits.columns if c not in ("audit_id", *STORE_COLUMNS, "score")]
    if audits.empty:
        return pd.DataFrame(columns=["rank", *STORE_COLUMNS, "score", *sections, "audits"])
    grouped = audits.groupby(STORE_COLUMNS, dropna=False)
    ranking = grouped[["score", *sections]].mean()
    ranking["audits"] = grouped["audit_id"].count()
    ranking = ranking.reset_index()
    # Rank on the rounded score so that stores shown with the same score share a rank.
    ranking.insert(0, "rank", ranking["score"].round(2).rank(method="min", ascending=False))
    ranking["rank"] = ranking["rank"].astype("Int64")
    return ranking.sort_values(["rank", "name"]).reset_index(drop=True)


def section_titles_for(session: Session, actor: Actor, wave_id: int) -> dict[str, str]:
    """Section id → title in the actor's language, for a wave the actor may see."""
    require_role(actor, "admin", "manager", "client")
    return section_titles(session, _wave_for(session, actor, wave_id), actor.language)
