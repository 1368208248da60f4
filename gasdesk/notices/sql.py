"""Set-based inserts: INSERT INTO <table> (<columns>) SELECT … built from a Django queryset.

Used where a campaign writes one row per selected customer (SMS-1 bulk notices, OUT affected
sets, INSP plans): the database copies the rows itself, with no Python loop over them.
"""

from __future__ import annotations

from typing import Any

from django.db import connection, models
from django.db.models.expressions import Combinable


def insert_select(
    model: type[models.Model], source: models.QuerySet[Any], columns: dict[str, Combinable]
) -> int:
    """Insert one `model` row per row of `source`; `columns` maps attnames to expressions.

    Every column is an annotation, so the SELECT lists them in exactly this order (a plain
    field name would be emitted before the annotations). Returns the rows inserted.
    """
    aliases = {f"ins_{name}": expression for name, expression in columns.items()}
    select = source.order_by().annotate(**aliases).values(*aliases)
    if list(select.query.annotation_select) != list(aliases):
        raise AssertionError("insert_select: SELECT column order differs from the columns")
    sql, params = select.query.sql_with_params()
    quote = connection.ops.quote_name
    names = ", ".join(quote(_column(model, name)) for name in columns)
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {quote(model._meta.db_table)} ({names}) {sql}", params)
        return cursor.rowcount


def _column(model: type[models.Model], attname: str) -> str:
    field = model._meta.get_field(attname)  # attnames resolve too ("customer_id")
    if not isinstance(field, models.Field) or not field.column:
        raise AssertionError(f"insert_select: {attname} is not a concrete column")
    return field.column
