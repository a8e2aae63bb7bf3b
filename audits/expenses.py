"""Shopper pay: visit fees (payable once the audit is approved) and expense claims.

An expense claim is km driven (paid at the km allowance) plus receipts in euros, with receipt
photos; the manager approves or rejects it. The statement sums both per shopper per month.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet
from sqlalchemy import ColumnElement, select
from sqlalchemy.orm import Session

from audits.auth import Actor, PermissionDenied, require_role
from audits.i18n import Phrase, Refusal
from audits.models import (
    VISIT_AUDIT,
    Audit,
    AuditLog,
    Expense,
    Photo,
    Store,
    Tour,
    User,
    Visit,
    Wave,
    local_date,
    local_today,
    utcnow,
)
from audits.photos import store_photo

KM_RATE_EUR = Decimal("0.55")  # the km allowance paid for driving a private car
MAX_KM_PER_CLAIM = 3000
MAX_RECEIPTS_EUR = 10_000  # one claim; more is a typo or needs the manager's own handling
MAX_RECEIPT_BYTES = 15 * 1024 * 1024
CENT = Decimal("0.01")


@dataclass(frozen=True)
class ExpenseRow:
    id: int
    shopper_id: int
    shopper: str
    spent_on: dt.date
    km: float
    km_eur: Decimal
    amount_eur: Decimal
    total_eur: Decimal
    description: str
    status: str
    note: str
    visit: str  # "store name · wave", or ""
    receipts: list[int]  # photo ids


def _receipts_amount(value: Decimal | float | str) -> Decimal:
    """Euros and cents as typed ("12,50"); more decimals would be rounded without a word."""
    try:
        amount = Decimal(str(value).strip().replace(",", ".") or "0")
    except InvalidOperation as exc:
        raise Refusal("e_receipts_not_euros", value=str(value)) from exc
    if not amount.is_finite():
        raise Refusal("e_receipts_not_euros", value=str(value))
    if amount < 0:
        raise Refusal("e_receipts_negative")
    if amount > MAX_RECEIPTS_EUR:
        raise Refusal("e_receipts_too_much", most=MAX_RECEIPTS_EUR)
    if amount != amount.quantize(CENT):
        raise Refusal("e_receipts_cents", value=str(value))
    return amount.quantize(CENT)


def _km(value: float | str) -> float:
    """Kilometres as typed ("12,5")."""
    try:
        km = Decimal(str(value).strip().replace(",", ".") or "0")
    except InvalidOperation as exc:
        raise Refusal("e_km_not_number", value=str(value)) from exc
    if not km.is_finite() or not 0 <= km <= MAX_KM_PER_CLAIM:
        raise Refusal("e_km_range", most=MAX_KM_PER_CLAIM)
    return float(km)


def km_allowance(km: float) -> Decimal:
    return (Decimal(str(km)) * KM_RATE_EUR).quantize(CENT)


def file_expense(
    session: Session,
    actor: Actor,
    spent_on: dt.date,
    km: float | str,
    amount_eur: Decimal | float | str,
    description: str,
    *,
    visit_id: int | None = None,
    tour_id: int | None = None,
) -> int:
    """A shopper files a claim for their own visit or tour (or a general one); km and the
    amount may be typed text with a decimal comma."""
    require_role(actor, "shopper")
    km = _km(km)
    amount = _receipts_amount(amount_eur)
    if km_allowance(km) == 0 and amount == 0:
        raise Refusal("e_claim_empty")
    if not description.strip():
        raise Refusal("e_describe_expense")
    if spent_on > local_today() + dt.timedelta(days=1):
        raise Refusal("e_expense_future")
    if visit_id is not None:
        visit = session.get(Visit, visit_id)
        if visit is None or visit.shopper_id != actor.id:
            raise PermissionDenied(f"visit {visit_id} is not yours")
    if tour_id is not None:
        tour = session.get(Tour, tour_id)
        if tour is None or tour.shopper_id != actor.id:
            raise PermissionDenied(f"tour {tour_id} is not yours")
    expense = Expense(
        shopper_id=actor.id,
        visit_id=visit_id,
        tour_id=tour_id,
        spent_on=spent_on,
        km=float(km),
        amount_eur=amount,
        description=description.strip(),
    )
    session.add(expense)
    session.flush()
    _log(session, actor, "expense.file", expense, {"km": km, "amount_eur": str(amount)})
    return expense.id


def add_receipt(
    session: Session,
    actor: Actor,
    expense_id: int,
    data: bytes,
    media_dir: Path,
    name: str = "receipt",
) -> int:
    """Attach a receipt photo to one's own pending claim; returns the photo id."""
    expense = session.get(Expense, expense_id)
    if expense is None or actor.role != "shopper" or expense.shopper_id != actor.id:
        raise PermissionDenied(f"expense {expense_id} not found")
    if expense.status != "pending":
        raise Refusal("e_claim_decided")
    stored = store_photo(data, name, media_dir, "receipts", MAX_RECEIPT_BYTES)
    photo = Photo(
        expense_id=expense.id,
        uploaded_by=actor.id,
        sha256=stored.sha256,
        path=stored.path,
        content_type=stored.content_type,
        width=stored.width,
        height=stored.height,
        size_bytes=stored.size_bytes,
    )
    session.add(photo)
    session.flush()
    return photo.id


