"""The `palermo` console command: a thin, documented front for the management commands."""

from __future__ import annotations

import argparse
import os
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
        "--print-head", action="store_true", help="print the last sequence number and hash"
    )
    verify.add_argument(
        "--expect-head", metavar="SEQ:HASH", help="check that the chain still holds this anchor"
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

    demo = sub.add_parser(
        "demo", help="migrate, load demonstration data and serve on 127.0.0.1:8000"
    )
    demo.add_argument("--no-serve", action="store_true", help="prepare the database and stop")
    demo.add_argument("--port", type=_positive_int, default=8000)
    demo.add_argument("--cases", type=_positive_int, default=300)
    return parser


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
    if args.command == "rotate-keys":
        return _call("rotate_keys", *(["--dry-run"] if args.dry_run else []))
    if args.command == "retention":
        return _call("retention", args.action, *(["--as-of", args.as_of] if args.as_of else []))
    if args.command in ("backup", "restore"):
        path = args.output if args.command == "backup" else args.input
        keys = ["--data-keys", args.data_keys] if args.data_keys else []
        return _call(f"palermo_{args.command}", path, *keys)
    if args.command == "generate":
        return _call("generate", "--seed", str(args.seed), "--cases", str(args.cases))
    if args.command == "demo":
        code = _call("demo", "--cases", str(args.cases))
        if code or args.no_serve:
            return code
        from django.core.management import call_command

        call_command("runserver", f"127.0.0.1:{args.port}", "--noreload")
        return 0
    return 2


if __name__ == "__main__":
    sys.exit(main())
