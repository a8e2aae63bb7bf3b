"""Demo data: a fictional car brand, its 55 dealers, two waves of audits and a user per role.

Loading is idempotent: a second run finds the brand and changes nothing.
"""

from __future__ import annotations

import csv
import datetime as dt
import math
import random
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from audits.auth import Actor, create_user
from audits.catalog import checklist_of, latest_published
from audits.checklist import Checklist, Item, Response
from audits.config import PROJECT_DIR
from audits.fieldwork import check_in, mark_briefing_read, start_audit, submit, timed_greeting
from audits.geo import great_circle_km
from audits.i18n import Phrase
from audits.models import (
    LOCAL_TZ,
    Answer,
    Audit,
    AuditLog,
    Client,
    Store,
    User,
    Visit,
    Wave,
    clock_at,
)
from audits.openinghours import parse_opening_hours, public_holiday
from audits.review import approve
from audits.waves import assign

# The shipped list, not AUDITS_DATA_DIR (which holds the runtime database and photos).
DEMO_STORES = PROJECT_DIR / "data" / "demo_stores.csv"
DEMO_PASSWORD = "demo-2026!"
# The demo's story is told as of this moment, Tuesday 24.11.2026 at noon in Finland: the visits
# before it are done or under way, a later one at most opened ahead (its briefing read), and
# nothing in the demo happens after it.
NOW = dt.datetime(2026, 11, 24, 12, 0, tzinfo=LOCAL_TZ)
TODAY = NOW.date()
BRAND = "Aurora Motors"
OTHER_BRAND = "Kodin Rauta"
# A wave's visits are given to the shoppers this long before it starts.
PLANNED_AHEAD = dt.timedelta(weeks=2)
SHOPPERS = [
    ("shopper1", "Sanna Shoppari", "Helsinki", 60.1699, 24.9384, "fi"),
    ("shopper2", "Teemu Testaaja", "Tampere", 61.4991, 23.7871, "fi"),
    ("shopper3", "Olivia Observer", "Oulu", 65.0124, 25.4682, "en"),
]
OTHER_STORES = [
    (
        "KR-01",
        "Kodin Rauta Kamppi",
        "Runeberginkatu 5",
        "00100",
        "Helsinki",
        "Uusimaa",
        60.1690,
        24.9300,
    ),
    (
        "KR-02",
        "Kodin Rauta Leppävaara",
        "Läkkisepäntie 2",
        "02650",
        "Espoo",
        "Uusimaa",
        60.2190,
        24.8130,
    ),
    (
        "KR-03",
        "Kodin Rauta Hervanta",
        "Insinöörinkatu 40",
        "33720",
        "Tampere",
        "Pirkanmaa",
        61.4500,
        23.8500,
    ),
]


def _finnish(month: int, day: int, hour: int, minute: int) -> dt.datetime:
    """A moment of 2026 in Finnish time."""
    return dt.datetime(2026, month, day, hour, minute, tzinfo=LOCAL_TZ)


# When the project was set up, each thing on a working day before it was needed: the admin
# and the manager first, then the brand with its account, the shoppers before the spring
# wave's visits were given to them (on 16.2), each wave a fortnight or so before its visits were
# (PLANNED_AHEAD before it starts), the dealer's own account once spring's results were in,
# and the hardware chain, a client since late summer, before its first wave.
SET_UP: dict[str | tuple[str, str], dt.datetime] = {
    "admin": _finnish(1, 12, 9, 5),
    "manager": _finnish(1, 12, 9, 20),
    BRAND: _finnish(1, 14, 10, 40),
    "aurora": _finnish(1, 14, 10, 55),
    "shopper1": _finnish(1, 20, 13, 10),
    "shopper2": _finnish(1, 22, 14, 30),
    "shopper3": _finnish(1, 27, 11, 15),
    (BRAND, "Kevät 2026"): _finnish(2, 2, 13, 35),
    "dealer": _finnish(6, 8, 10, 20),
    (BRAND, "Syksy 2026"): _finnish(8, 4, 10, 15),
    OTHER_BRAND: _finnish(8, 24, 9, 45),
    "kodinrauta": _finnish(8, 24, 10, 5),
    (OTHER_BRAND, "Syksy 2026"): _finnish(8, 31, 13, 0),
}


@dataclass(frozen=True)
class DemoLogin:
    username: str
    role: str
    description: Phrase


DEMO_LOGINS = [
    DemoLogin("shopper1", "shopper", Phrase("dl_shopper1")),
    DemoLogin("shopper2", "shopper", Phrase("dl_shopper2")),
    DemoLogin("shopper3", "shopper", Phrase("dl_shopper3")),
    DemoLogin("manager", "manager", Phrase("dl_manager")),
    DemoLogin("aurora", "client", Phrase("dl_aurora")),
    DemoLogin("dealer", "client", Phrase("dl_dealer")),
    DemoLogin("kodinrauta", "client", Phrase("dl_kodinrauta")),
    DemoLogin("admin", "admin", Phrase("dl_admin")),
]