def _client_of(session: Session, expense: Expense) -> int | None:
    if expense.visit_id is not None:
        return session.scalar(
            select(Store.client_id)
            .join(Visit, Visit.store_id == Store.id)
            .where(Visit.id == expense.visit_id)
        )
    if expense.tour_id is not None:
        return session.scalar(
            select(Wave.client_id)
            .join(Tour, Tour.wave_id == Wave.id)
            .where(Tour.id == expense.tour_id)
        )
    return None


def _may_manage(session: Session, actor: Actor, expense: Expense) -> bool:
    if actor.role == "admin" or (actor.role == "manager" and actor.client_id is None):
        return True
    return actor.role == "manager" and _client_of(session, expense) == actor.client_id


def decide_expense(
    session: Session, actor: Actor, expense_id: int, approve: bool, note: str = ""
) -> str:
    """Approve or reject a pending claim; a rejection needs a reason. Nobody decides their
    own claim (a shopper made manager keeps the claims they filed as a shopper)."""
    require_role(actor, "admin", "manager")
    expense = session.get(Expense, expense_id)
    if expense is None or not _may_manage(session, actor, expense):
        raise PermissionDenied(f"expense {expense_id} not found")
    if expense.shopper_id == actor.id:
        raise Refusal("e_own_claim", expense=expense_id)
    if expense.status != "pending":
        raise Refusal(
            "e_expense_already", expense=expense_id, status=Phrase(f"m_exp_status_{expense.status}")
        )
    if not approve and not note.strip():
        raise Refusal("e_reject_reason")
    expense.status = "approved" if approve else "rejected"
    expense.decided_by, expense.decided_at, expense.note = actor.id, utcnow(), note.strip()
    _log(session, actor, f"expense.{expense.status}", expense, {"note": note.strip()})
    return expense.status


def _log(session: Session, actor: Actor, action: str, expense: Expense, detail: dict) -> None:
    session.add(
        AuditLog(
            actor_id=actor.id, action=action, entity="expense", entity_id=expense.id, detail=detail
        )
    )


def list_expenses(session: Session, actor: Actor, status: str | None = None) -> list[ExpenseRow]:
    """A shopper's own claims, or the claims a manager may decide."""
    query = (
        select(Expense, User)
        .join(User, Expense.shopper_id == User.id)
        .order_by(Expense.spent_on.desc(), Expense.id.desc())
    )
    if actor.role == "shopper":
        query = query.where(Expense.shopper_id == actor.id)
    else:
        require_role(actor, "admin", "manager")
    if status is not None:
        query = query.where(Expense.status == status)
    rows = []
    for expense, user in session.execute(query).all():
        if actor.role != "shopper" and not _may_manage(session, actor, expense):
            continue
        rows.append(_row(session, expense, user))
    return rows


