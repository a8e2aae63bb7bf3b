"""Fees payable on approval, expense claims, decisions and the pay workbook."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from PIL import Image
from sqlalchemy import select

from audits import expenses
from audits.auth import Actor, PermissionDenied, create_user
from audits.db import Database
from audits.models import (
    Audit,
    AuditLog,
    ChecklistVersion,
    Client,
    Store,
    User,
    Visit,
    Wave,
)


@pytest.fixture
def w(db: Database):
    """Brand A and B, a visit each for shopper Ann; A's visit approved, B's submitted."""
    with db.session() as s:
        version = ChecklistVersion(checklist_id="m", version=1, title="M", yaml_text="x")
        a, b = Client(name="Brand A"), Client(name="Brand B")
        s.add_all([version, a, b])
        s.flush()
        pw = "password-123"
        ann = create_user(s, "ann", pw, "shopper", display_name="Ann")
        bob = create_user(s, "bob", pw, "shopper", display_name="Bob")
        manager = create_user(s, "mgr", pw, "manager")
        scoped_b = create_user(s, "mgr_b", pw, "manager", client="Brand B")
        visits = []
        for client, status in ((a, "approved"), (b, "submitted")):
            store = Store(client_id=client.id, code="S1", name=f"{client.name} store")
            wave = Wave(
                client_id=client.id,
                name="Autumn",
                checklist_version_id=version.id,
                starts_on=dt.date(2026, 9, 1),
                ends_on=dt.date(2026, 12, 1),
                fee_eur=Decimal("45"),
            )
            s.add_all([store, wave])
            s.flush()
            visit = Visit(
                wave_id=wave.id, store_id=store.id, shopper_id=ann.id, fee_eur=Decimal("50")
            )
            s.add(visit)
            s.flush()
            s.add(
                Audit(
                    visit_id=visit.id,
                    shopper_id=ann.id,
                    checklist_version_id=version.id,
                    status=status,
                    decided_at=dt.datetime(2026, 10, 3, 12) if status == "approved" else None,
                )
            )
            visits.append(visit.id)
        return {
            "db": db,
            "ann": Actor.of(ann),
            "bob": Actor.of(bob),
            "manager": Actor.of(manager),
            "scoped_b": Actor.of(scoped_b),
            "visit_a": visits[0],
            "visit_b": visits[1],
        }


def test_fee_is_payable_only_once_the_audit_is_approved(w) -> None:
    [fee] = w["db"].run(expenses.payable_fees, w["manager"])
    assert (fee.shopper, fee.month, fee.store, fee.fee_eur) == (
        "Ann",
        "2026-10",
        "Brand A store",
        Decimal("50.00"),
    )


def test_a_fee_is_paid_in_the_finnish_month_of_its_approval(w) -> None:
    """Approved at 00.30 on 1 November in Finland, which is 22.30 on 31 October in UTC."""
    db = w["db"]
    with db.session() as s:
        audit = s.scalar(select(Audit).where(Audit.visit_id == w["visit_a"]))
        audit.decided_at = dt.datetime(2026, 10, 31, 22, 30)
    [fee] = db.run(expenses.payable_fees, w["manager"])
    assert (fee.month, fee.approved_on) == ("2026-11", dt.date(2026, 11, 1))
    [month] = db.run(expenses.my_pay, w["ann"]).months
    assert [f.month for f in month.fees] == ["2026-11"]


def test_nobody_decides_their_own_claim(w) -> None:
    """A shopper made manager still has the claim they filed as a shopper: another decides it."""
    db = w["db"]
    claim = db.run(expenses.file_expense, w["ann"], dt.date(2026, 10, 2), 0, "9", "parking")
    with db.session() as s:
        ann = s.get(User, w["ann"].id)
        ann.role = "manager"
        promoted = Actor.of(ann)
    with pytest.raises(ValueError, match=f"your own claim {claim}"):
        db.run(expenses.decide_expense, promoted, claim, True)
    with db.session() as s:
        assert s.get(expenses.Expense, claim).status == "pending"
    assert db.run(expenses.decide_expense, w["manager"], claim, True) == "approved"


def test_claim_decide_and_statement(w) -> None:
    db = w["db"]
    claim = db.run(
        expenses.file_expense,
        w["ann"],
        dt.date(2026, 10, 2),
        120,
        "12,40",
        "Oulu trip, parking",
        visit_id=w["visit_a"],
    )
    other = db.run(expenses.file_expense, w["ann"], dt.date(2026, 10, 9), 0, "30", "hotel")
    [row] = [r for r in db.run(expenses.list_expenses, w["ann"]) if r.id == claim]
    assert (row.km_eur, row.amount_eur, row.total_eur) == (
        Decimal("66.00"),
        Decimal("12.40"),
        Decimal("78.40"),
    )
    assert db.run(expenses.decide_expense, w["manager"], claim, True) == "approved"
    with pytest.raises(ValueError, match="needs a reason"):
        db.run(expenses.decide_expense, w["manager"], other, False)
    db.run(expenses.decide_expense, w["manager"], other, False, "no receipt")
    with pytest.raises(ValueError, match="already rejected"):
        db.run(expenses.decide_expense, w["manager"], other, True)
    [line] = db.run(expenses.statement, w["manager"])
    assert (line.shopper, line.month, line.visits, line.fees_eur, line.km) == (
        "Ann",
        "2026-10",
        1,
        Decimal("50.00"),
        120.0,
    )
    assert line.total_eur == Decimal("128.40")
    with db.session() as s:
        actions = s.scalars(select(AuditLog.action).where(AuditLog.entity == "expense")).all()
    assert sorted(actions) == [
        "expense.approved",
        "expense.file",
        "expense.file",
        "expense.rejected",
    ]


@pytest.mark.parametrize(
    ("km", "amount", "text", "message"),
    [
        (-1, "0", "x", "Km must be between"),
        (0, "0", "x", "either km driven or an amount"),
        (10, "abc", "x", "not an amount of euros"),
        (10, "-3", "x", "cannot be negative"),
        (10, "0", " ", "Describe the expense"),
        (10, "NaN", "x", "'NaN' is not an amount of euros"),
        (10, float("inf"), "x", "'inf' is not an amount of euros"),
        (10, "1e20", "x", "at most 10000 €"),
        (10, "12,345", "x", "'12,345' has more than two decimals"),
        (1e-9, "0", "x", "either km driven or an amount"),
        (float("nan"), "5", "x", "Km must be between"),
        ("12,5 km", "0", "x", "Km driven '12,5 km' is not a number"),
        ("-0,5", "0", "x", "Km must be between"),
    ],
)
def test_bad_claims_are_refused(w, km, amount, text, message) -> None:
    with pytest.raises(ValueError, match=message):
        w["db"].run(expenses.file_expense, w["ann"], dt.date(2026, 10, 2), km, amount, text)


def test_km_and_euros_are_read_as_typed_with_a_decimal_comma(w) -> None:
    db = w["db"]
    claim = db.run(expenses.file_expense, w["ann"], dt.date(2026, 10, 2), " 12,5 ", "3,50", "x")
    [row] = [r for r in db.run(expenses.list_expenses, w["ann"]) if r.id == claim]
    assert (row.km, row.amount_eur, row.km_eur) == (12.5, Decimal("3.50"), Decimal("6.88"))
    assert row.total_eur == Decimal("10.38")


def test_only_own_visits_and_own_claims(w) -> None:
    db = w["db"]
    with pytest.raises(PermissionDenied):
        db.run(
            expenses.file_expense,
            w["bob"],
            dt.date(2026, 10, 2),
            5,
            "0",
            "x",
            visit_id=w["visit_a"],
        )
    with pytest.raises(PermissionDenied):
        db.run(expenses.file_expense, w["manager"], dt.date(2026, 10, 2), 5, "0", "x")
    claim = db.run(
        expenses.file_expense, w["ann"], dt.date(2026, 10, 2), 5, "0", "x", visit_id=w["visit_a"]
    )
    assert db.run(expenses.list_expenses, w["bob"]) == []
    # The Brand B manager cannot see or decide a claim for a Brand A visit.
    assert db.run(expenses.list_expenses, w["scoped_b"]) == []
    with pytest.raises(PermissionDenied):
        db.run(expenses.decide_expense, w["scoped_b"], claim, True)
    assert db.run(expenses.payable_fees, w["scoped_b"]) == []


def test_receipt_photo_is_stored_and_checked(w, tmp_path: Path) -> None:
    db = w["db"]
    claim = db.run(expenses.file_expense, w["ann"], dt.date(2026, 10, 2), 0, "9,90", "parking")
    buf = io.BytesIO()
    Image.new("RGB", (40, 30), "white").save(buf, "JPEG")
    photo = db.run(expenses.add_receipt, w["ann"], claim, buf.getvalue(), tmp_path)
    path = db.run(expenses.receipt_path, w["manager"], photo, tmp_path)
    with Image.open(path) as stored:
        assert (stored.format, stored.size) == ("JPEG", (40, 30))
    with pytest.raises(ValueError, match="scan.pdf: not a photo"):
        db.run(expenses.add_receipt, w["ann"], claim, b"%PDF-1.4", tmp_path, "scan.pdf")
    with pytest.raises(PermissionDenied):
        db.run(expenses.receipt_path, w["bob"], photo, tmp_path)
    [row] = db.run(expenses.list_expenses, w["manager"])
    assert row.receipts == [photo]


def test_excel_export_per_shopper_per_month(w) -> None:
    db = w["db"]
    claim = db.run(expenses.file_expense, w["ann"], dt.date(2026, 10, 2), 100, "5", "trip")
    db.run(expenses.decide_expense, w["manager"], claim, True)
    book = openpyxl.load_workbook(io.BytesIO(db.run(expenses.export_xlsx, w["manager"])))
    assert book.sheetnames == ["Summary", "Fees", "Expenses"]
    summary = list(book["Summary"].iter_rows(values_only=True))
    assert summary[0][:3] == ("Shopper", "Month", "Visits")
    assert summary[1] == ("Ann", dt.datetime(2026, 10, 1), 1, 50.0, 100.0, 55.0, 5.0, 110.0)
    month = book["Summary"]["B2"]
    assert month.number_format == "mmmm yyyy", "read as October 2026, sorted by time"
    assert book["Fees"]["B2"].number_format == "mmmm yyyy"
    assert book["Summary"].freeze_panes == "A2"
    assert len(list(book["Expenses"].iter_rows())) == 2


def test_two_shoppers_with_one_name_are_paid_apart(w) -> None:
    db = w["db"]
    with db.session() as s:
        for user in s.scalars(select(User).where(User.username.in_(["ann", "bob"]))):
            user.display_name = "Matti Virtanen"
    for shopper in ("ann", "bob"):
        claim = db.run(expenses.file_expense, w[shopper], dt.date(2026, 10, 2), 100, "10", "trip")
        db.run(expenses.decide_expense, w["manager"], claim, True)
    rows = db.run(expenses.statement, w["manager"])
    assert [(r.shopper, r.visits, r.km, r.total_eur) for r in rows] == [
        ("Matti Virtanen", 1, 100.0, Decimal("115.00")),  # Ann: her visit's fee 50 + 55 + 10
        ("Matti Virtanen", 0, 100.0, Decimal("65.00")),
    ]


def test_typed_text_is_never_a_formula_in_the_pay_workbook(w) -> None:
    db = w["db"]
    text = '=HYPERLINK("http://example.invalid","click")'
    claim = db.run(expenses.file_expense, w["ann"], dt.date(2026, 10, 2), 10, "0", text)
    db.run(expenses.decide_expense, w["manager"], claim, True)
    book = openpyxl.load_workbook(io.BytesIO(db.run(expenses.export_xlsx, w["manager"])))
    cell = next(c for row in book["Expenses"].iter_rows() for c in row if c.value == text)
    assert cell.data_type == "s"


def test_the_future_begins_at_midnight_in_finland(w, monkeypatch: pytest.MonkeyPatch) -> None:
    # 22:30 UTC on Monday is 00:30 on Tuesday in Helsinki: Wednesday is then tomorrow.
    monkeypatch.setattr("audits.models.utcnow", lambda: dt.datetime(2026, 11, 23, 22, 30))
    db = w["db"]
    db.run(expenses.file_expense, w["ann"], dt.date(2026, 11, 25), 10, "0", "trip")
    with pytest.raises(ValueError, match="in the future"):
        db.run(expenses.file_expense, w["ann"], dt.date(2026, 11, 26), 10, "0", "trip")


def _approved_visit_for(w, shopper: str, fee: str, day: dt.datetime) -> None:
    """Another visit to Brand A's store, its audit approved on `day`."""
    db = w["db"]
    with db.session() as s:
        first = s.get(Visit, w["visit_a"])
        visit = Visit(
            wave_id=first.wave_id,
            store_id=first.store_id,
            shopper_id=w[shopper].id,
            fee_eur=Decimal(fee),
        )
        s.add(visit)
        s.flush()
        s.add(
            Audit(
                visit_id=visit.id,
                shopper_id=w[shopper].id,
                checklist_version_id=first.audit.checklist_version_id,
                status="approved",
                # 22.30 UTC the evening before: already the next day in Finland
                checkin_at=day - dt.timedelta(days=1, hours=13, minutes=30),
                submitted_at=day - dt.timedelta(days=1),
                decided_at=day,
            )
        )


