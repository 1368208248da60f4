"""ORM queries compiled once per process, run with new parameters (bench finding C1).

Turning a queryset with joins and subqueries into SQL costs Django 0.5–1 ms of CPU, ten times
the round trip it then makes, and every request compiles the same few shapes again: the
session's user with unit, company and roles; the customer of a new order. A `Prepared` query
is built and compiled once per database alias, with a marker value for each parameter; a
call puts its values where the markers were and builds the instances as QuerySet iteration
does (`ModelIterable`): related rows from select_related and annotations included, values
converted by the compiler's own converters.

Only for fixed-shape reads whose parameters are plain ints or strings compared by equality;
the markers must each appear exactly once in the compiled parameters.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from django.db import connections, models, router
from django.db.models.query import get_related_populators

M = TypeVar("M", bound=models.Model)

_MARKERS: dict[type, Callable[[int], Any]] = {
    int: lambda n: -7_304_151_962_008 - n,  # no primary key or count is ever this
    str: lambda n: f"\x1fgasdesk-prepared-{n}\x1f",
}
_INT64 = (-(2**63), 2**63 - 1)


@dataclass(frozen=True)
class _Compiled:
    compiler: Any
    sql: str
    params: tuple[Any, ...]
    positions: tuple[int, ...]  # where each call parameter goes in `params`
    init_list: list[str]
    start: int
    end: int
    populators: list[Any]


class Prepared(Generic[M]):
    """`build(*params)` returns the queryset; `kinds` says the type of each parameter."""

    def __init__(self, build: Callable[..., models.QuerySet[M]], *kinds: type) -> None:
        self._build = build
        self._kinds = kinds
        self._compiled: dict[str, _Compiled] = {}  # by database alias
        self._model: type[M] | None = None

    def _compile(self) -> _Compiled:
        if self._model is not None:
            compiled = self._compiled.get(router.db_for_read(self._model))
            if compiled is not None:
                return compiled
        markers = [_MARKERS[kind](n) for n, kind in enumerate(self._kinds)]
        queryset = self._build(*markers)
        compiler = queryset.query.get_compiler(using=queryset.db)
        sql, params = compiler.as_sql()
        positions = []
        for marker in markers:
            found = [n for n, value in enumerate(params) if value == marker]
            if len(found) != 1:
                raise ValueError(f"prepared query: parameter {marker!r} found {len(found)} times")
            positions.append(found[0])
        select, klass_info = compiler.select, compiler.klass_info
        fields = klass_info["select_fields"]
        start, end = fields[0], fields[-1] + 1
        compiled = _Compiled(
            compiler=compiler,
            sql=sql,
            params=tuple(params),
            positions=tuple(positions),
            init_list=[column[0].target.attname for column in select[start:end]],
            start=start,
            end=end,
            # django-stubs describe Django 6's signature (a fetch mode more); this is 5.2's
            populators=get_related_populators(klass_info, select, queryset.db),  # type: ignore[call-arg]
        )
        self._compiled[queryset.db] = compiled
        self._model = queryset.model
        return compiled

    def all(self, *values: Any) -> list[M]:
        if any(isinstance(v, int) and not _INT64[0] <= v <= _INT64[1] for v in values):
            return []  # as Django's lookups answer for an out-of-range integer: no row
        compiled = self._compile()
        params = list(compiled.params)
        for position, value in zip(compiled.positions, values, strict=True):
            params[position] = value
        alias = compiled.compiler.using
        with connections[alias].cursor() as cursor:
            cursor.execute(compiled.sql, params)
            rows = cursor.fetchall()
        compiler = compiled.compiler
        model = compiler.klass_info["model"]
        annotations = compiler.annotation_col_map
        found = []
        for row in compiler.results_iter([rows]):
            obj = model.from_db(alias, compiled.init_list, row[compiled.start : compiled.end])
            for populator in compiled.populators:
                populator.populate(row, obj)
            for name, position in annotations.items():
                setattr(obj, name, row[position])
            found.append(obj)
        return found

    def first(self, *values: Any) -> M | None:
        found = self.all(*values)
        return found[0] if found else None