def _row(session: Session, expense: Expense, user: User) -> ExpenseRow:
    visit = session.get(Visit, expense.visit_id) if expense.visit_id else None
    km_eur = km_allowance(expense.km)
    receipts = session.scalars(
        select(Photo.id).where(Photo.expense_id == expense.id).order_by(Photo.id)
    ).all()
    return ExpenseRow(
        id=expense.id,
        shopper_id=user.id,
        shopper=user.display_name or user.username,
        spent_on=expense.spent_on,
        km=expense.km,
        km_eur=km_eur,
        amount_eur=expense.amount_eur,
        total_eur=km_eur + expense.amount_eur,
        description=expense.description,
        status=expense.status,
        note=expense.note,
        visit=f"{visit.store.name} · {visit.wave.name}" if visit else "",
        receipts=list(receipts),
    )


def receipt_path(session: Session, actor: Actor, photo_id: int, media_dir: Path) -> Path | None:
    """The file of a receipt the actor may see (its shopper, or a manager of the claim)."""
    photo = session.get(Photo, photo_id)
    if photo is None or photo.expense_id is None:
        raise PermissionDenied(f"photo {photo_id} not found")
    expense = session.get(Expense, photo.expense_id)
    assert expense is not None
    mine = actor.role == "shopper" and expense.shopper_id == actor.id
    if not mine and not (actor.is_staff and _may_manage(session, actor, expense)):
        raise PermissionDenied(f"photo {photo_id} not found")
    if photo.path is None or photo.purged_at is not None:
        return None
    return media_dir / photo.path


# --- the pay statement -----------------------------------------------------------------------


@dataclass(frozen=True)
class FeeRow:
    shopper_id: int
    shopper: str
    month: str  # YYYY-MM, the month the audit was approved
    approved_on: dt.date
    store: str
    wave: str
    fee_eur: Decimal


@dataclass(frozen=True)
class StatementRow:
    shopper: str
    month: str
    visits: int
    fees_eur: Decimal
    km: float
    km_eur: Decimal
    receipts_eur: Decimal

    @property
    def total_eur(self) -> Decimal:
        return self.fees_eur + self.km_eur + self.receipts_eur


def _fee(visit: Visit, wave: Wave) -> Decimal:
    """The visit's own fee, else its wave's."""
    return Decimal((visit.fee_eur if visit.fee_eur is not None else wave.fee_eur) or 0)


def _approved_on(audit: Audit) -> dt.date:
    """The day the fee became payable: the audit's approval, in Finland."""
    return local_date(audit.decided_at or audit.submitted_at or audit.updated_at)


def _fees(session: Session, *where: ColumnElement[bool]) -> list[FeeRow]:
    """One row per visit whose audit is approved and matches `where`."""
    query = (
        select(Visit, Audit, Store, Wave, User)
        .join(Audit, Audit.visit_id == Visit.id)
        .join(Store, Visit.store_id == Store.id)
        .join(Wave, Visit.wave_id == Wave.id)
        .join(User, Audit.shopper_id == User.id)
        .where(Audit.status == "approved", *where)
        .order_by(Audit.decided_at, Visit.id)
    )
    rows = []
    for visit, audit, store, wave, user in session.execute(query).all():
        decided = _approved_on(audit)
        rows.append(
            FeeRow(
                user.id,
                user.display_name or user.username,
                f"{decided:%Y-%m}",
                decided,
                store.name,
                wave.name,
                _fee(visit, wave),
            )
        )
    return rows


