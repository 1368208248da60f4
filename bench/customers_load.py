"""Load N customers through the product's bulk import and time it (CUST-1, CUST-10 bench).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/gasdesk_bench \\
        .venv/bin/python bench/customers_load.py --count 5000000

Two steps, timed apart: (1) write a CSV of N synthetic customers in the import's own columns
(Chinese headers, one or two phones, an address, a meter; 3 % commercial accounts with volumes,
a few flags), (2) import it with `gasdesk.customers.importing.import_customers`, the same path as
`gasdesk import_customers` (validation, tiering per row, COPY in batches, one transaction),
with a tqdm bar. Then VACUUM ANALYZE, as autovacuum would do some minutes later: it empties the
trigram indexes' pending lists (every search scans them) and sets the visibility map. The target
(foundation issue) is 5 M customers in < 10 min, the import step alone.

Names, roads and communities come from small pools, so name/address fragments repeat as they
do in a real city (a surname matches ~1 in 15 accounts, a community ~1 in 100). Account
numbers are `<company prefix><10 digits>` from --start, so several loads add up (1 M, then
4 M more) without clashing with each other or with the demo's 8-digit numbers.
"""

from __future__ import annotations

import argparse
import csv
import random
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from _common import (
    BENCH_DATA,
    emit,
    load_text,
    print_table,
    relation_size,
    setup,
    table_rows,
    timed,
)

HEADER = [
    "户号",
    "姓名/名称",
    "类别",
    "电话",
    "地址",
    "合同日用气量",
    "实际日用气量",
    "所属单位编码",
    "表号",
    "表具类型",
    "重点关怀用户",
    "社会弱势群体",
]
# Most common surnames first, with rough weights (a long tail shares the rest).
SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林高罗郑梁谢宋唐许韩冯邓曹彭曾肖田董潘袁蔡蒋余于杜叶程"
    "魏苏吕丁任卢姚沈钟姜崔谭陆范汪廖石金韦贾夏付方邹熊白孟秦邱侯江尹薛闫段雷龙黎史陶贺毛郝顾"
)
GIVEN = (
    "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂英华玉萍红娥玲芬燕建国志文斌辉林海波鹏宇"
    "浩然子涵欣怡梓轩思远佳琪晨曦雨泽俊凯婷晓东晓梅春梅秋菊冬梅雪梅振华德明永刚立新红梅丽华"
)
ROAD_HEADS = (
    "巢湖",
    "人民",
    "解放",
    "长江",
    "淮河",
    "健康",
    "学府",
    "卧牛山",
    "半汤",
    "亚父",
    "金山",
    "东塘",
    "西湖",
    "花山",
    "南京",
    "合肥",
    "北京",
    "上海",
    "汤山",
    "黄山",
    "鼓山",
    "凤凰",
    "银屏",
    "环城",
    "天河",
    "青年",
    "光明",
    "建设",
    "和平",
    "胜利",
    "中山",
    "民主",
    "团结",
    "振兴",
)
ROAD_TAILS = ("路", "街", "大道", "东路", "西路", "南路", "北路")
COMMUNITY_HEADS = (
    "阳光",
    "锦绣",
    "和平",
    "东湖",
    "金色",
    "翠竹",
    "幸福",
    "滨湖",
    "凤凰",
    "世纪",
    "碧桂园",
    "万达",
    "恒大",
    "保利",
    "绿地",
    "书香",
    "名都",
    "春江",
    "怡景",
    "御景",
    "天鹅湖",
    "新城",
    "富康",
    "海棠",
    "紫薇",
    "梧桐",
    "枫林",
    "玉兰",
    "丽景",
    "湖光",
)
COMMUNITY_TAILS = ("花园", "小区", "家园", "新村", "公寓", "苑", "名邸", "华府")
BUSINESSES = ("餐饮有限公司", "酒店", "大饭店", "食品厂", "洗浴中心", "陶瓷有限公司", "学校食堂")
# "IC卡预付费表" is spelled by its code: the importer lower-cases the cell before matching the
# label, so the Chinese label with "IC" is refused (reported to the lead).
METER_KINDS = ("普通机械表", "prepaid", "物联网智能表")
COMMERCIAL_SHARE = 0.03
SECOND_PHONE_SHARE = 0.25
KEY_CARE_SHARE = 0.01
VULNERABLE_SHARE = 0.01
TWO_CHAR_GIVEN_SHARE = 0.7


