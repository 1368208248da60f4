"""Bulk import of the customer archive from CSV or XLSX (CUST-1), all-or-nothing.

Designed for millions of rows: one pass over the file, no per-row queries (units and packs are
resolved once per unit, duplicates checked per batch), tiers computed in Python from the pack,
rows written in batches by `bulkwrite` (COPY on PostgreSQL). Every row is validated; the report
lists (row, field, problem) in Chinese, and if any row is bad the transaction is rolled back.
Column names: see columns.py.
"""

from __future__ import annotations

import codecs
import csv
import gc
import io
from collections.abc import Callable, Iterator, Mapping
from concurrent.futures import Future
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

from django.db import transaction
from django.utils import timezone

from gasdesk.core.errors import RuleViolation
from gasdesk.customers.bulkwrite import BatchResult, BatchStore, PreparedCustomer, store_for
from gasdesk.customers.choices import flag_field
from gasdesk.customers.columns import (
    HEADER_ALIASES,
    IGNORED_HEADERS,
    PHONE_SEPARATORS,
    REQUIRED_KEYS,
    header_key,
)
from gasdesk.customers.permissions import BULK_ROLES
from gasdesk.customers.services import TierPolicy, default_area, tier_policy
from gasdesk.customers.tiering import CustomerFacts, evaluate_tier
from gasdesk.customers.validation import (
    FIELD_CLEANERS,
    AddressInput,
    clean_address,
    clean_meter,
    clean_phones,
)
from gasdesk.org.models import OrgUnit
from gasdesk.org.roles import require_role
from gasdesk.org.scoping import scope_root
from gasdesk.standards.schema import Area, CustomerFlag

if TYPE_CHECKING:
    from gasdesk.org.models import User

IMPORT_BATCH = 5000
SNIFF_BYTES = 1 << 20
HEADER_ROW = 1
_FLAGS_BY_FIELD = tuple((flag_field(flag), flag) for flag in CustomerFlag)
ZERO = Decimal(0)


@dataclass(frozen=True)
class RowError:
    row: int
    field: str
    message: str


@dataclass
class ImportReport:
    """What happened: rows read, rows written (0 unless everything was valid), the problems."""

    dry_run: bool
    rows_read: int = 0
    imported: int = 0
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    def lines(self, limit: int = 200) -> list[str]:
        shown = [f"第{e.row}行 [{e.field}] {e.message}" for e in self.errors[:limit]]
        if len(self.errors) > limit:
            shown.append(f"……另有 {len(self.errors) - limit} 处错误")
        return shown


class _Rollback(Exception):
    """Raised inside the transaction when the report has errors: nothing is kept."""


def import_customers(
    source: Path | str,
    *,
    by: User | None = None,
    default_unit: OrgUnit | None = None,
    dry_run: bool = False,
    progress: Callable[[int], None] | None = None,
) -> ImportReport:
    """Import a CSV/XLSX file; `by=None` is the operator at the command line (all units).

    Steps: check the caller; read the header; validate and prepare each row (unit, fields,
    tier), checking duplicates in the file and, per batch, in the database; write the batch
    while no error has been seen; at the end roll back if any row was bad.
    """
    if by is not None:
        require_role(by, *BULK_ROLES)
    rows = read_table(Path(source))
    importer = _Importer(by=by, default_unit=default_unit, dry_run=dry_run, progress=progress)
    try:
        with _collector_paused(), transaction.atomic():
            importer.run_to_end(rows)
            if not importer.report.ok:
                raise _Rollback
    except _Rollback:
        importer.report.imported = 0
    importer.report.errors.sort(key=lambda error: error.row)
    return importer.report


@contextmanager
def _collector_paused() -> Iterator[None]:
    """No cyclic garbage collection while importing (bench finding S5).

    The run keeps millions of live objects (the account set, the batch in flight), and
    every collection of the oldest generation walked them all: about a third of the
    Python time per row. Rows make no reference cycles, so nothing piles up meanwhile;
    the collector runs once at the end.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
        gc.collect()


def read_table(path: Path) -> Iterator[tuple[int, list[Any]]]:
    """(row number as a spreadsheet shows it, cells); row 1 is the header."""
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        return _read_xlsx(path)
    return _read_csv(path)


def _read_xlsx(path: Path) -> Iterator[tuple[int, list[Any]]]:
    from openpyxl import load_workbook

    book = load_workbook(path, read_only=True, data_only=True)
    try:
        sheet = book.worksheets[0]
        for number, cells in enumerate(sheet.iter_rows(values_only=True), start=HEADER_ROW):
            yield number, [_cell(value) for value in cells]
    finally:
        book.close()


def _cell(value: Any) -> Any:
    """Excel stores 户号 and phones typed as numbers as floats: 13812345678.0 → "13812345678"."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return value