def payable_fees(session: Session, actor: Actor) -> list[FeeRow]:
    """One row per visit whose audit is approved: its fee is payable from then on."""
    require_role(actor, "admin", "manager")
    if actor.role == "manager" and actor.client_id is not None:
        return _fees(session, Store.client_id == actor.client_id)
    return _fees(session)


def _summary(fees: list[FeeRow], expenses: list[ExpenseRow]) -> list[StatementRow]:
    """Fees and approved expenses summed per shopper per month."""
    # By the shopper's id: two shoppers may have the same name, never the same pay.
    keys: dict[tuple[int, str], dict] = {}

    def bucket(shopper_id: int, shopper: str, month: str) -> dict:
        return keys.setdefault(
            (shopper_id, month),
            {"name": shopper, "visits": 0, "fees": Decimal(0), "km": 0.0, "km_eur": Decimal(0)}
            | {"rec": Decimal(0)},
        )

    for fee in fees:
        b = bucket(fee.shopper_id, fee.shopper, fee.month)
        b["visits"] += 1
        b["fees"] += fee.fee_eur
    for exp in expenses:
        b = bucket(exp.shopper_id, exp.shopper, f"{exp.spent_on:%Y-%m}")
        b["km"] += exp.km
        b["km_eur"] += exp.km_eur
        b["rec"] += exp.amount_eur
    ordered = sorted(keys.items(), key=lambda kv: (kv[0][1], kv[1]["name"], kv[0][0]))
    return [
        StatementRow(b["name"], month, b["visits"], b["fees"], b["km"], b["km_eur"], b["rec"])
        for (_, month), b in ordered
    ]


def statement(session: Session, actor: Actor) -> list[StatementRow]:
    """Fees and approved expenses per shopper per month."""
    return _summary(payable_fees(session, actor), list_expenses(session, actor, status="approved"))


# --- the shopper's own pay -------------------------------------------------------------------


@dataclass(frozen=True)
class VisitFee:
    store: str
    wave: str
    visited_on: dt.date  # the day of the check-in (else of sending the audit), in Finland
    fee_eur: Decimal
    status: str  # approved | submitted (awaiting review)
    month: str | None  # YYYY-MM, the month it was approved in (and is paid for)


@dataclass(frozen=True)
class PayMonth:
    """One month of a shopper's statement: as the manager's statement counts it."""

    totals: StatementRow
    fees: list[VisitFee]  # approved in this month
    expenses: list[ExpenseRow]  # approved, spent in this month


@dataclass(frozen=True)
class MyPay:
    months: list[PayMonth]  # the latest first
    awaiting: list[VisitFee]  # sent, not yet reviewed: payable in the month they are approved


def _visited_on(audit: Audit) -> dt.date:
    return local_date(audit.checkin_at or audit.submitted_at or audit.updated_at)


def _visit_fees(session: Session, shopper_id: int) -> dict[str, list[VisitFee]]:
    """The shopper's approved and awaiting visit fees, by status."""
    query = (
        select(Visit, Audit, Store, Wave)
        .join(Audit, VISIT_AUDIT)
        .join(Store, Visit.store_id == Store.id)
        .join(Wave, Visit.wave_id == Wave.id)
        .where(Audit.shopper_id == shopper_id, Audit.status.in_(("approved", "submitted")))
        .order_by(Audit.decided_at, Audit.submitted_at, Visit.id)
    )
    fees: dict[str, list[VisitFee]] = {"approved": [], "submitted": []}
    for visit, audit, store, wave in session.execute(query).all():
        month = f"{_approved_on(audit):%Y-%m}" if audit.status == "approved" else None
        fees[audit.status].append(
            VisitFee(
                store.name, wave.name, _visited_on(audit), _fee(visit, wave), audit.status, month
            )
        )
    return fees


