"""`gasdesk import_customers PATH [--unit CODE] [--dry-run]`: bulk archive import (CUST-1).

All-or-nothing: the report lists every bad row (row, column, problem); if there is one, nothing
is kept. Columns: see gasdesk/customers/columns.py.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from gasdesk.customers.importing import import_customers
from gasdesk.org.models import OrgUnit


class Command(BaseCommand):
    help = "导入客户档案（CSV/XLSX）；任何一行有误则全部不导入"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path)
        parser.add_argument("--unit", help="所属单位编码：文件没有“所属单位编码”列时使用")
        parser.add_argument("--dry-run", action="store_true", help="只校验，不写入")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["path"]
        if not path.exists():
            raise CommandError(f"文件不存在：{path}")
        unit = self._unit(options["unit"])
        with tqdm(unit="行", file=sys.stderr, desc="导入客户") as bar:
            report = import_customers(
                path, default_unit=unit, dry_run=options["dry_run"], progress=bar.update
            )
        for line in report.lines():
            self.stderr.write(line)
        if not report.ok:
            raise CommandError(f"共 {len(report.errors)} 处错误，未导入任何数据")
        verb = "校验通过" if report.dry_run else "已导入"
        self.stdout.write(f"{verb}：{report.rows_read} 行，写入 {report.imported} 户")

    @staticmethod
    def _unit(code: str | None) -> OrgUnit | None:
        if not code:
            return None
        try:
            return OrgUnit.objects.get(code=code)
        except OrgUnit.DoesNotExist:
            raise CommandError(f"单位编码不存在：{code}") from None
