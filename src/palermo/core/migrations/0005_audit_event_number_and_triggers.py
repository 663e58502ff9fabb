"""The event number becomes the primary key (given by the database, no lock), the chain head and
the per-event chain columns go, and the database refuses UPDATE and DELETE on audit rows.

The triggers follow the fund ledger's (justice/compensation 0001). PostgreSQL refuses both
always; its TRUNCATE (the test runner's way of emptying tables) is a statement, not a row change.
SQLite refuses UPDATE always, and DELETE unless the connection runs the flush command (which
empties the whole database, as the test runner does between transactional tests): the test is
a function that only Palermo's own connections define, so another program gets an error either
way (see palermo/core/audit/guard.py).
"""

from django.db import migrations, models

AUDIT_TABLES = ("core_auditevent", "core_auditseal")


def forbid_audit_changes(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for table in AUDIT_TABLES:
        if vendor == "postgresql":
            schema_editor.execute(
                "CREATE OR REPLACE FUNCTION core_audit_append_only() RETURNS trigger AS $$ "
                "BEGIN RAISE EXCEPTION 'the audit log is append-only: % on % refused', "
                "TG_OP, TG_TABLE_NAME; END; $$ LANGUAGE plpgsql",
                params=None,  # no placeholders: '%' is PL/pgSQL's own
            )
            schema_editor.execute(
                f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
                "FOR EACH ROW EXECUTE FUNCTION core_audit_append_only()"
            )
        elif vendor == "sqlite":
            schema_editor.execute(
                f"CREATE TRIGGER {table}_no_update BEFORE UPDATE ON {table} "
                "BEGIN SELECT RAISE(ABORT, 'the audit log is append-only: UPDATE refused'); END"
            )
            schema_editor.execute(
                f"CREATE TRIGGER {table}_no_delete BEFORE DELETE ON {table} "
                "WHEN NOT palermo_flush_in_progress() "
                "BEGIN SELECT RAISE(ABORT, 'the audit log is append-only: DELETE refused'); END"
            )


def allow_audit_changes(apps, schema_editor):
    for table in AUDIT_TABLES:
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}")
        elif schema_editor.connection.vendor == "sqlite":
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_no_update")
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_no_delete")


def continue_numbering(apps, schema_editor):
    # PostgreSQL's new identity sequence starts at 1: go on after the events already written.
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "SELECT setval(pg_get_serial_sequence('core_auditevent', 'seq'), "
            "COALESCE((SELECT MAX(seq) FROM core_auditevent), 0) + 1, false)"
        )


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0004_seal_existing_audit_events"),
    ]

    operations = [
        migrations.DeleteModel(name="AuditChainHead"),
        migrations.RemoveField(model_name="auditevent", name="hash"),
        migrations.RemoveField(model_name="auditevent", name="prev_hash"),
        migrations.RemoveField(model_name="auditevent", name="id"),
        migrations.AlterField(
            model_name="auditevent",
            name="seq",
            field=models.BigAutoField(primary_key=True, serialize=False, verbose_name="event number"),
        ),
        migrations.RunPython(continue_numbering, migrations.RunPython.noop, elidable=False),
        migrations.AddIndex(
            model_name="auditevent",
            index=models.Index(fields=["txid", "seq"], name="core_audit_seal_order_idx"),
        ),
        migrations.RunPython(forbid_audit_changes, allow_audit_changes, elidable=False),
    ]