def load_demo(session: Session, seed: int = 2026) -> bool:
    """Load the demo data (the shipped store list, whatever the runtime data folder is);
    returns False when it was already there. The shipped checklists must be loaded first
    (catalog.sync_shipped)."""
    if session.scalar(select(Client).where(Client.name == BRAND)) is not None:
        return False
    rng = random.Random(seed)
    times = random.Random(f"{seed}:times")  # when things happened (see _visit)
    office = random.Random(f"{seed}:office")  # when the manager reviewed
    brand = _client(session, BRAND, retention_days=365)
    other = _client(session, OTHER_BRAND, retention_days=180)
    stores = _brand_stores(session, brand)
    other_stores = [
        Store(
            client_id=other.id,
            code=c,
            name=n,
            address=a,
            postal_code=p,
            city=ci,
            region=r,
            lat=la,
            lon=lo,
            opening_hours="Mo-Fr 07:00-20:00; Sa 09:00-18:00; Su 12:00-18:00",
        )
        for c, n, a, p, ci, r, la, lo in OTHER_STORES
    ]
    session.add_all(other_stores)
    session.flush()
    users = _users(session, stores)
    car = latest_published(session, "car_showroom")
    hardware = latest_published(session, "hardware_store")
    assert car is not None and hardware is not None, "shipped checklists are missing"
    spring = _wave(session, brand, "Kevät 2026", car.id, dt.date(2026, 3, 2), dt.date(2026, 5, 29))
    autumn = _wave(session, brand, "Syksy 2026", car.id, dt.date(2026, 9, 1), dt.date(2026, 12, 18))
    other_wave = _wave(
        session, other, "Syksy 2026", hardware.id, dt.date(2026, 10, 1), dt.date(2026, 12, 18)
    )
    quality = {s.id: rng.uniform(0.45, 0.95) for s in [*stores, *other_stores]}
    shoppers = [users[u[0]] for u in SHOPPERS]
    manager = users["manager"]
    planning = random.Random(f"{seed}:planning")  # when the manager assigned the visits
    checklist = checklist_of(car)
    spring_shopper, autumn_shopper = _turns(shoppers, stores)
    slots = _slots(spring, shoppers, stores, spring_shopper)
    plan = [(store, spring_shopper[store.id], slots[store.id].day) for store in stores]
    for visit in _plan(session, planning, manager, spring, plan):
        _visit(
            session,
            rng,
            times,
            office,
            visit,
            checklist,
            quality[visit.store_id],
            "approved",
            manager,
            slots[visit.store_id].window,
        )
    slots = _slots(autumn, shoppers, stores, autumn_shopper)
    plan = [(store, autumn_shopper[store.id], slots[store.id].day) for store in stores]
    statuses = _autumn_statuses(autumn, plan, slots)
    visits = _plan(session, planning, manager, autumn, plan)
    for visit, status in zip(visits, statuses, strict=True):
        _visit(
            session,
            rng,
            times,
            office,
            visit,
            checklist,
            quality[visit.store_id],
            status,
            manager,
            slots[visit.store_id].window,
        )
    plan = [
        (store, _nearest(shoppers, store), dt.date(2026, 10, 6 + i * 5))
        for i, store in enumerate(other_stores)
    ]
    for visit in _plan(session, planning, manager, other_wave, plan):
        _visit(
            session,
            rng,
            times,
            office,
            visit,
            checklist_of(hardware),
            quality[visit.store_id],
            "approved",
            manager,
        )
    session.add(
        AuditLog(
            action="demo.load", entity="client", entity_id=brand.id, detail={"stores": len(stores)}
        )
    )
    return True


def _plan(
    session: Session,
    planning: random.Random,
    manager: User,
    wave: Wave,
    plan: list[tuple[Store, User, dt.date]],
) -> list[Visit]:
    """The wave's visits, one a store of `plan`, each assigned to its shopper on its day as the
    manager assigns them on the Waves page, one after another on the morning the wave was
    planned."""
    visits = [Visit(wave_id=wave.id, store_id=store.id, fee_eur=wave.fee_eur) for store, *_ in plan]
    session.add_all(visits)
    session.flush()
    moment = _utc(_planned_on(wave, planning))
    for visit, (_, shopper, day) in zip(visits, plan, strict=True):
        moment += dt.timedelta(seconds=planning.randint(20, 120))
        with _acting(session, moment):
            # Through the Waves page's service, with no reason: a broken job rule fails.
            assign(session, Actor.of(manager), visit.id, shopper.id, day)
    return visits


def _planned_on(wave: Wave, planning: random.Random) -> dt.datetime:
    """A working morning two weeks before the wave starts, when its visits are assigned."""
    day = wave.starts_on - PLANNED_AHEAD
    while not _working_day(day):
        day -= dt.timedelta(days=1)
    return dt.datetime.combine(day, dt.time(9, planning.randrange(60)), tzinfo=LOCAL_TZ)