@dataclass(frozen=True)
class Outlet:
    code: str
    prefix: str  # account prefix of its company
    place: str
    weight: float


def outlets() -> list[Outlet]:
    """The demo's companies and outlets (gasdesk demo --size small made their units)."""
    from gasdesk.demo.builders.orgtree import COMPANIES

    return [
        Outlet(o.code, company.account_prefix, o.place, company.share * o.share)
        for company in COMPANIES
        for o in company.outlets
    ]


class Generator:
    """Synthetic customers; the same seed and start give the same rows."""

    def __init__(self, seed: int, places: list[Outlet]) -> None:
        self.rng = random.Random(seed)
        self.places = places
        self.weights = [p.weight for p in places]
        self.surnames = list(SURNAMES)
        # Zipf-like weights: 王/李/张 are each ~7 % of people, the 100th surname ~0.2 %.
        self.surname_weights = [1 / (i + 1) ** 0.9 for i in range(len(self.surnames))]
        self.given = list(GIVEN)
        self.roads = [h + t for h in ROAD_HEADS for t in ROAD_TAILS]
        self.communities = [h + t for h in COMMUNITY_HEADS for t in COMMUNITY_TAILS]

    def rows(self, start: int, count: int) -> Iterator[list[str]]:
        rng = self.rng
        outlet_choices = rng.choices(self.places, weights=self.weights, k=count)
        surnames = rng.choices(self.surnames, weights=self.surname_weights, k=count)
        for n, (place, surname) in enumerate(zip(outlet_choices, surnames, strict=True)):
            commercial = rng.random() < COMMERCIAL_SHARE
            volume = f"{rng.uniform(5, 3000):.2f}" if commercial else ""
            yield [
                f"{place.prefix}{start + n:010d}",
                self._business(place) if commercial else surname + self._given(),
                "工商户" if commercial else "民用户",
                self._phones(),
                self._address(place, commercial),
                volume,
                volume,
                place.code,
                str(rng.randrange(10**9, 10**10)),
                rng.choice(METER_KINDS),
                "是" if rng.random() < KEY_CARE_SHARE else "",
                "是" if rng.random() < VULNERABLE_SHARE else "",
            ]

    def _given(self) -> str:
        k = 2 if self.rng.random() < TWO_CHAR_GIVEN_SHARE else 1
        return "".join(self.rng.choices(self.given, k=k))

    def _business(self, place: Outlet) -> str:
        rng = self.rng
        return f"{place.place[-3:]}{rng.choice(COMMUNITY_HEADS)}{rng.choice(BUSINESSES)}"

    def _phones(self) -> str:
        rng = self.rng
        mobile = f"1{rng.choice('3456789')}{rng.randrange(10**9):09d}"
        if rng.random() < SECOND_PHONE_SHARE:
            return f"{mobile};0551-{rng.randrange(6 * 10**7, 9 * 10**7)}"
        return mobile

    def _address(self, place: Outlet, commercial: bool) -> str:
        rng = self.rng
        street = f"{place.place}{rng.choice(self.roads)}{rng.randint(1, 599)}号"
        if commercial:
            return street
        building = f"{rng.randint(1, 40)}栋{rng.randint(1, 4)}单元"
        room = f"{rng.randint(1, 33)}{rng.randint(1, 4):02d}室"
        return f"{street}{rng.choice(self.communities)}{building}{room}"


