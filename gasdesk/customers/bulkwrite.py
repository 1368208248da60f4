"""Batch stores for the customer import (CUST-1): COPY on PostgreSQL, bulk_create elsewhere.

Each batch is first checked against the database for account numbers already taken, then
written unless the import has failed (the caller rolls everything back at the end anyway).

At 5 million customers (each with a phone and an address), building Django model instances
costs more than the database does, so on PostgreSQL:
- the batch's customer ids are reserved from the table's sequence (COPY cannot return ids) and
  rows are streamed with psycopg's `COPY ... FROM STDIN`;
- the check and the COPY run in one worker thread on the importer's own connection (same
  transaction), so PostgreSQL maintains its indexes on one core while Python validates the next
  batch on the other. At most one batch is in flight; the importer waits for it before it
  submits the next one or touches the database itself.
Any other database uses bulk_create, which returns the ids, in the calling thread.
"""

from __future__ import annotations

from collections.abc import Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from django.db import DEFAULT_DB_ALIAS, connections, models

from gasdesk.customers.masking import digits_of
from gasdesk.customers.models import Customer, CustomerAddress, CustomerPhone, Meter
from gasdesk.customers.validation import AddressInput, MeterInput


@dataclass(frozen=True)
class PreparedCustomer:
    """One validated import row: Customer column values by attname, and its contacts."""

    row: int
    values: dict[str, Any]
    phones: list[str]
    addresses: list[AddressInput]
    meters: list[MeterInput]


@dataclass(frozen=True)
class BatchResult:
    taken: frozenset[str]  # account numbers of the batch that already exist
    written: int


class BatchStore(Protocol):
    def submit(self, batch: list[PreparedCustomer], *, write: bool) -> Future[BatchResult]: ...

    def close(self) -> None: ...


def store_for(now: datetime, *, dry_run: bool) -> BatchStore:
    connection = connections[DEFAULT_DB_ALIAS]
    if connection.vendor == "postgresql" and not dry_run:
        return ThreadedCopyStore(now)
    return DirectStore(None if dry_run else OrmWriter(now))


def _accounts(batch: Sequence[PreparedCustomer]) -> list[str]:
    return [row.values["account_no"] for row in batch]


def _customer_defaults(now: datetime) -> dict[str, Any]:
    """Every Customer column's value when the row does not give one (auto-now fields = now)."""
    defaults: dict[str, Any] = {}
    for field in Customer._meta.concrete_fields:
        if field.primary_key:
            continue
        if isinstance(field, models.DateTimeField) and (field.auto_now or field.auto_now_add):
            defaults[field.attname] = now
        else:
            defaults[field.attname] = field.get_default()
    return defaults


def _phone_tuple(customer_id: int, number: str) -> tuple[int, str, str, str]:
    digits = digits_of(number)
    return (customer_id, number.strip(), digits, digits[::-1])


class DirectStore:
    """Check and write in the calling thread (SQLite, dry runs)."""

    def __init__(self, writer: OrmWriter | None) -> None:
        self.writer = writer

    def submit(self, batch: list[PreparedCustomer], *, write: bool) -> Future[BatchResult]:
        taken = frozenset(
            Customer.objects.filter(account_no__in=_accounts(batch)).values_list(
                "account_no", flat=True
            )
        )
        written = 0
        if write and not taken and self.writer is not None:
            self.writer.write(batch)
            written = len(batch)
        done: Future[BatchResult] = Future()
        done.set_result(BatchResult(taken, written))
        return done

    def close(self) -> None:
        return None


class OrmWriter:
    """bulk_create per batch; ids come back from the INSERT (SQLite ≥ 3.35, PostgreSQL)."""

    def __init__(self, now: datetime) -> None:
        self.defaults = _customer_defaults(now)

    def write(self, batch: Sequence[PreparedCustomer]) -> None:
        customers = Customer.objects.bulk_create(
            Customer(**{**self.defaults, **row.values}) for row in batch
        )
        phones: list[CustomerPhone] = []
        addresses: list[CustomerAddress] = []
        meters: list[Meter] = []
        for customer, row in zip(customers, batch, strict=True):
            for number in row.phones:
                _, text, digits, reversed_digits = _phone_tuple(customer.pk, number)
                phones.append(
                    CustomerPhone(
                        customer=customer,
                        number=text,
                        digits=digits,
                        digits_reversed=reversed_digits,
                    )
                )
            addresses.extend(CustomerAddress(customer=customer, **vars(a)) for a in row.addresses)
            meters.extend(Meter(customer=customer, **vars(m)) for m in row.meters)
        CustomerPhone.objects.bulk_create(phones)
        CustomerAddress.objects.bulk_create(addresses)
        Meter.objects.bulk_create(meters)


