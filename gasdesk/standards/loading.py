"""Read, validate, store and compare service-standard packs (STD-1, STD-6).

A pack file is rejected whole: every problem is reported with the file and its path inside the
document, and nothing is saved. A loaded version never changes; a change is a new version.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml
from django.db import transaction
from pydantic import ValidationError
from pydantic_core import ErrorDetails

from gasdesk.core.errors import RuleViolation
from gasdesk.standards.models import StandardPack
from gasdesk.standards.schema import Pack

try:  # libyaml's parser (about ten times faster); the safe constructor either way
    from yaml import CSafeLoader as _BaseLoader
except ImportError:  # pragma: no cover
    from yaml import SafeLoader as _BaseLoader  # type: ignore[assignment]

if TYPE_CHECKING:
    from gasdesk.org.models import User

SHIPPED_DIR = Path(__file__).resolve().parent / "packs"


@dataclass(frozen=True)
class PackProblem:
    path: str  # inside the document, e.g. business_types[3].commitments[0].unit
    problem: str


class PackError(RuleViolation):
    """A pack file that cannot be loaded; lists every problem found, each with its path."""

    def __init__(self, source_name: str, problems: Sequence[PackProblem]) -> None:
        self.source_name = source_name
        self.problems = tuple(problems)
        lines = [f"{source_name}: {p.path or '(文档)'}: {p.problem}" for p in self.problems]
        super().__init__("pack", "\n".join(lines))

    @property
    def path(self) -> str:
        return self.problems[0].path

    @property
    def problem(self) -> str:
        return self.problems[0].problem


@dataclass(frozen=True)
class PackFile:
    """A parsed pack and where it came from."""

    pack: Pack
    source_name: str
    sha256: str


class _UniqueKeyLoader(_BaseLoader):
    """safe_load that refuses a repeated key: PyYAML would silently keep the last one."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[Any] = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    None, None, f"重复的键 {key!r}", key_node.start_mark
                )
            seen.add(key)
        mapping: dict[Any, Any] = super().construct_mapping(node, deep=deep)
        return mapping


def parse_pack(text: str, *, source_name: str) -> Pack:
    """yaml.safe_load + pydantic validation; PackError lists every problem with its path."""
    try:
        data = yaml.load(text, Loader=_UniqueKeyLoader)  # a SafeLoader: yaml.safe_load + keys
    except yaml.YAMLError as exc:
        raise PackError(source_name, [_yaml_problem(exc)]) from exc
    if not isinstance(data, dict):
        raise PackError(source_name, [PackProblem("", "文档必须是键值映射")])
    try:
        return Pack.model_validate(data)
    except ValidationError as exc:
        problems = [PackProblem(_path(e["loc"]), _problem_text(e)) for e in exc.errors()]
        raise PackError(source_name, problems) from exc


_PARSED_FILES: dict[tuple[str, str], PackFile] = {}


def read_pack_file(path: Path) -> PackFile:
    """Parse one file; the source name is `<company dir>/<file>` as shipped under packs/.

    Parsed files are memoised by name and content hash: `load --all` runs at every start and
    before many tests, and a frozen Pack can be shared.
    """
    raw = Path(path).read_bytes()
    source_name = f"{Path(path).parent.name}/{Path(path).name}"
    key = (source_name, hashlib.sha256(raw).hexdigest())
    if key not in _PARSED_FILES:
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise PackError(source_name, [PackProblem("", "文件不是 UTF-8 编码")]) from exc
        pack = parse_pack(text, source_name=source_name)
        _PARSED_FILES[key] = PackFile(pack=pack, source_name=source_name, sha256=key[1])
    return _PARSED_FILES[key]


def load_pack_file(path: Path | str, *, by: User | None = None) -> StandardPack:
    """Load one pack file; idempotent for the same content, refused for changed content."""
    parsed = read_pack_file(Path(path))
    with transaction.atomic():
        return _store(parsed, by=by)


def shipped_pack_files() -> list[Path]:
    return sorted(SHIPPED_DIR.glob("*/*.yaml"))


def load_all_shipped(*, by: User | None = None) -> list[StandardPack]:
    """Load every pack under packs/ (run at every start): all files parse, or none is saved."""
    parsed = [read_pack_file(path) for path in shipped_pack_files()]
    with transaction.atomic():
        return [_store(item, by=by) for item in parsed]


