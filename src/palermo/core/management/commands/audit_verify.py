"""`palermo audit verify`: prove that no audit event was edited, removed, reordered or inserted."""

from __future__ import annotations

import argparse
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from palermo.core.audit import ChainAnchor, verify_chain


def _anchor(text: str) -> ChainAnchor:
    try:
        return ChainAnchor.parse(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


class Command(BaseCommand):
    help = (
        "Verify the audit log's hash chain. Exits 0 when it is intact and 1 (listing every "
        "problem) when an event was edited, removed, reordered or inserted."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--print-head",
            action="store_true",
            help="after a successful check, print the newest event as SEQ:HASH to keep elsewhere",
        )
        parser.add_argument(
            "--expect-head",
            metavar="SEQ:HASH",
            type=_anchor,
            action="append",
            default=[],
            help="check that the chain still holds this anchor (a line printed by --print-head); "
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
                self.stdout.write(self.style.ERROR(f"#{problem.seq} [{problem.kind}] {problem}"))
            count = len(report.problems)
            raise CommandError(
                f"Audit chain broken: {count} problem{'s' if count != 1 else ''} found in "
                f"{report.checked} events; the first bad event is #{report.first_bad_seq}.",
                returncode=1,
            )
        self.stdout.write(
            self.style.SUCCESS(f"Audit chain intact: {report.checked} events verified.")
        )
        for anchor in options["expect_head"]:
            self.stdout.write(f"Anchor {anchor} holds.")
        if options["print_head"]:
            self.stdout.write(f"Chain head: {report.head}")