def write_csv(path: Path, *, start: int, count: int, seed: int) -> None:
    from tqdm import tqdm

    path.parent.mkdir(parents=True, exist_ok=True)
    generator = Generator(seed, outlets())
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        rows = generator.rows(start, count)
        for row in tqdm(rows, total=count, desc="CSV", unit="行", file=sys.stderr, mininterval=2):
            writer.writerow(row)


def import_file(path: Path, count: int) -> int:
    """The product's bulk import, with a progress bar; returns customers written."""
    from tqdm import tqdm

    from gasdesk.customers.importing import import_customers

    with tqdm(total=count, desc="导入客户", unit="行", file=sys.stderr, mininterval=2) as bar:
        report = import_customers(path, progress=bar.update)
    if not report.ok:
        for line in report.lines(20):
            print(line, file=sys.stderr)
        raise SystemExit(f"import failed: {len(report.errors)} errors, nothing kept")
    return report.imported


def analyze() -> None:
    from django.db import connection

    command = "VACUUM (ANALYZE)" if connection.vendor == "postgresql" else "ANALYZE"
    with connection.cursor() as cursor:
        for table in ("customers_customer", "customers_customerphone", "customers_customeraddress"):
            cursor.execute(f"{command} {table}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--count", type=int, default=1_000_000, help="customers to load")
    parser.add_argument("--start", type=int, default=1, help="first account sequence number")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--csv", type=Path, help="CSV path (default var/bench/customers_*.csv)")
    parser.add_argument("--keep-csv", action="store_true", help="keep the generated CSV")
    parser.add_argument("--csv-only", action="store_true", help="write the CSV, do not import")
    parser.add_argument(
        "--if-below", type=int, default=0, help="do nothing if the table has ~this many already"
    )
    args = parser.parse_args()
    setup()
    path = args.csv or BENCH_DATA / f"customers_{args.start}_{args.count}.csv"
    before = table_rows("customers_customer")
    print(f"customers before: ~{before:,}; {load_text()}")
    if args.if_below and before >= args.if_below * 0.99:  # an estimate: 1 % tolerance
        print(f"already ≥ {args.if_below:,} customers: nothing to load")
        return
    if path.exists():
        print(f"reusing {path}")
        csv_seconds = 0.0
    else:
        with timed() as csv_time:
            write_csv(path, start=args.start, count=args.count, seed=args.seed + args.start)
        csv_seconds = csv_time.seconds
    if args.csv_only:
        return
    with timed() as import_time:
        written = import_file(path, args.count)
    with timed() as analyze_time:
        analyze()
    report(args, path, written, csv_seconds, import_time.seconds, analyze_time.seconds)
    if not args.keep_csv:
        path.unlink()


def report(
    args: argparse.Namespace,
    path: Path,
    written: int,
    csv_seconds: float,
    import_seconds: float,
    analyze_seconds: float,
) -> None:
    after = table_rows("customers_customer")
    rate = written / import_seconds if import_seconds else 0.0
    size = path.stat().st_size / 2**20
    print()
    print_table(
        ["step", "seconds", "rows/s"],
        [
            [f"write CSV ({size:,.0f} MiB, not part of the target)", csv_seconds, 0],
            ["import_customers (validate, tier, COPY, commit)", import_seconds, round(rate)],
            ["VACUUM ANALYZE (not part of the target)", analyze_seconds, 0],
        ],
    )
    print(
        f"customers now: ~{after:,}; customer table {relation_size('customers_customer')}, "
        f"phones {relation_size('customers_customerphone')}, "
        f"addresses {relation_size('customers_customeraddress')}; {load_text()}"
    )
    emit(
        "customers_load",
        {
            "count": args.count,
            "written": written,
            "customers_total": after,
            "csv_s": round(csv_seconds, 1),
            "import_s": round(import_seconds, 1),
            "rows_per_s": round(rate),
            "analyze_s": round(analyze_seconds, 1),
            "target": "5 M customers < 600 s",
        },
    )


if __name__ == "__main__":
    main()
