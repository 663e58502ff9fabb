"""Page benchmark: `./run bench pages [--cases N] [--rounds R] [--record]`.

The demo data (synthetic cases, shelters with residents, criminal proceedings), then, in
alternating rounds, requests to a bare JSON view and to the busiest pages and API endpoints, in
the same process behind the same middleware (Django's test client: no network, no HTTP server,
so the ratio is the page's own work). Each page's figure is its requests per second divided by
the bare view's, measured in the same rounds; plus its number of database queries.

Then a scaling table: 1, 2, 4 and 8 processes, each reading different cases as a national
administrator (every read writes its audit event), for the same number of requests each.
Throughput that does not grow with the processes (up to the cores) means they wait for each
other: a lock.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import statistics
import time
from datetime import date
from typing import Any

PAGES = [
    ("case page", "/cases/{case}/"),
    ("case list page", "/cases/"),
    ("API case detail", "/api/cases/{case}/"),
    ("API case list", "/api/cases/"),
    ("referral inbox", "/referrals/"),
    ("shelter list", "/shelters/"),
]
# The case page loads its sections by htmx once it is there: a browser's view of a case is the
# page and these requests, measured together as one view.
CASE_SECTIONS = [
    "decisions", "screenings", "consent", "status", "referrals", "crossborder", "shelters",
    "proceedings",
]  # fmt: skip
CONCURRENCY = [1, 2, 4, 8]


def _prepare(cases: int) -> list[int]:
    """Demo data; returns the ids of the cases in proceedings (the fullest case pages) first."""
    from django.conf import settings

    from palermo.accounts.actor import actor_for_membership
    from palermo.cases.models import Case
    from palermo.demo.generator import generate
    from palermo.demo.personas import ensure_personas
    from palermo.justice.demo import seed_proceedings
    from palermo.justice.models import Participant
    from palermo.shelters.demo import seed_shelters

    settings.ROOT_URLCONF = "bench.page_urls"
    settings.DEBUG = False
    if not Case.objects.exists():
        generate(seed=2026, cases=cases, today=date(2026, 11, 1))
        personas = ensure_personas()
        seed_proceedings(
            officer=actor_for_membership(personas["officer_minsk"]),
            investigator=actor_for_membership(personas["investigator"]),
        )
        seed_shelters()
    busy = list(
        Participant.objects.exclude(case=None).order_by("id").values_list("case_id", flat=True)
    )
    rest = list(Case.objects.exclude(pk__in=busy).order_by("id").values_list("pk", flat=True))
    return [pk for pk in busy if pk is not None] + rest


def _client(persona: str) -> Any:
    from django.test import Client

    from palermo.demo.personas import ensure_personas

    client = Client()
    client.force_login(ensure_personas()[persona].user)
    return client


def _get(client: Any, url: str) -> None:
    """One view: a URL, or (a list) a page and the sections htmx loads into it."""
    for i, one in enumerate(url if isinstance(url, list) else [url]):
        response = client.get(one, **({"HTTP_HX_REQUEST": "true"} if i else {}))
        if response.status_code != 200:
            raise RuntimeError(f"{one} answered {response.status_code}")


def _rate(client: Any, url: Any, requests: int) -> float:
    start = time.perf_counter()
    for _ in range(requests):
        _get(client, url)
    return requests / (time.perf_counter() - start)


def _queries(client: Any, url: Any) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        _get(client, url)
    return len(captured.captured_queries)


def measure_pages(case_ids: list[int], rounds: int, requests: int) -> list[tuple[str, str]]:
    client = _client("officer_minsk")
    case = case_ids[0]
    urls: dict[str, Any] = {name: url.format(case=case) for name, url in PAGES}
    urls["case page with its sections (as a browser loads it)"] = [
        f"/cases/{case}/",
        *(f"/cases/{case}/sections/{name}/" for name in CASE_SECTIONS),
    ]
    bare_rates: list[float] = []
    rates: dict[str, list[float]] = {name: [] for name in urls}
    for _round in range(rounds):  # alternating, so that a busy moment hits every figure alike
        bare_rates.append(_rate(client, "/bench/bare/", requests))
        for name, url in urls.items():
            rates[name].append(_rate(client, url, requests))
    bare = statistics.median(bare_rates)
    rows = [("bare JSON view, requests/s (the baseline)", f"{bare:.0f}")]
    for name, url in urls.items():
        rate = statistics.median(rates[name])
        rows.append(
            (
                f"{name}: ratio to the bare view (requests/s; queries)",
                f"{rate / bare:.3f}× ({rate:.1f}/s; {_queries(client, url)} queries)",
            )
        )
    return rows


def _reader(args: tuple[list[int], int, str]) -> int:
    """One process: reads its own cases' pages; returns how many it read."""
    case_ids, requests, url = args
    from django.db import connections

    connections.close_all()  # never share the parent's connection
    client = _client("admin")
    for i in range(requests):
        response = client.get(url.format(case=case_ids[i % len(case_ids)]))
        if response.status_code != 200:
            raise RuntimeError(f"case page answered {response.status_code}")
    connections.close_all()
    return requests


def measure_scaling(case_ids: list[int], requests: int) -> list[tuple[str, str]]:
    from django.db import connections

    rows = []
    base = 0.0
    connections.close_all()
    context = multiprocessing.get_context("fork")
    for url_name, url in (
        ("case page", "/cases/{case}/"),
        ("API case detail", "/api/cases/{case}/"),
    ):
        for clients in CONCURRENCY:
            shares = [case_ids[i::clients] for i in range(clients)]
            start = time.perf_counter()
            with context.Pool(clients) as pool:
                done = sum(pool.map(_reader, [(share, requests, url) for share in shares]))
            rate = done / (time.perf_counter() - start)
            if clients == 1:
                base = rate
            rows.append(
                (
                    f"{url_name}, {clients} concurrent clients: requests/s (× one client)",
                    f"{rate:.1f} ({rate / base:.2f}×)",
                )
            )
    return rows


def run(argv: list[str] | None = None) -> list[tuple[str, str]]:
    args = _parser().parse_args(argv or [])
    case_ids = _prepare(args.cases)
    rows = [("cases in the database", f"{len(case_ids)}")]
    rows += measure_pages(case_ids, args.rounds, args.requests)
    rows += measure_scaling(case_ids, args.requests)
    return rows


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="./run bench pages")
    parser.add_argument("--cases", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--requests", type=int, default=20, help="requests per page per round")
    parser.add_argument("--record", action="store_true", help="append the results to BENCHMARKS.md")
    return parser


def main(argv: list[str]) -> int:
    from bench.__main__ import _setup, record_section

    args = _parser().parse_args(argv)
    _setup(os.environ.get("PALERMO_DATABASE_URL"))
    rows = run([a for a in argv if a != "--record"])
    record_section("Pages and concurrent readers", "pages", argv, rows, record=args.record)
    return 0
