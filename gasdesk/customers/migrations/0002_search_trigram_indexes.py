"""PostgreSQL only: pg_trgm GIN indexes for name/address fragment search (CUST-10).

Django renders `icontains` on PostgreSQL as `UPPER(col::text) LIKE UPPER('%q%')`, so the indexes
are on UPPER(col) with gin_trgm_ops; they serve selectors.search_customers' TEXT branch.
Trigrams need 3 characters: 1–2-character fragments (common for Chinese surnames) still scan.
On SQLite (embedded mode, small archives) this migration does nothing.
"""

from django.db import migrations

INDEXES = (
    ("cust_name_trgm", "customers_customer", "name"),
    ("cust_address_trgm", "customers_customeraddress", "text"),
)


def create_trigram_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, table, column in INDEXES:
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS "{name}" ON "{table}" '
            f'USING gin ((UPPER("{column}"::text)) gin_trgm_ops)'
        )


def drop_trigram_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _table, _column in INDEXES:
        schema_editor.execute(f'DROP INDEX IF EXISTS "{name}"')


class Migration(migrations.Migration):
    dependencies = [
        ("customers", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(create_trigram_indexes, drop_trigram_indexes, elidable=False),
    ]