def test_a_shopper_sees_their_own_pay_and_nobody_elses(w) -> None:
    db = w["db"]
    _approved_visit_for(w, "bob", "60", dt.datetime(2026, 10, 20, 12))
    _approved_visit_for(w, "ann", "40", dt.datetime(2026, 11, 2, 12))
    for shopper, km in (("ann", 100), ("bob", 10)):
        claim = db.run(expenses.file_expense, w[shopper], dt.date(2026, 10, 5), km, "5", "trip")
        db.run(expenses.decide_expense, w["manager"], claim, True)
    pending = db.run(expenses.file_expense, w["ann"], dt.date(2026, 10, 6), 50, "0", "waits")

    pay = db.run(expenses.my_pay, w["ann"])
    assert [m.totals.month for m in pay.months] == ["2026-11", "2026-10"], "the latest first"
    november, october = pay.months
    assert [(f.store, f.fee_eur, f.status) for f in october.fees] == [
        ("Brand A store", Decimal("50.00"), "approved")
    ]
    assert [(f.fee_eur, f.visited_on) for f in november.fees] == [
        (Decimal("40.00"), dt.date(2026, 11, 1))  # checked in 00.30 on 1 Nov, Finnish time
    ]
    assert [(e.description, e.total_eur) for e in october.expenses] == [("trip", Decimal("60.00"))]
    assert pending not in [e.id for m in pay.months for e in m.expenses], "not yet approved"
    assert [(f.store, f.status, f.month) for f in pay.awaiting] == [
        ("Brand B store", "submitted", None)
    ]
    # The same sums as the manager's statement of her, month by month.
    manager = [r for r in db.run(expenses.statement, w["manager"]) if r.shopper == "Ann"]
    assert [m.totals for m in pay.months] == manager[::-1]
    assert october.totals.total_eur == Decimal("110.00")  # 50 fee + 55 km + 5 receipts

    bob = db.run(expenses.my_pay, w["bob"])
    assert [(m.totals.month, m.totals.visits, m.totals.total_eur) for m in bob.months] == [
        ("2026-10", 1, Decimal("70.50"))  # his 60 fee + 5.50 km + 5 receipts, none of Ann's
    ]
    assert [f.fee_eur for f in bob.months[0].fees] == [Decimal("60.00")]
    assert bob.awaiting == []


def test_only_a_shopper_has_an_own_statement_and_a_shopper_gets_no_one_elses(w) -> None:
    db = w["db"]
    with pytest.raises(PermissionDenied):
        db.run(expenses.my_pay, w["manager"])
    for service in (expenses.statement, expenses.payable_fees, expenses.export_xlsx):
        with pytest.raises(PermissionDenied):
            db.run(service, w["bob"])
