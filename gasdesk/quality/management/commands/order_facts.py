"""`gasdesk order_facts [--rebuild]`: bring the daily order facts up to date, or rebuild them.

A refresh reads only what changed since the last one; `--rebuild` recomputes every day from
the orders (after a bulk load that bypassed the desk, or to check the facts).
"""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from gasdesk.quality import order_facts


class Command(BaseCommand):
    help = "刷新工单日汇总（--rebuild 全部重建）"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--rebuild", action="store_true", help="全部重建")

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()
        written = order_facts.rebuild() if options["rebuild"] else order_facts.refresh()
        seconds = time.perf_counter() - started
        self.stdout.write(f"工单日汇总: 写入 {written} 行, 用时 {seconds:.1f} 秒")