def my_pay(session: Session, actor: Actor) -> MyPay:
    """The acting shopper's own statement: there is no asking for another's."""
    require_role(actor, "shopper")
    fees = _fees(session, Audit.shopper_id == actor.id)
    claims = list_expenses(session, actor, status="approved")
    visits = _visit_fees(session, actor.id)
    months = [
        PayMonth(
            totals,
            [v for v in visits["approved"] if v.month == totals.month],
            [e for e in claims if f"{e.spent_on:%Y-%m}" == totals.month],
        )
        for totals in reversed(_summary(fees, claims))
    ]
    return MyPay(months, visits["submitted"])


def _sheet(book: Workbook, title: str, header: list[str], rows: list[list], money: set[int]):
    sheet = book.create_sheet(title)
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([float(v) if isinstance(v, Decimal) else v for v in row])
        for cell in sheet[sheet.max_row]:
            if cell.data_type == "f":  # typed text such as "=HYPERLINK(…)": text, not a formula
                cell.data_type = "s"
    for col in money:
        for (cell,) in sheet.iter_rows(min_row=2, min_col=col, max_col=col):
            cell.number_format = "#,##0.00 €"
    for i, name in enumerate(header, start=1):
        width = max([len(str(name)), *(len(str(r[i - 1])) for r in rows)])
        sheet.column_dimensions[get_column_letter(i)].width = min(max(width + 2, 10), 50)
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    return sheet


def _month(month: str) -> dt.date:
    """A "2026-03" month as a date the spreadsheet shows as "March 2026" (in its own
    language) and sorts and filters by time."""
    return dt.date.fromisoformat(f"{month}-01")


def _month_cells(sheet: Worksheet, col: int) -> None:
    for (cell,) in sheet.iter_rows(min_row=2, min_col=col, max_col=col):
        cell.number_format = "mmmm yyyy"
    sheet.column_dimensions[get_column_letter(col)].width = 16


def export_xlsx(session: Session, actor: Actor) -> bytes:
    """The pay workbook: a summary per shopper per month, then every fee and every claim."""
    summary = statement(session, actor)
    fees = payable_fees(session, actor)
    claims = [e for e in list_expenses(session, actor) if e.status != "pending"]
    book = Workbook()
    book.remove(book.active)
    summary_sheet = _sheet(
        book,
        "Summary",
        ["Shopper", "Month", "Visits", "Fees €", "Km", "Km allowance €", "Receipts €", "Total €"],
        [
            [r.shopper, _month(r.month), r.visits, r.fees_eur, r.km, r.km_eur]
            + [r.receipts_eur, r.total_eur]
            for r in summary
        ],
        {4, 6, 7, 8},
    )
    fee_sheet = _sheet(
        book,
        "Fees",
        ["Shopper", "Month", "Approved", "Store", "Wave", "Fee €"],
        [[f.shopper, _month(f.month), f.approved_on, f.store, f.wave, f.fee_eur] for f in fees],
        {6},
    )
    _month_cells(summary_sheet, 2)
    _month_cells(fee_sheet, 2)
    _sheet(
        book,
        "Expenses",
        [
            "Shopper",
            "Date",
            "Description",
            "Visit",
            "Km",
            "Km allowance €",
            "Receipts €",
            "Total €",
            "Status",
            "Note",
        ],
        [
            [
                e.shopper,
                e.spent_on,
                e.description,
                e.visit,
                e.km,
                e.km_eur,
                e.amount_eur,
                e.total_eur,
                e.status,
                e.note,
            ]
            for e in claims
        ],
        {6, 7, 8},
    )
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def file_claim(
    session: Session,
    actor: Actor,
    spent_on: dt.date,
    km: float | str,
    amount_eur: Decimal | float | str,
    description: str,
    receipts: list[tuple[str, bytes]],
    media_dir: Path,
    *,
    visit_id: int | None = None,
) -> int:
    """File a claim with its receipt photos in one unit of work: all of it or nothing."""
    claim_id = file_expense(
        session, actor, spent_on, km, amount_eur, description, visit_id=visit_id
    )
    for name, data in receipts:
        add_receipt(session, actor, claim_id, data, media_dir, name)
    return claim_id