def _brand_stores(session: Session, brand: Client) -> list[Store]:
    with DEMO_STORES.open(encoding="utf-8", newline="") as fh:
        stores = [
            Store(
                client_id=brand.id,
                code=r["code"],
                name=r["name"],
                address=r["address"],
                postal_code=r["postal_code"],
                city=r["city"],
                region=r["region"],
                lat=float(r["lat"]),
                lon=float(r["lon"]),
                opening_hours=r["opening_hours"],
            )
            for r in csv.DictReader(fh)
        ]
    session.add_all(stores)
    session.flush()
    return stores


def _users(session: Session, stores: list[Store]) -> dict[str, User]:
    accounts: dict[str, tuple[str, dict[str, Any]]] = {
        "admin": ("admin", {"display_name": "Admin", "language": "en"}),
        "manager": ("manager", {"display_name": "Maija Manageri"}),
        "aurora": (
            "client",
            {"client": BRAND, "display_name": "Aurora Motors Oy", "language": "en"},
        ),
        "dealer": (
            "client",
            {"client": BRAND, "display_name": stores[0].name, "scope_store_code": stores[0].code},
        ),
        "kodinrauta": ("client", {"client": OTHER_BRAND, "display_name": "Kodin Rauta Oy"}),
    }
    for username, name, town, lat, lon, language in SHOPPERS:
        accounts[username] = (
            "shopper",
            {
                "display_name": name,
                "language": language,
                "home_place": town,
                "home_lat": lat,
                "home_lon": lon,
            },
        )
    users = {}
    for username, (role, details) in accounts.items():
        with _set_up(session, username):
            users[username] = create_user(session, username, DEMO_PASSWORD, role, **details)
    return users


def _client(session: Session, name: str, retention_days: int) -> Client:
    client = Client(name=name, retention_days=retention_days)
    with _set_up(session, name):
        session.add(client)
    return client


def _set_up(session: Session, what: str | tuple[str, str]) -> AbstractContextManager[None]:
    """Act at the moment `what` (a username, a client, or a client's wave) was set up."""
    return _acting(session, _utc(SET_UP[what]))


def _wave(
    session: Session, client: Client, name: str, version_id: int, start: dt.date, end: dt.date
) -> Wave:
    wave = Wave(
        client_id=client.id,
        name=name,
        checklist_version_id=version_id,
        starts_on=start,
        ends_on=end,
        fee_eur=Decimal("45.00"),
        briefing={
            "fi": "Olet kiinnostunut uudesta perheautosta (noin 35 000 €). Kerro, että nykyinen "
            "autosi on vaihdossa. Älä kerro olevasi haamuasiakas. Pyydä koeajoa, jos sitä "
            "ei tarjota.",
            "en": "You are interested in a new family car (about €35,000). Say that your current "
            "car would be traded in. Never reveal that you are a mystery shopper. Ask for a "
            "test drive if none is offered.",
        },
    )
    with _set_up(session, (client.name, name)):
        session.add(wave)
    return wave


def _nearest(shoppers: list[User], store: Store) -> User:
    return min(shoppers, key=lambda u: _km(u, store))


# In each wave of the brand, a shopper has between these parts of an even share of its visits:
# loads fair within reason, while most stores still go to a shopper near them.
FAIR_LOAD = (0.65, 1.2)


def _turns(shoppers: list[User], stores: list[Store]) -> tuple[dict[int, User], dict[int, User]]:
    """Each store's shopper in spring and in autumn (store id → shopper): two different ones,
    as the waves service requires of waves in a row, chosen so that the shoppers drive the
    least from home over both waves with fair loads (`_pairs`); of the stores a pair of
    shoppers shares, one side of the line between their homes is the one's in spring and the
    other's in autumn, so that each has an area of its own in each wave (`_sides`)."""
    even = len(stores) / len(shoppers)
    least, most = math.ceil(FAIR_LOAD[0] * even), math.floor(FAIR_LOAD[1] * even)
    return _sides(_pairs(shoppers, stores, 2 * least, 2 * most), stores)


@dataclass
class _Arc:
    to: int
    capacity: int
    cost: float
    back: int  # the index of the reverse arc in the list of `to`


