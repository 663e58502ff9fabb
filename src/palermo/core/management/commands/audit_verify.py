"""`palermo audit verify`: prove that no sealed audit event was edited, removed, reordered or
inserted, check the seals' signatures and exported heads, and report the unsealed tail."""

from __future__ import annotations

import argparse
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from palermo.core.audit import ChainAnchor, verify_chain

_SEAL_KINDS = frozenset({"seal", "head"})


def _anchor(text: str) -> ChainAnchor:
    try:
        return ChainAnchor.parse(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


class Command(BaseCommand):
    help = (
        "Verify the audit log's signed seals. Exits 0 when it is intact and 1 (listing every "
        "problem) when an event was edited, removed, reordered or inserted, or a seal forged."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--print-head",
            action="store_true",
            help="after a successful check, print the newest seal as NUMBER:HEAD to keep elsewhere",
        )
        parser.add_argument(
            "--expect-head",
            metavar="NUMBER:HEAD",
            type=_anchor,
            action="append",
            default=[],
            help="check that the log still holds this seal (a line printed by --print-head); "
            "may be given several times",
        )
        parser.add_argument(
            "--batch-size", type=int, default=2000, help="events read per round trip (default 2000)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["batch_size"] < 1:
            raise CommandError("--batch-size must be at least 1")
        report = verify_chain(options["batch_size"], anchors=options["expect_head"])
        if not report.ok:
            for problem in report.problems:
                where = (
                    f"seal #{problem.seal}" if problem.kind in _SEAL_KINDS else f"#{problem.seq}"
                )
                self.stdout.write(self.style.ERROR(f"{where} [{problem.kind}] {problem}"))
            count = len(report.problems)
            events = [p.seq for p in report.problems if p.kind not in _SEAL_KINDS]
            first = (
                f"the first bad event is #{min(events)}"
                if events
                else f"the first bad seal is #{min(p.seal or 0 for p in report.problems)}"
            )
            raise CommandError(
                f"Audit chain broken: {count} problem{'s' if count != 1 else ''} found in "
                f"{report.checked} events; {first}.",
                returncode=1,
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"Audit chain intact: {report.sealed} events verified in {report.head.seq} seals."
            )
        )
        if report.unsealed:
            since = report.unsealed_since.isoformat() if report.unsealed_since else "?"
            self.stdout.write(
                f"Unsealed tail: {report.unsealed} newer events are not sealed yet (the oldest "
                f"written at {since}); the background worker seals them within seconds."
            )
        for anchor in options["expect_head"]:
            self.stdout.write(f"Anchor {anchor} holds.")
        if options["print_head"]:
            self.stdout.write(f"Chain head: {report.head}")
