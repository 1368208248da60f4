"""ORM queries compiled once per process, run with new parameters (bench finding C1).

Turning a queryset with joins and subqueries into SQL costs Django 0.5–1 ms of CPU, ten times
the round trip it then makes, and every request compiles the same few shapes again: the
session's user with unit, company and roles; the customer of a new order. A `Prepared` query
is built and compiled once per database alias, with a marker value for each parameter; a
call puts its values where the markers were and builds the instances as QuerySet iteration
does (`ModelIterable`): related rows from select_related and annotations included, values
converted by the compiler's own converters (looked up once, at compile time).

Instances are built as `Model.from_db` builds them, without running `Model.__init__`: its
per-field loop made building the 50 orders (with customer, unit, assignee, pack) of a queue
API page cost more than reading them (bench finding Q7). A model that has pre_init or
post_init receivers is built by `from_db` itself, so they still run.

A `values_list()` queryset is read with `rows()` instead: converted tuples, no instances, for
lists that only print a few columns (the queue page, bench finding Q7).

Only for fixed-shape reads whose parameters are plain ints or strings compared by equality;
the markers must each appear exactly once in the compiled parameters.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from django.db import connections, models, router
from django.db.models.base import ModelState
from django.db.models.query import RelatedPopulator, get_related_populators
from django.db.models.signals import post_init, pre_init

M = TypeVar("M", bound=models.Model)

_MARKERS: dict[type, Callable[[int], Any]] = {
    int: lambda n: -7_304_151_962_008 - n,  # no primary key or count is ever this
    str: lambda n: f"\x1fgasdesk-prepared-{n}\x1f",
}
_INT64 = (-(2**63), 2**63 - 1)


def _from_db(model: type[M], db: str, attnames: list[str], values: Any, plain: bool) -> M:
    """`model.from_db(db, attnames, values)`: the same instance, deferred fields included.

    `plain`: the model has no pre_init/post_init receivers (asked once per query, not per row).
    """
    if not plain:
        return model.from_db(db, attnames, values)
    obj = model.__new__(model)
    state = ModelState()
    state.adding, state.db = False, db
    obj.__dict__["_state"] = state
    obj.__dict__.update(zip(attnames, values, strict=True))
    return obj


class _Plain(dict[type[models.Model], bool]):
    """Whether a model has no init receivers, asked once per query and model."""

    def __missing__(self, model: type[models.Model]) -> bool:
        self[model] = not (pre_init.has_listeners(model) or post_init.has_listeners(model))
        return self[model]


def _populate(populator: RelatedPopulator, row: Any, from_obj: models.Model, plain: _Plain) -> None:
    """`RelatedPopulator.populate` (Django 5.2) building by `_from_db`."""
    if populator.reorder_for_init:
        data = populator.reorder_for_init(row)
    else:
        data = row[populator.cols_start : populator.cols_end]
    obj = None
    if data[populator.pk_idx] is not None:
        model = populator.model_cls
        obj = _from_db(model, populator.db, populator.init_list, data, plain[model])
        for nested in populator.related_populators:
            _populate(nested, row, obj, plain)
    populator.local_setter(from_obj, obj)
    if obj is not None:
        populator.remote_setter(obj, from_obj)


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
    converters: dict[int, Any]  # by column, as `results_iter` would compute them on every call


class Prepared(Generic[M]):
    """`build(*params)` returns the queryset; `kinds` says the type of each parameter."""

    def __init__(self, build: Callable[..., models.QuerySet[M, Any]], *kinds: type) -> None:
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
        start = end = 0
        populators = []
        if klass_info:  # a model query; a values_list() one is read by rows() alone
            start, end = klass_info["select_fields"][0], klass_info["select_fields"][-1] + 1
            # django-stubs describe Django 6's signature (a fetch mode more); this is 5.2's
            populators = get_related_populators(klass_info, select, queryset.db)  # type: ignore[call-arg]
        fields = [column[0] for column in select[: compiler.col_count]]
        if compiler.has_composite_fields(fields):
            raise ValueError("prepared query: composite fields are not supported")
        compiled = _Compiled(
            compiler=compiler,
            sql=sql,
            params=tuple(params),
            positions=tuple(positions),
            init_list=[column[0].target.attname for column in select[start:end]],
            start=start,
            end=end,
            populators=populators,
            converters=compiler.get_converters(fields),
        )
        self._compiled[queryset.db] = compiled
        self._model = queryset.model
        return compiled

    def _run(self, values: tuple[Any, ...]) -> tuple[_Compiled, Any]:
        """The compiled query and its converted rows (an iterator of tuples)."""
        compiled = self._compile()
        if any(isinstance(v, int) and not _INT64[0] <= v <= _INT64[1] for v in values):
            return compiled, iter(())  # as Django's lookups answer an out-of-range integer
        params = list(compiled.params)
        for position, value in zip(compiled.positions, values, strict=True):
            params[position] = value
        with connections[compiled.compiler.using].cursor() as cursor:
            cursor.execute(compiled.sql, params)
            rows = cursor.fetchall()
        if not compiled.converters:
            return compiled, iter(rows)
        return compiled, compiled.compiler.apply_converters(rows, compiled.converters)

    def rows(self, *values: Any) -> list[tuple[Any, ...]]:
        """The rows of a `values_list()` query, converted as Django converts them."""
        return [tuple(row) for row in self._run(values)[1]]

    def all(self, *values: Any) -> list[M]:
        compiled, rows = self._run(values)
        compiler, alias = compiled.compiler, compiled.compiler.using
        model = compiler.klass_info["model"]
        annotations = compiler.annotation_col_map
        found, plain = [], _Plain()
        for row in rows:
            values = row[compiled.start : compiled.end]
            obj = _from_db(model, alias, compiled.init_list, values, plain[model])
            for populator in compiled.populators:
                _populate(populator, row, obj, plain)
            for name, position in annotations.items():
                setattr(obj, name, row[position])
            found.append(obj)
        return found

    def first(self, *values: Any) -> M | None:
        found = self.all(*values)
        return found[0] if found else None