def _pairs(
    shoppers: list[User], stores: list[Store], least: int, most: int
) -> dict[int, tuple[User, User]]:
    """Two shoppers for each store, each shopper with `least` to `most` stores, with the least
    km from home in all: a min-cost flow from a source through the stores (two each) and the
    shoppers (one each, at its km) to a sink, by successive shortest paths. A shopper's first
    `least` stores go through an arc of a big negative cost, so they are taken first."""
    n, sink = len(stores), len(stores) + len(shoppers) + 1
    arcs: list[list[_Arc]] = [[] for _ in range(sink + 1)]

    def link(a: int, b: int, capacity: int, cost: float) -> None:
        arcs[a].append(_Arc(b, capacity, cost, len(arcs[b])))
        arcs[b].append(_Arc(a, 0, -cost, len(arcs[a]) - 1))

    for i, store in enumerate(stores, 1):
        link(0, i, 2, 0.0)
        for j, shopper in enumerate(shoppers, n + 1):
            link(i, j, 1, _km(shopper, store))
    for j in range(n + 1, sink):
        link(j, sink, least, -1e6)
        link(j, sink, most - least, 0.0)
    for _ in range(2 * n):
        for arc in _cheapest_path(arcs, 0, sink):
            arc.capacity -= 1
            arcs[arc.to][arc.back].capacity += 1
    pairs = {}
    for i, store in enumerate(stores, 1):
        taken = [arc.to for arc in arcs[i] if n < arc.to < sink and not arc.capacity]
        a, b = (shoppers[j - n - 1] for j in taken)
        pairs[store.id] = (a, b)
    return pairs


def _cheapest_path(arcs: list[list[_Arc]], source: int, sink: int) -> list[_Arc]:
    """The arcs of the cheapest path with capacity left (Bellman-Ford: costs may be negative)."""
    cost = [math.inf] * len(arcs)
    cost[source] = 0.0
    via: list[_Arc | None] = [None] * len(arcs)
    changed = True
    while changed:
        changed = False
        for node, out in enumerate(arcs):
            for arc in out:
                if arc.capacity and cost[node] + arc.cost < cost[arc.to] - 1e-9:
                    cost[arc.to], via[arc.to], changed = cost[node] + arc.cost, arc, True
    path = []
    node = sink
    while node != source:
        arc = via[node]
        assert arc is not None, "no path left: the loads cannot be met"
        path.append(arc)
        node = arcs[arc.to][arc.back].to
    return path


def _sides(
    pairs: dict[int, tuple[User, User]], stores: list[Store]
) -> tuple[dict[int, User], dict[int, User]]:
    """Spring's and autumn's shopper of each store from its pair: the stores a pair shares are
    split by the line between the two homes, one half the one's in spring, the other half the
    other's; a group of an odd number gives its odd store to the shopper with fewer spring
    visits so far, so that each shopper's loads of the two waves differ by one at most."""
    groups: dict[tuple[User, User], list[Store]] = {}
    for store in stores:
        groups.setdefault(tuple(sorted(pairs[store.id], key=lambda u: u.id)), []).append(store)
    ahead: dict[int, int] = {}  # a shopper's spring visits less autumn ones
    spring: dict[int, User] = {}
    autumn: dict[int, User] = {}
    for (a, b), group in groups.items():
        group.sort(key=lambda s: _side(a, b, s))
        half = len(group) // 2
        if len(group) % 2 and ahead.get(a.id, 0) <= ahead.get(b.id, 0):
            half += 1
        ahead[a.id] = ahead.get(a.id, 0) + 2 * half - len(group)
        ahead[b.id] = ahead.get(b.id, 0) - 2 * half + len(group)
        for k, store in enumerate(group):
            spring[store.id], autumn[store.id] = (a, b) if k < half else (b, a)
    return spring, autumn


def _side(a: User, b: User, store: Store) -> float:
    """How far left of the line from a's home to b's the store is (negative: right of it)."""
    ax, ay, bx, by = a.home_lon * 0.5, a.home_lat, b.home_lon * 0.5, b.home_lat
    return (bx - ax) * (store.lat - ay) - (by - ay) * (store.lon * 0.5 - ax)


@dataclass(frozen=True)
class Slot:
    """When a visit is made: its day, and the part of it (minutes from midnight, Finnish time)
    the check-in and every answer fall in."""

    day: dt.date
    window: tuple[int, int]


ALL_DAY = (0, 24 * 60)
# A shopper's two visits of one day: the first over by noon, the second after lunch and the
# drive between the two stores (at most PAIR_KM apart).
MORNING = (0, 12 * 60)
AFTERNOON = (13 * 60 + 30, 24 * 60)
PAIR_KM = 80
# A day whose store is this far from the shopper's home is part of a trip: its days follow one
# another with hotel nights between, as long as the next day's store is within TRIP_KM.
AWAY_KM = 180
TRIP_KM = 220


def _km(a: Store | User, b: Store | User) -> float:
    where = [(p.home_lat, p.home_lon) if isinstance(p, User) else (p.lat, p.lon) for p in (a, b)]
    return great_circle_km(*where)


def _bearing(home: User, store: Store) -> float:
    return math.atan2((store.lon - home.home_lon) * 0.5, store.lat - home.home_lat)