class ThreadedCopyStore:
    """PostgreSQL: check + COPY in one worker thread sharing the importer's connection."""

    def __init__(self, now: datetime) -> None:
        self.connection = connections[DEFAULT_DB_ALIAS]
        self.connection.ensure_connection()
        self.connection.inc_thread_sharing()
        self.pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="customer-import")
        self.copy = CopyWriter(now, self.connection.ops)
        self.taken_sql = (
            f"SELECT account_no FROM {self.connection.ops.quote_name(Customer._meta.db_table)} "
            "WHERE account_no = ANY(%s)"
        )

    def submit(self, batch: list[PreparedCustomer], *, write: bool) -> Future[BatchResult]:
        return self.pool.submit(self._run, batch, write)

    def close(self) -> None:
        self.pool.shutdown(wait=True)
        self.connection.dec_thread_sharing()

    def _run(self, batch: list[PreparedCustomer], write: bool) -> BatchResult:
        with self.connection.cursor() as cursor:
            cursor.execute(self.taken_sql, [_accounts(batch)])
            taken = frozenset(row[0] for row in cursor.fetchall())
            if not write or taken:
                return BatchResult(taken, 0)
            self.copy.write(cursor, batch)
        return BatchResult(taken, len(batch))


class CopyWriter:
    """Reserve ids with nextval, then one COPY per table per batch."""

    def __init__(self, now: datetime, ops: Any) -> None:
        self.defaults = _customer_defaults(now)
        fields = [f for f in Customer._meta.concrete_fields if not f.primary_key]
        self.attnames = [f.attname for f in fields]
        self.reserve_sql = (
            "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)"
        )
        self.customer_sql = _copy_sql(ops, Customer, ["id", *[str(f.column) for f in fields]])
        self.phone_sql = _copy_sql(
            ops, CustomerPhone, ["customer_id", "number", "digits", "digits_reversed"]
        )
        self.address_sql = _copy_sql(
            ops, CustomerAddress, ["customer_id", "text", "area", "is_primary"]
        )
        self.meter_sql = _copy_sql(
            ops, Meter, ["customer_id", "meter_no", "kind", "installed_on", "service_life_years"]
        )

    def write(self, cursor: Any, batch: Sequence[PreparedCustomer]) -> None:
        cursor.execute(self.reserve_sql, [Customer._meta.db_table, len(batch)])
        pairs = list(zip([row[0] for row in cursor.fetchall()], batch, strict=True))
        _copy(cursor, self.customer_sql, [self._customer_row(pk, row) for pk, row in pairs])
        _copy(cursor, self.phone_sql, [_phone_tuple(pk, n) for pk, r in pairs for n in r.phones])
        addresses = [
            (pk, a.text, a.area.value, a.is_primary) for pk, r in pairs for a in r.addresses
        ]
        _copy(cursor, self.address_sql, addresses)
        meters = [
            (pk, m.meter_no, m.kind.value, m.installed_on, m.service_life_years)
            for pk, r in pairs
            for m in r.meters
        ]
        _copy(cursor, self.meter_sql, meters)

    def _customer_row(self, pk: int, row: PreparedCustomer) -> tuple[Any, ...]:
        merged = {**self.defaults, **row.values}
        return (pk, *[merged[name] for name in self.attnames])


def _copy_sql(ops: Any, model: type[models.Model], columns: list[str]) -> str:
    quoted = ", ".join(ops.quote_name(c) for c in columns)
    return f"COPY {ops.quote_name(model._meta.db_table)} ({quoted}) FROM STDIN"


def _copy(cursor: Any, sql: str, rows: Sequence[Sequence[Any]]) -> None:
    if not rows:
        return
    with cursor.copy(sql) as copy:
        for row in rows:
            copy.write_row(row)
