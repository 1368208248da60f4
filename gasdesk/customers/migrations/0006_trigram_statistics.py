"""PostgreSQL only: fine histograms for the trigram indexes' expressions (CUST-10).

The planner estimates `UPPER(col) LIKE '%…%'` from the ~100 sampled values of that
expression. A fragment found in one of them is taken to match ~1 % of the table (40–50 k rows
at 5 M), so under the search's `LIMIT 21` a sequential scan looks cheaper than the trigram
index, and a fragment that really matches a few dozen rows reads millions: 1.0 s for the name
"李娥平", 1.7–3.4 s for the address "青年北路401号" (bench finding S7). With 10,000 samples one
hit means 0.01 %, the estimator's floor, so rare fragments keep the index, while fragments
common enough to be hit many times (a road, a community, a frequent name) still get the
sequential scan that stops at the LIMIT after a few pages. The price: ANALYZE samples 3 M rows
of these tables, and planning each of a text search's two candidate queries takes 1.6–3.5 ms
instead of ~0.3 (the pattern is tried on the sampled values). The ANALYZE here applies the
targets to an existing archive (about a minute at 5 M customers; reads are not blocked).
"""

from django.db import migrations

INDEXES = (
    ("cust_name_trgm", "customers_customer"),
    ("cust_address_trgm", "customers_customeraddress"),
)
STATISTICS = 10_000


def set_statistics(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for index, table in INDEXES:
        schema_editor.execute(f'ALTER INDEX "{index}" ALTER COLUMN 1 SET STATISTICS {STATISTICS}')
        schema_editor.execute(f'ANALYZE "{table}"')


def reset_statistics(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for index, _table in INDEXES:
        schema_editor.execute(f'ALTER INDEX "{index}" ALTER COLUMN 1 SET STATISTICS -1')


class Migration(migrations.Migration):
    dependencies = [
        ("customers", "0005_meter_retired_on"),
    ]

    operations = [
        migrations.RunPython(set_statistics, reset_statistics, elidable=False),
    ]
