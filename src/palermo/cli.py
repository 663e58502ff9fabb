"""The `palermo` console command: a thin, documented front for the management commands."""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys


def _django_setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "palermo.settings")
    import django

    django.setup()


def _call(name: str, *args: str) -> int:
    from django.core.management import call_command
    from django.core.management.base import CommandError

    _django_setup()
    try:
        call_command(name, *args)
    except CommandError as exc:
        print(f"palermo: {exc}", file=sys.stderr)
        return getattr(exc, "returncode", 1) or 1
    return 0


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a whole number") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"{value} is negative; give 0 or more")
    return value


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="palermo", description="Palermo command line.")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    manage = sub.add_parser("manage", help="Django's manage.py commands", add_help=False)
    manage.add_argument("args", nargs=argparse.REMAINDER)

    audit = sub.add_parser("audit", help="the audit log")
    audit_sub = audit.add_subparsers(dest="audit_command", required=True, metavar="ACTION")
    verify = audit_sub.add_parser(
        "verify", help="prove that no audit event was changed, removed or reordered"
    )
    verify.add_argument(
        "--print-head", action="store_true", help="print the newest seal as NUMBER:HEAD"
    )
    verify.add_argument(
        "--expect-head", metavar="NUMBER:HEAD", help="check that the log still holds this seal"
    )

    sub.add_parser(
        "worker", help="run the background worker (queued tasks, audit sealing, periodic jobs)"
    )

    rotate = sub.add_parser("rotate-keys", help="re-encrypt identity data with the newest key")
    rotate.add_argument("--dry-run", action="store_true", help="only count what would change")

    retention = sub.add_parser("retention", help="the shredder: retention rules of the pack")
    retention.add_argument("action", choices=["scan", "run", "status"])
    retention.add_argument("--as-of", metavar="YYYY-MM-DD", help="evaluate the rules on this day")

    backup = sub.add_parser("backup", help="write an encrypted backup of the database")
    backup.add_argument("output", help="the backup file to write")
    backup.add_argument(
        "--data-keys", metavar="FILE", help="also write the wrapped data keys to this file"
    )

    restore = sub.add_parser("restore", help="restore an encrypted backup into an empty database")
    restore.add_argument("input", help="the backup file to read")
    restore.add_argument(
        "--data-keys", metavar="FILE", help="the newest data-key file (keys kept apart)"
    )

    generate = sub.add_parser("generate", help="fill the database with synthetic data")
    generate.add_argument("--seed", type=_positive_int, default=1, help="random seed (default 1)")
    generate.add_argument(
        "--cases", type=_positive_int, default=200, help="number of cases (default 200)"
    )
    generate.add_argument(
        "--bulk",
        action="store_true",
        help="a national history written with bulk inserts (fast, marked synthetic, one audit "
        "event for the run)",
    )

    exchange = sub.add_parser("exchange", help="HTCDS / CTDC data exchange")
    exchange_sub = exchange.add_subparsers(dest="exchange_command", required=True, metavar="ACTION")
    ctdc = exchange_sub.add_parser("ctdc", help="make and register the k-anonymous CTDC file")
    ctdc.add_argument("--user", required=True, help="who makes the release")
    ctdc.add_argument("--agency", type=_positive_int, help="their agency's id (if several)")
    ctdc.add_argument("--year-from", type=_positive_int)
    ctdc.add_argument("--year-to", type=_positive_int)
    ctdc.add_argument("--format", choices=("csv", "xlsx"), default="csv")
    ctdc.add_argument("--output", required=True, help="file to write")
    htcds_import = exchange_sub.add_parser("import", help="import an NGO's HTCDS file")
    htcds_import.add_argument("file")
    htcds_import.add_argument("--user", required=True, help="who imports (their agency owns it)")
    htcds_import.add_argument("--agency", type=_positive_int, help="their agency's id")

    stats = sub.add_parser("stats", help="the National Rapporteur's statistics")
    stats_sub = stats.add_subparsers(dest="stats_command", required=True, metavar="ACTION")
    report = stats_sub.add_parser("report", help="write the yearly report (disclosure-controlled)")
    report.add_argument("--year", type=_positive_int, required=True)
    report.add_argument("--lang", default="en", help="en, ru or be (default en)")
    report.add_argument("--format", default="pdf", choices=["pdf", "xlsx", "csv"])
    report.add_argument("--output", default="", help="file to write (a folder for csv)")

    crossborder = sub.add_parser("crossborder", help="cross-border referrals")
    cb_sub = crossborder.add_subparsers(dest="cb_command", required=True, metavar="ACTION")
    cb_sub.add_parser("export-key", help="print this installation's public key for partners")
    cb_import = cb_sub.add_parser("import-package", help="check and take in a package file")
    cb_import.add_argument("path", help="the package file (JSON)")

    demo = sub.add_parser(
        "demo", help="migrate, load demonstration data and serve on 127.0.0.1:8000"
    )
    demo.add_argument("--no-serve", action="store_true", help="prepare the database and stop")
    demo.add_argument("--port", type=_positive_int, default=8000)
    demo.add_argument("--cases", type=_positive_int, default=300)
    return parser