def _read_csv(path: Path) -> Iterator[tuple[int, list[Any]]]:
    with path.open("rb") as raw:
        encoding = sniff_encoding(raw)
        text = io.TextIOWrapper(raw, encoding=encoding, newline="")
        for number, cells in enumerate(csv.reader(text), start=HEADER_ROW):
            yield number, list(cells)


def sniff_encoding(raw: BinaryIO) -> str:
    """UTF-8 (with or without BOM) when the first megabyte decodes, else GB18030 (⊃ GBK)."""
    head = raw.read(SNIFF_BYTES)
    raw.seek(0)
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
    except UnicodeDecodeError:
        return "gb18030"
    return "utf-8"


class _Importer:
    """One import run: caches of units and packs, the duplicate set, the pending batch."""

    def __init__(
        self,
        *,
        by: User | None,
        default_unit: OrgUnit | None,
        dry_run: bool,
        progress: Callable[[int], None] | None,
    ) -> None:
        self.by = by
        self.default_unit = default_unit
        self.report = ImportReport(dry_run=dry_run)
        self.progress = progress
        self.now = timezone.now()
        self.units = _units_by_code(by)
        self.policies: dict[int, TierPolicy] = {}
        self.seen: set[str] = set()
        self.batch: list[PreparedCustomer] = []
        self.dry_run = dry_run
        self.store: BatchStore | None = None
        self.pending: tuple[Future[BatchResult], list[PreparedCustomer]] | None = None
        self.cleaners: list[tuple[str, Callable[[Any], Any]]] = []
        self.positions: dict[str, int] = {}

    def run_to_end(self, rows: Iterator[tuple[int, list[Any]]]) -> None:
        """Run, then always release the store before the transaction ends or rolls back."""
        self.store = store_for(self.now, dry_run=self.dry_run)
        try:
            self.run(rows)
        finally:
            self.store.close()

    def run(self, rows: Iterator[tuple[int, list[Any]]]) -> None:
        header = next(rows, None)
        keys = self._keys(header[1] if header else [])
        if keys is None:
            return
        self.cleaners = [(key, FIELD_CLEANERS[key]) for key in keys if key in FIELD_CLEANERS]
        self.positions = {key: index for index, key in enumerate(keys)}
        self.positions.update(addresses=self.positions.get("address", 0))
        self.positions.update(meters=self.positions.get("meter_no", 0))
        for number, cells in rows:
            if not any(str(c).strip() for c in cells if c is not None):
                continue
            self.report.rows_read += 1
            self._take(number, dict(zip(keys, cells, strict=False)))
            if len(self.batch) >= IMPORT_BATCH:
                self._flush()
        self._flush()
        self._settle()

    def _keys(self, header: list[Any]) -> list[str] | None:
        keys: list[str] = []
        for cell in header:
            name = header_key(cell)
            key = HEADER_ALIASES.get(name)
            if key is None and name not in IGNORED_HEADERS and name:
                self.report.errors.append(RowError(HEADER_ROW, str(cell), "无法识别的列名"))
            elif key is not None and key in keys:
                self.report.errors.append(RowError(HEADER_ROW, str(cell), "与前面的列重复"))
            keys.append(key or "")
        missing = [k for k in REQUIRED_KEYS if k not in keys]
        if "org_unit_code" not in keys and self.default_unit is None:
            missing.append("org_unit_code")
        for key in missing:
            self.report.errors.append(RowError(HEADER_ROW, key, "缺少必需的列"))
        return None if self.report.errors else keys

    def _take(self, number: int, values: dict[str, Any]) -> None:
        values.pop("", None)
        try:
            prepared = self._prepare(number, values)
        except _RowInvalid as invalid:
            self.report.errors.extend(invalid.errors)
            return
        if prepared.values["account_no"] in self.seen:
            self.report.errors.append(RowError(number, "account_no", "文件中户号重复"))
            return
        self.seen.add(prepared.values["account_no"])
        self.batch.append(prepared)

    def _prepare(self, number: int, values: dict[str, Any]) -> PreparedCustomer:
        errors: list[RowError] = []
        unit = self._unit(number, values.get("org_unit_code"), errors)
        fields = self._fields(number, values, errors)
        phones = _collect(number, errors, lambda: clean_phones(_split_phones(values)))
        meters = _collect(number, errors, lambda: _meters(values))
        area = default_area(unit) if unit is not None else Area.URBAN
        addresses = _collect(number, errors, lambda: _addresses(values, area))
        if errors or unit is None:
            errors.sort(key=lambda error: self.positions.get(error.field, len(self.positions)))
            raise _RowInvalid(errors)
        decision = evaluate_tier(self._policy(unit).section, _facts(fields))
        fields.update(
            category=fields["category"].value,
            org_unit_id=unit.pk,
            tier=decision.tier.value,
            tier_reason=decision.explanation,
        )
        return PreparedCustomer(number, fields, phones, addresses, meters)

    def _fields(
        self, number: int, values: dict[str, Any], errors: list[RowError]
    ) -> dict[str, Any]:
        """Every column cleaned on its own, so one row reports all its problems at once."""
        fields: dict[str, Any] = {}
        for key, cleaner in self.cleaners:
            try:
                fields[key] = cleaner(values.get(key))
            except RuleViolation as violation:
                errors.append(RowError(number, violation.field, violation.message))
        return fields

    def _unit(self, number: int, code: Any, errors: list[RowError]) -> OrgUnit | None:
        if code is None or str(code).strip() == "":
            if self.default_unit is None:
                errors.append(RowError(number, "org_unit_code", "请填写所属单位编码"))
            return self.default_unit
        unit = self.units.get(str(code).strip())
        if unit is None:
            errors.append(RowError(number, "org_unit_code", f"单位编码不存在或无权导入：{code}"))
        return unit

    def _policy(self, unit: OrgUnit) -> TierPolicy:
        """The unit's company's tier rules, looked up once per company.

        The lookup queries the database, so the batch in flight is settled first: the store's
        worker thread shares this connection.
        """
        company_id = unit.company_id or unit.id
        if company_id not in self.policies:
            self._settle()
            self.policies[company_id] = tier_policy(unit, self.now)
        return self.policies[company_id]

    def _flush(self) -> None:
        """Hand the batch to the store once the previous one has settled (one in flight)."""
        self._settle()
        if self.batch and self.store is not None:
            job = self.store.submit(self.batch, write=self.report.ok)
            self.pending = (job, self.batch)
            self.batch = []

    def _settle(self) -> None:
        """Wait for the batch in flight; report its taken account numbers and progress."""
        if self.pending is None:
            return
        job, batch = self.pending
        self.pending = None
        result = job.result()
        for row in batch:
            if row.values["account_no"] in result.taken:
                self.report.errors.append(RowError(row.row, "account_no", "户号已存在"))
        self.report.imported += result.written
        if self.progress is not None:
            self.progress(len(batch))


