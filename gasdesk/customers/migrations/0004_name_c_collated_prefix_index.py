"""PostgreSQL only: a C-collated btree on customer name for 1–2-character input (CUST-10).

Trigram indexes need 3 characters, so a surname ("王") or a two-character name ("王芳") used to
scan the customer table (0.2–1.4 s at 5 M, bench finding S2). selectors.search_customers now
matches such input as a name prefix, `name COLLATE "C" >= q AND < successor(q)`, which this
index serves whatever the database collation (C compares by code point, so the range is
exact). On SQLite the plain `name` comparison is already by code point and tables are small,
so this migration does nothing there.
"""

from django.db import migrations

INDEX = "cust_name_c_idx"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f'CREATE INDEX IF NOT EXISTS "{INDEX}" ON "customers_customer" ("name" COLLATE "C")'
    )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f'DROP INDEX IF EXISTS "{INDEX}"')


class Migration(migrations.Migration):
    dependencies = [
        ("customers", "0003_account_no_constraint_drop_covered_fk_index"),
    ]

    operations = [
        migrations.RunPython(create_index, drop_index, elidable=False),
    ]