def _slots(
    wave: Wave, shoppers: list[User], stores: list[Store], shopper_of: dict[int, User]
) -> dict[int, Slot]:
    """Each store's slot in the wave: each shopper's stores go in trips (see `_trips`), spread
    over the wave's weeks, a trip's days on working days in a row of one week on which its
    stores are open."""
    slots: dict[int, Slot] = {}
    monday = wave.starts_on - dt.timedelta(days=wave.starts_on.weekday())
    weeks = (wave.ends_on - monday).days // 7 + 1
    for shopper in shoppers:
        trips = _trips(shopper, [s for s in stores if shopper_of[s.id] is shopper])
        taken: set[dt.date] = set()
        for k, trip in enumerate(trips):
            week = k * weeks // len(trips)
            days = None
            while days is None:
                days = _free_run(wave, monday + dt.timedelta(weeks=week), trip, k, taken)
                week += 1
            taken.update(days)
            for day, visits in zip(days, trip, strict=True):
                windows = [MORNING, AFTERNOON] if len(visits) > 1 else [ALL_DAY]
                slots.update((s.id, Slot(day, w)) for s, w in zip(visits, windows, strict=True))
    return slots


def _trips(home: User, stores: list[Store]) -> list[list[list[Store]]]:
    """The shopper's stores as trips of days. A day takes the farthest store left and, when one
    is within PAIR_KM of it, the store nearest it too (on the way back). A day near home is a
    trip of its own; days away (AWAY_KM) go in trips of at most four: out to the farthest, then
    on to the nearest day away left while it is within TRIP_KM. A day away left alone joins
    the nearest trip within TRIP_KM (of five days at most), so that nobody drives far for one
    day. Trips go round home by bearing."""
    left = sorted(stores, key=lambda s: -_km(home, s))
    days: list[list[Store]] = []
    while left:
        far = left.pop(0)
        near = min(left, key=lambda s: _km(far, s), default=None)
        if near is not None and _km(far, near) <= PAIR_KM:
            left.remove(near)
            days.append([far, near])
        else:
            days.append([far])
    trips = [[d] for d in days if _km(home, d[0]) <= AWAY_KM]
    away = [d for d in days if _km(home, d[0]) > AWAY_KM]  # farthest first
    while away:
        trip = [away.pop(0)]
        while len(trip) < 4:
            nearest = min(away, key=lambda d: _km(trip[-1][-1], d[0]), default=None)
            if nearest is None or _km(trip[-1][-1], nearest[0]) > TRIP_KM:
                break
            away.remove(nearest)
            trip.append(nearest)
        trips.append(trip)
    for lone in [t for t in trips if len(t) == 1 and _km(home, t[0][0]) > AWAY_KM]:
        others = [t for t in trips if t is not lone and len(t) < 5]
        joined = min(others, key=lambda t: _apart(lone, t), default=None)
        if joined is not None and _apart(lone, joined) <= TRIP_KM:
            trips.remove(lone)
            joined[:] = _in_order(home, [*joined, *lone])
    return sorted(trips, key=lambda t: _bearing(home, t[0][0]))


def _apart(trip: list[list[Store]], other: list[list[Store]]) -> float:
    """The km between the nearest stores of two trips."""
    return min(_km(a, b) for day in trip for a in day for b in (s for d in other for s in d))


def _in_order(home: User, days: list[list[Store]]) -> list[list[Store]]:
    """A trip's days out to the farthest from home first, then on to the nearest day left."""
    left = sorted(days, key=lambda d: -_km(home, d[0]))
    trip = [left.pop(0)]
    while left:
        trip.append(min(left, key=lambda d: _km(trip[-1][-1], d[0])))
        left.remove(trip[-1])
    return trip


def _free_run(
    wave: Wave, monday: dt.date, trip: list[list[Store]], k: int, taken: set[dt.date]
) -> list[dt.date] | None:
    """Days in a row for the trip's days in the week from `monday`: working days of the wave,
    not `taken`, on which the day's stores are open; the k-th trip starts on a weekday of its
    own where it can. None when the week has none."""
    if monday > wave.ends_on:
        raise ValueError(f"the wave {wave.name} has no room left for its trips")
    week = [monday + dt.timedelta(days=d) for d in range(5)]
    starts = [week[(k + i) % 5] for i in range(5)]
    for start in starts:
        run = [start + dt.timedelta(days=d) for d in range(len(trip))]
        if all(
            d in week
            and wave.starts_on <= d <= wave.ends_on
            and _working_day(d)
            and d not in taken
            and all(parse_opening_hours(s.opening_hours).minutes_on(d) for s in visits)
            for d, visits in zip(run, trip, strict=True)
        ):
            return run
    return None


# Of the audits sent in the last fortnight every other one still waits for the manager's
# review, and so do yesterday's and the suspicious ones (SUSPICIOUS).
REVIEW_QUEUE = dt.timedelta(weeks=2)