def _exchange(args: argparse.Namespace) -> int:
    extra = ["--user", args.user]
    if args.agency is not None:
        extra += ["--agency", str(args.agency)]
    if args.exchange_command == "import":
        return _call("htcds_import", args.file, *extra)
    for flag, value in (("--year-from", args.year_from), ("--year-to", args.year_to)):
        if value is not None:
            extra += [flag, str(value)]
    return _call("ctdc_export", *extra, "--format", args.format, "--output", args.output)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] == "manage":
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "palermo.settings")
        from django.core.management import execute_from_command_line

        execute_from_command_line(["palermo manage", *argv[1:]])
        return 0
    args = build_parser().parse_args(argv)
    if args.command == "audit":
        extra = ["--print-head"] if args.print_head else []
        if args.expect_head:
            extra += ["--expect-head", args.expect_head]
        return _call("audit_verify", *extra)
    if args.command == "worker":
        return _call("run_worker")
    if args.command == "rotate-keys":
        return _call("rotate_keys", *(["--dry-run"] if args.dry_run else []))
    if args.command == "retention":
        return _call("retention", args.action, *(["--as-of", args.as_of] if args.as_of else []))
    if args.command in ("backup", "restore"):
        path = args.output if args.command == "backup" else args.input
        keys = ["--data-keys", args.data_keys] if args.data_keys else []
        return _call(f"palermo_{args.command}", path, *keys)
    if args.command == "generate":
        name = "generate_bulk" if args.bulk else "generate"
        return _call(name, "--seed", str(args.seed), "--cases", str(args.cases))
    if args.command == "stats":
        extra = ["--output", args.output] if args.output else []
        return _call(
            "stats_report",
            "--year", str(args.year), "--lang", args.lang, "--format", args.format, *extra,
        )  # fmt: skip
    if args.command == "exchange":
        return _exchange(args)
    if args.command == "crossborder":
        extra = [args.path] if args.cb_command == "import-package" else []
        return _call("crossborder", args.cb_command, *extra)
    if args.command == "demo":
        code = _call("demo", "--cases", str(args.cases))
        if code or args.no_serve:
            return code
        from django.core.management import call_command

        # The background worker (audit sealing and other jobs) runs beside the server and stops
        # with it.
        # SIGTERM ends the server like Ctrl+C does, so that the worker is stopped too.
        signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(0))
        worker = subprocess.Popen(
            [sys.executable, "-m", "palermo.cli", "manage", "run_worker", "--verbosity", "0"]
        )
        try:
            call_command("runserver", f"127.0.0.1:{args.port}", "--noreload")
        finally:
            worker.terminate()
            try:
                worker.wait(timeout=10)
            except subprocess.TimeoutExpired:
                worker.kill()
        return 0
    return 2


if __name__ == "__main__":
    sys.exit(main())