class _RowInvalid(Exception):
    def __init__(self, errors: list[RowError]) -> None:
        super().__init__(errors)
        self.errors = errors


def _collect(number: int, errors: list[RowError], clean: Callable[[], Any]) -> Any:
    """Run one cleaner; its RuleViolation becomes a report line instead of stopping the row."""
    try:
        return clean()
    except RuleViolation as violation:
        errors.append(RowError(number, violation.field, violation.message))
        return None


def _units_by_code(by: User | None) -> dict[str, OrgUnit]:
    """All units the importer may file into, loaded once (a company has hundreds, not millions)."""
    root = scope_root(by) if by is not None else None
    units = OrgUnit.objects.subtree(root) if root is not None else OrgUnit.objects.all()
    return {unit.code: unit for unit in units.select_related("company")}


def _split_phones(values: Mapping[str, Any]) -> list[str]:
    raw = values.get("phones")
    return [p for p in PHONE_SEPARATORS.split(str(raw)) if p.strip()] if raw else []


def _addresses(values: Mapping[str, Any], area: Area) -> list[AddressInput]:
    text = values.get("address")
    if not text or not str(text).strip():
        return []
    return [clean_address(text, values.get("area"), default_area=area)]


def _meters(values: Mapping[str, Any]) -> list[Any]:
    meter_no = values.get("meter_no")
    if not meter_no or not str(meter_no).strip():
        return []
    return [clean_meter({"meter_no": meter_no, "kind": values.get("meter_kind")})]


def _facts(fields: Mapping[str, Any]) -> CustomerFacts:
    flags = frozenset(flag for name, flag in _FLAGS_BY_FIELD if fields.get(name))
    return CustomerFacts(
        category=fields["category"],
        contract=fields.get("contract_volume_m3_per_day", ZERO),
        actual=fields.get("actual_volume_m3_per_day", ZERO),
        flags=flags,
    )