def _autumn_statuses(
    wave: Wave, plan: list[tuple[Store, User, dt.date]], slots: dict[int, Slot]
) -> list[str]:
    """Where each visit of the wave under way stands at the demo's now: made on a day before
    (approved, or waiting for review), under way this morning, each shopper's next one opened
    ahead (a draft) and the rest not started."""
    now = NOW.hour * 60 + NOW.minute
    later = sorted(
        (day, slots[store.id].window, store.id, shopper.id)
        for store, shopper, day in plan
        if (day, slots[store.id].window[0]) >= (TODAY, now)
    )
    next_ones = {shopper_id: store_id for *_, store_id, shopper_id in reversed(later)}
    statuses = []
    for i, (store, shopper, day) in enumerate(plan):
        if (day, slots[store.id].window[0]) >= (TODAY, now):
            statuses.append("draft" if next_ones[shopper.id] == store.id else "not_started")
        elif day == TODAY:
            statuses.append("draft")
        elif (
            (wave.name, store.code) in SUSPICIOUS
            or day == TODAY - dt.timedelta(days=1)
            or (day >= TODAY - REVIEW_QUEUE and i % 2)
        ):
            statuses.append("submitted")
        else:
            statuses.append("approved")
    return statuses


def _visit(
    session: Session,
    rng: random.Random,
    times: random.Random,
    office: random.Random,
    visit: Visit,
    checklist: Checklist,
    quality: float,
    status: str,
    reviewer: User,
    window: tuple[int, int] = ALL_DAY,
) -> None:
    """The visit's audit in `status`, made through the services a shopper and the reviewer use,
    at the moments the visit took (in `window` of its day, minutes from midnight in Finnish
    time): the audit carries what they stamp and the audit log what they write."""
    wave, store, shopper, day = visit.wave, visit.store, visit.shopper, visit.planned_date
    assert shopper is not None and day is not None, f"{store.code} is not assigned"
    if status == "not_started":
        return
    # `rng` draws what it always drew, in the same order, so every answer and score of the demo
    # stays as it was; the visit's timing comes from `times`.
    preferred = dt.datetime.combine(day, dt.time(10 + rng.randrange(6), rng.randrange(60)))
    lat = store.lat + rng.uniform(-4e-4, 4e-4)
    lon = store.lon + rng.uniform(-4e-4, 4e-4)
    rng.uniform(5, 60)  # once a made-up distance; now measured from the location as the app does
    answers = _answers(
        checklist,
        rng,
        quality,
        complete=status != "draft",
        staff_names=bool(store.client.staff_names_enabled),
    )
    odd = SUSPICIOUS.get((wave.name, store.code))
    if odd == "far":
        lat = store.lat + FAR_CHECKIN_DEGREES
    timeline = _timeline(
        checklist, answers, times, complete=status != "draft", rushed=odd == "rushed"
    )
    now = _utc(NOW)
    since, until = window
    if day == TODAY:
        until = min(until, NOW.hour * 60 + NOW.minute)
    checkin = _checkin_time(store, day, preferred, timeline.length, times, since, until)
    shopper_as = Actor.of(shopper)
    if checkin + dt.timedelta(seconds=timeline.length) > now:
        # Not made yet: the shopper has opened the audit ahead and read the briefing.
        assert status == "draft", f"{store.code} is {status} but not visited by {NOW}"
        read = dt.datetime.combine(
            TODAY - dt.timedelta(days=times.randint(1, 6)),
            dt.time(times.randint(8, 20), times.randrange(60)),
            tzinfo=LOCAL_TZ,
        )
        with _acting(session, _utc(read) - dt.timedelta(seconds=times.randint(20, 180))):
            audit_id = start_audit(session, shopper_as, visit.id)
        with _acting(session, _utc(read)):
            mark_briefing_read(session, shopper_as, audit_id)
        return
    briefing_read = checkin - dt.timedelta(minutes=times.randint(40, 180))
    with _acting(session, briefing_read - dt.timedelta(seconds=times.randint(20, 180))):
        audit_id = start_audit(session, shopper_as, visit.id)
    with _acting(session, briefing_read):
        mark_briefing_read(session, shopper_as, audit_id)
    with _acting(session, checkin):
        check_in(session, shopper_as, audit_id, lat, lon, accuracy_m=15.0)
    audit = session.get(Audit, audit_id)
    assert audit is not None
    last = checkin
    for item_id, response in answers.items():
        # Written as save_answer writes them (it logs nothing until the audit is returned).
        at = checkin + dt.timedelta(seconds=timeline.answered[item_id])
        last = max(last, at)
        session.add(
            Answer(
                audit_id=audit.id,
                item_id=item_id,
                value=_as_timed(checklist.item(item_id), response.value, checkin, at, timeline),
                na=response.na,
                comment=response.comment,
                answered_at=at,
                updated_at=at,
            )
        )
    audit.updated_at = last
    audit.current_section = checklist.section_of(next(reversed(answers))).id if answers else None
    session.flush()
    if status == "draft":
        return
    # Read through once more before sending; a rushed audit is sent at once.
    sent = last + dt.timedelta(
        seconds=times.randint(30, 90) if odd == "rushed" else times.randint(120, 1500)
    )
    with _acting(session, sent):
        result = submit(session, shopper_as, audit.id)
    assert result.submitted and not result.already, (store.code, result.missing)
    if status == "approved":
        with _acting(session, _reviewed(sent, office)):
            approve(session, Actor.of(reviewer), audit.id)


