"""`gasdesk standards load|list|show|diff`: load and inspect service-standard packs (STD-1).

`load --all` is idempotent and runs at every start (make run).
"""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from gasdesk.core.errors import RuleViolation
from gasdesk.standards.loading import diff_packs, load_all_shipped, load_pack_file
from gasdesk.standards.lookup import loaded_pack, pack_in_force
from gasdesk.standards.models import StandardPack
from gasdesk.standards.schema import BusinessType, Commitment, Pack

_UNIT_TEXT = {
    "minutes": "分钟",
    "hours": "小时",
    "natural_days": "自然日",
    "working_days": "工作日",
    "working_hours": "工作小时",
}
_CLOCK_TEXT = {"response": "响应", "arrival": "到达", "completion": "完成"}
_START_TEXT = {"received": "受理", "paid": "交费"}


class Command(BaseCommand):
    help = "服务标准包：load PATH|--all, list, show COMPANY [--version V], diff COMPANY V1 V2"

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        load = sub.add_parser("load", help="加载服务标准包文件")
        load.add_argument("path", nargs="?")
        load.add_argument("--all", action="store_true", help="加载 packs/ 下全部随附的包")
        sub.add_parser("list", help="列出已加载的包")
        show = sub.add_parser("show", help="显示业务类型及承诺")
        show.add_argument("company")
        show.add_argument("--version")
        diff = sub.add_parser("diff", help="比较同一公司的两个版本")
        diff.add_argument("company")
        diff.add_argument("v1")
        diff.add_argument("v2")

    def handle(self, *args: Any, **options: Any) -> None:
        handlers = {"load": self._load, "list": self._list, "show": self._show, "diff": self._diff}
        try:
            handlers[options["action"]](options)
        except RuleViolation as exc:
            raise CommandError(exc.message) from exc

    def _load(self, options: dict[str, Any]) -> None:
        if options["all"] == bool(options["path"]):
            raise CommandError("请指定一个文件路径或 --all（二选一）")
        records = load_all_shipped() if options["all"] else [load_pack_file(options["path"])]
        for record in records:
            self.stdout.write(f"{record.source_name}: {record.company} {record.version} 已加载")

    def _list(self, options: dict[str, Any]) -> None:
        for record in StandardPack.objects.order_by("company", "effective_from", "id"):
            trial = f"（试行{record.trial_months}个月）" if record.trial_months else ""
            self.stdout.write(
                f"{record.company:<14} {record.version:<14} {record.effective_from} "
                f"{record.get_status_display()}{trial}  {record.company_name}  "
                f"{record.source_name}  {timezone.localtime(record.loaded_at):%Y-%m-%d %H:%M}"
            )

    def _show(self, options: dict[str, Any]) -> None:
        pack = _pack(options["company"], options["version"])
        self.stdout.write(f"{pack.company_name} {pack.version}，自 {pack.effective_from} 起生效")
        for hotline in pack.hotlines:
            self.stdout.write(f"  热线 {hotline.name}: {hotline.number}（{hotline.hours}）")
        for business_type in pack.business_types:
            self.stdout.write("\n".join(_business_type_lines(business_type)))

    def _diff(self, options: dict[str, Any]) -> None:
        old = _pack(options["company"], options["v1"])
        new = _pack(options["company"], options["v2"])
        changes = diff_packs(old, new)
        self.stdout.write("\n".join(changes) if changes else "两个版本内容相同")


def _pack(company: str, version: str | None) -> Pack:
    """The named version, or the one in force now."""
    if not version:
        return pack_in_force(company, timezone.now()).pack
    record = StandardPack.objects.filter(company=company, version=version).first()
    if record is None:
        raise CommandError(f"没有已加载的服务标准包：{company} {version}")
    return loaded_pack(record.pk).pack


def _business_type_lines(business_type: BusinessType) -> list[str]:
    head = f"{business_type.code:<26} {business_type.name}"
    if not business_type.commitments:
        return [f"{head}  （无时限承诺）"]
    return [head, *(f"    {_commitment_text(c)}" for c in business_type.commitments)]


def _commitment_text(commitment: Commitment) -> str:
    unit = _UNIT_TEXT[commitment.unit]
    overrides = [*commitment.by_tier.items(), *commitment.by_area.items()]
    variants = [f"{key}={value}" for key, value in overrides]
    if commitment.government_amount is not None:
        variants.append(f"政府={commitment.government_amount}")
    extra = f"  [{', '.join(variants)}]" if variants else ""
    agree = "  可与用户另行约定" if commitment.customer_may_agree else ""
    start = _START_TEXT[commitment.start_event]
    return (
        f"{commitment.code:<8} {_CLOCK_TEXT[commitment.clock]}  自{start}起 "
        f"{commitment.amount} {unit}{extra}{agree}  {commitment.title}  ({commitment.source})"
    )