def _store(parsed: PackFile, *, by: User | None) -> StandardPack:
    """Insert the version, or return the row already holding exactly this file.

    get_or_create on the (company, version) constraint: two processes loading at once end with
    one row and no error.
    """
    pack = parsed.pack
    record, created = StandardPack.objects.get_or_create(
        company=pack.company,
        version=pack.version,
        defaults={
            "company_name": pack.company_name,
            "effective_from": pack.effective_from,
            "status": pack.status,
            "trial_months": pack.trial_months,
            "document": pack.model_dump(mode="json"),
            "source_sha256": parsed.sha256,
            "source_name": parsed.source_name,
            "loaded_by": by,
        },
    )
    if not created and record.source_sha256 != parsed.sha256:
        message = f"{pack.company} 的版本 {pack.version} 已加载且内容不同；修改服务标准须发布新版本"
        raise PackError(parsed.source_name, [PackProblem("version", message)])
    return record


def diff_packs(a: Pack, b: Pack) -> list[str]:
    """Human-readable changes from `a` to `b`, one line per changed path.

    Lists of items with a `code` (business types, commitments) are compared by code, so a
    reordering is not reported and a path reads `business_types[repair].commitments[C8].amount`.
    """
    changes: list[str] = []
    _diff(a.model_dump(mode="json"), b.model_dump(mode="json"), "", changes)
    return changes


def _diff(old: Any, new: Any, path: str, out: list[str]) -> None:
    if isinstance(old, dict) and isinstance(new, dict):
        _diff_mappings(old, new, path, out, keyed=False)
    elif isinstance(old, list) and isinstance(new, list):
        if _all_coded(old) and _all_coded(new):
            by_code = {item["code"]: item for item in old}, {item["code"]: item for item in new}
            _diff_mappings(*by_code, path, out, keyed=True)
        else:
            _diff_mappings(dict(enumerate(old)), dict(enumerate(new)), path, out, keyed=True)
    elif old != new:
        out.append(f"{path}: {_show(old)} → {_show(new)}")


def _diff_mappings(
    old: dict[Any, Any], new: dict[Any, Any], path: str, out: list[str], *, keyed: bool
) -> None:
    for key in [*old, *(k for k in new if k not in old)]:
        sub = f"{path}[{key}]" if keyed else (f"{path}.{key}" if path else str(key))
        if key not in new:
            out.append(f"{sub}: 删除 {_show(old[key])}")
        elif key not in old:
            out.append(f"{sub}: 新增 {_show(new[key])}")
        else:
            _diff(old[key], new[key], sub, out)


def _all_coded(items: list[Any]) -> bool:
    return bool(items) and all(isinstance(item, dict) and "code" in item for item in items)


def _show(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def _path(loc: tuple[int | str, ...]) -> str:
    text = ""
    for part in loc:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text


_FIELD_LABELS = {"unit": "单位", "clock": "时钟", "start_event": "起始事件", "tier": "客户等级"}
_PROBLEM_TEXT = {
    "extra_forbidden": "不允许的键（拼写错误或多余的键）",
    "missing": "缺少必填项",
    "greater_than_equal": "不能小于 {ge}",
    "less_than_equal": "不能大于 {le}",
    "string_too_short": "不能为空",
    "string_too_long": "过长（最多 {max_length} 个字符）",
    "string_pattern_mismatch": "格式不符（应匹配 {pattern}）",
    "int_parsing": "应为整数",
    "int_type": "应为整数",
    "int_from_float": "应为整数",
    "date_from_datetime_parsing": "应为日期 YYYY-MM-DD",
    "date_type": "应为日期 YYYY-MM-DD",
}


def _problem_text(error: ErrorDetails) -> str:
    """Chinese text for the common errors; pydantic's own message otherwise."""
    kind, ctx = error["type"], error.get("ctx", {})
    if kind in ("enum", "literal_error"):
        label = _FIELD_LABELS.get(str(error["loc"][-1]) if error["loc"] else "", "值")
        text = f"不是允许的{label}（应为 {ctx.get('expected', '')}）"
    elif kind in _PROBLEM_TEXT:
        text = _PROBLEM_TEXT[kind].format(**ctx)
    else:
        text = error["msg"].removeprefix("Value error, ")
    if kind != "missing" and isinstance(error.get("input"), str | int | float):
        text += f"，实际为 {error['input']!r}"
    return text


def _yaml_problem(exc: yaml.YAMLError) -> PackProblem:
    mark = getattr(exc, "problem_mark", None)
    where = f"第 {mark.line + 1} 行" if mark is not None else ""
    problem = getattr(exc, "problem", None) or str(exc)
    return PackProblem(where, f"YAML 语法错误：{problem}")