def _reviewed(sent: dt.datetime, office: random.Random) -> dt.datetime:
    """When the reviewer approves an audit sent at `sent` (both naive UTC): in office hours on
    the first working day after the day it was sent."""
    day = _local(sent).date() + dt.timedelta(days=1)
    while not _working_day(day):
        day += dt.timedelta(days=1)
    moment = dt.datetime.combine(
        day, dt.time(office.randint(8, 15), office.randrange(60)), tzinfo=LOCAL_TZ
    )
    assert moment <= NOW, f"approved at {moment}, after the demo's now"
    return _utc(moment)


def _working_day(day: dt.date) -> bool:
    """Monday to Friday and not a Finnish public holiday."""
    return day.weekday() < 5 and public_holiday(day) is None


@contextmanager
def _acting(session: Session, moment: dt.datetime) -> Iterator[None]:
    """The services act at `moment` (naive UTC); what they stamp or log is flushed then."""
    with clock_at(moment):
        yield
        session.flush()


def _utc(moment: dt.datetime) -> dt.datetime:
    """A moment with its zone as the database keeps it: naive UTC."""
    return moment.astimezone(dt.UTC).replace(tzinfo=None)


def _local(moment: dt.datetime) -> dt.datetime:
    """A naive UTC moment (as the database keeps it) in Finnish time."""
    return moment.replace(tzinfo=dt.UTC).astimezone(LOCAL_TZ)


# A few demo audits are suspicious on purpose, so that a reviewer's trust signals
# (audits.trust) can be shown; every other demo visit is one a shopper could really have made,
# and none of them raises a warning. Both wait in the review queue (submitted):
SUSPICIOUS = {
    # Järvenpää, Teemu Testaaja: every answer within a minute of checking in ("short visit"):
    # the form was filled in from memory, or the visit never happened.
    ("Syksy 2026", "AM-049"): "rushed",
    # Heinola, Sanna Shoppari: checked in 2.6 km north of the store ("far check-in"), with a
    # visit that is otherwise ordinary.
    ("Syksy 2026", "AM-036"): "far",
}
FAR_CHECKIN_DEGREES = 0.0234  # of latitude, about 2.6 km

# How long a visit's answering takes, in minutes from the check-in to the last answer (a
# greeting wait comes on top): the conversation of a showroom visit takes longest.
VISIT_MINUTES = {"car_showroom": (35, 55), "hardware_store": (14, 24)}
# The time items a shopper fills in with the time they left; any other gets the check-in's.
END_CLOCKS = {"visit_end_time"}


@dataclass(frozen=True)
class Timeline:
    """When each answer of a visit was given, in whole seconds after the check-in."""

    answered: dict[str, int]
    timers: dict[str, tuple[int, int]]  # a greeting timer's start and stop
    length: int  # seconds from the check-in to the last answer


