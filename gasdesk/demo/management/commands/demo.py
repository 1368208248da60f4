"""`gasdesk demo --size small|medium|large [--if-empty] [--seed N]`: realistic demo data.

Builds the org tree, one login per role (password demo12345), customers in every tier and six
months of orders (ORG-1, CUST-3, WO-1, WO-6). `make run` calls it with --if-empty on every start.
"""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from gasdesk.core.errors import RuleViolation
from gasdesk.demo.builders import DEFAULT_SEED, SIZES, DemoSummary, build_demo
from gasdesk.org.models import User
from gasdesk.standards.schema import TIER_LABELS, Tier
from gasdesk.workorders.models import WorkOrderStatus

# The login that marks a database as already holding the demo.
MARKER_USERNAME = "agent"


class Command(BaseCommand):
    help = (
        "生成演示数据：组织机构、各角色账号、各等级客户、近6个月工单（--size small|medium|large）"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--size", choices=sorted(SIZES), default="small")
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help=f"已存在用户 {MARKER_USERNAME} 时什么也不做（make run 每次启动都会调用）",
        )
        parser.add_argument(
            "--seed", type=int, default=DEFAULT_SEED, help="随机种子，同一种子数据相同"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        self.verbosity = int(options["verbosity"])
        exists = User.objects.filter(username=MARKER_USERNAME).exists()
        if exists and options["if_empty"]:
            self.stdout.write(f"演示数据已存在（用户 {MARKER_USERNAME}），跳过。")
            return
        if exists:
            raise CommandError(
                f"演示数据已存在（用户 {MARKER_USERNAME}）；请使用空数据库，或加 --if-empty"
            )
        self.started = time.monotonic()
        try:
            summary = build_demo(
                size=SIZES[options["size"]],
                seed=options["seed"],
                now=timezone.now(),
                progress=self._progress,
            )
        except RuleViolation as exc:
            raise CommandError(f"生成演示数据失败：{exc.field}: {exc.message}") from exc
        self._report(summary, options["size"], time.monotonic() - self.started)

    def _progress(self, message: str) -> None:
        if self.verbosity >= 1:
            self.stdout.write(f"[{time.monotonic() - self.started:6.1f}s] {message}")

    def _report(self, summary: DemoSummary, size: str, seconds: float) -> None:
        tiers = "，".join(
            f"{TIER_LABELS[Tier(code)]} {count}"
            for code, count in sorted(summary.customers_by_tier.items())
        )
        statuses = "，".join(
            f"{WorkOrderStatus(code).label} {count}"
            for code, count in sorted(summary.orders_by_status.items())
        )
        lines = [
            f"演示数据（{size}）已生成，用时 {seconds:.1f} 秒：",
            f"  组织单元 {summary.org_units}，用户 {summary.users}",
            f"  客户 {sum(summary.customers_by_tier.values())}（{tiers}）",
            f"  工单 {sum(summary.orders_by_status.values())}（{statuses}）",
            f"  当前超时未办结 {summary.overdue_orders}",
            "  " + "，".join(f"{label} {count}" for label, count in summary.areas.items()),
            f"演示账号（密码 {summary.password}）：",
            *(f"  {name:<11} {label}" for name, label in summary.logins.items()),
        ]
        self.stdout.write("\n".join(lines))