def _timeline(
    checklist: Checklist,
    answers: dict[str, Response],
    times: random.Random,
    complete: bool,
    rushed: bool = False,
) -> Timeline:
    """Answers in checklist order over a plausible visit: a few seconds to a minute or so
    between items, a longer pause where the visit moves on to the next section, and a greeting
    wait that passes in full before its answer (by the timer started at the door, or typed in
    after it)."""
    ids = list(answers)
    if rushed:
        return Timeline({item_id: 5 + 50 * i // len(ids) for i, item_id in enumerate(ids)}, {}, 55)
    low, high = VISIT_MINUTES.get(checklist.id, (20, 40))
    minutes = times.uniform(low, high) * (1 if complete else len(ids) / len(checklist.items()))
    weights = []
    previous = None
    for item_id in ids:
        section = checklist.section_of(item_id).id
        weights.append(times.uniform(0.5, 1.5) * (4 if previous not in (None, section) else 1))
        previous = section
    scale = minutes * 60 / sum(weights) if weights else 0
    answered: dict[str, int] = {}
    timers: dict[str, tuple[int, int]] = {}
    clock = 0
    for item_id, weight in zip(ids, weights, strict=True):
        clock += max(5, round(weight * scale))
        response = answers[item_id]
        waited = response.value.get("seconds") if isinstance(response.value, dict) else None
        if waited is not None:
            if times.random() < 0.85:  # most shoppers time it; the rest type the wait in
                timers[item_id] = (clock, clock + waited)
                clock += waited + times.randint(1, 4)
            else:
                clock += waited + times.randint(15, 60)
        answered[item_id] = clock
    return Timeline(answered, timers, clock)


def _checkin_time(
    store: Store,
    day: dt.date,
    preferred: dt.datetime,
    seconds: int,
    times: random.Random,
    since: int = 0,
    until: int = 24 * 60,
) -> dt.datetime:
    """The check-in (UTC): `preferred` when the whole visit fits in the store's opening hours
    that day, not before `since` and over by `until` (minutes from midnight, Finnish time),
    else a time that does; a day with no such time keeps `preferred`."""
    visit = seconds / 60 + 5
    local = preferred.replace(tzinfo=dt.UTC).astimezone(LOCAL_TZ)
    start = local.hour * 60 + local.minute
    windows = [
        (max(opens, since), min(closes, until))
        for opens, closes in parse_opening_hours(store.opening_hours).minutes_on(day)
    ]
    if any(opens <= start and start + visit <= closes for opens, closes in windows):
        return preferred
    fitting = [
        (opens + 5, closes - visit) for opens, closes in windows if closes - visit >= opens + 5
    ]
    if not fitting:
        return preferred
    earliest, latest = times.choice(fitting)
    minute = times.randint(round(earliest), int(latest))
    moment = dt.datetime.combine(day, dt.time(minute // 60, minute % 60), tzinfo=LOCAL_TZ)
    return moment.astimezone(dt.UTC).replace(tzinfo=None)


def _as_timed(
    item: Item, value: Any, checkin: dt.datetime, at: dt.datetime, timeline: Timeline
) -> Any:
    """A value that tells a time as it was: a greeting timer's stamps, a clock time read then."""
    if item.id in timeline.timers:
        start, stop = (checkin + dt.timedelta(seconds=s) for s in timeline.timers[item.id])
        return timed_greeting(
            item.limit_seconds, _stamp(start), _stamp(stop), bool(value.get("nobody_came"))
        )
    if item.type == "time" and isinstance(value, str):
        moment = at if item.id in END_CLOCKS else checkin
        return f"{_local(moment):%H:%M}"
    return value


def _stamp(moment: dt.datetime) -> str:
    return moment.replace(tzinfo=dt.UTC).isoformat(timespec="seconds")


def _answers(
    checklist: Checklist, rng: random.Random, quality: float, complete: bool, staff_names: bool
) -> dict[str, Response]:
    answers: dict[str, Response] = {}
    items = checklist.items()
    stop = len(items) if complete else rng.randrange(3, max(4, len(items) // 2))
    for item in items[:stop]:
        if not item.is_visible(answers):
            continue
        if item.allow_na and rng.random() < 0.08:
            answers[item.id] = Response(na=True)
            continue
        value = fake_value(item, rng, rng.random() < quality)
        if value is None:
            continue
        comment = ""
        if item.needs_comment(value) or (value == "no" and rng.random() < 0.3):
            comment = rng.choice(_COMMENTS)
        answers[item.id] = Response(value=value, comment=comment)
    if staff_names:
        return answers
    # Dropped after drawing rather than skipped, so the rest of the demo's answers stay the same.
    named = {i.id for i in items if i.staff_name}
    return {item_id: r for item_id, r in answers.items() if item_id not in named}


_COMMENTS = [
    "Myyjä oli kiireinen toisen asiakkaan kanssa.",
    "Asiaa ei otettu puheeksi koko käynnin aikana.",
    "Myyjä mainitsi asian vasta, kun kysyin suoraan.",
    "Esite annettiin, mutta asiaa ei käyty läpi.",
]


def fake_value(item: Item, rng: random.Random, good: bool) -> Any:
    kind = item.type
    if kind == "yes_no":
        good_answer = getattr(item, "good", "yes")
        return good_answer if good else ("no" if good_answer == "yes" else "yes")
    if kind == "scale":
        low, high = item.min, item.max
        return rng.randint((low + high) // 2, high) if good else rng.randint(low, (low + high) // 2)
    if kind == "choice":
        ranked = sorted(item.options, key=lambda o: o.points, reverse=True)
        return (ranked[0] if good else rng.choice(ranked)).id
    if kind == "multi_choice":
        return [o.id for o in item.options if rng.random() < (0.8 if good else 0.3)]
    if kind == "duration":
        if not good and rng.random() < 0.1:
            return {"seconds": item.limit_seconds, "nobody_came": True}
        return {
            "seconds": rng.randint(15, 120) if good else rng.randint(120, 900),
            "nobody_came": False,
        }
    if kind == "number":
        low = item.min if item.min is not None else 0
        high = item.max if item.max is not None else low + 10
        return rng.randint(int(low), int(min(high, low + 10)))
    if kind == "time":
        return f"{rng.randint(10, 16):02d}:{rng.randrange(60):02d}"
    if kind == "text":
        return rng.choice(
            [
                "Asiallinen ja ystävällinen käynti.",
                "Kiireinen tunnelma.",
                "Good visit overall; follow-up promised.",
            ]
        )
    return None  # photos are not faked
