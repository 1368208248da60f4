"""What happens to each demo order, and when (WO-1, WO-3, WO-6, CAL-9).

Pure: no ORM and no clock; the caller passes `now`, the seed and, per business type, its
typical span (the longest deadline the pack gives it, computed by the caller with the real
deadline functions). A scenario fixes the order's type, channel, customer, received time and
the status it ends in; `timeline` then places each step relative to the deadlines the order
actually got, so most orders meet them and a few (`is_late`) miss them.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from faker import Faker

from gasdesk.workorders.models import Channel, SuspendReason
from gasdesk.workorders.models import WorkOrderStatus as S

SHANGHAI = ZoneInfo("Asia/Shanghai")
# Demo mix (not handbook rules): relative weight of each business-type family.
FAMILY_WEIGHTS: dict[str, float] = {
    "repair": 30,
    "consultation": 18,
    "counter": 10,
    "inspection": 8,
    "meter": 8,
    "gas_on": 7,
    "emergency": 5,
    "appointment": 5,
    "complaint": 4,
    "installation": 4,
    "modification": 3,
    "feedback": 2,
    "outage": 1,
    "care": 1,
}
OTHER_FAMILY_WEIGHT = 2.0
CHANNEL_WEIGHTS: dict[str, dict[str, float]] = {
    "": {
        Channel.HOTLINE: 55,
        Channel.ONLINE: 15,
        Channel.COUNTER: 15,
        Channel.CITY_12345: 5,
        Channel.ON_SITE: 5,
        Channel.CALLBACK: 5,
    },
    "emergency": {Channel.HOTLINE: 90, Channel.CITY_12345: 5, Channel.ON_SITE: 5},
    "counter": {Channel.COUNTER: 100},
    "complaint": {Channel.HOTLINE: 50, Channel.CITY_12345: 30, Channel.ONLINE: 20},
    "inspection": {Channel.ON_SITE: 70, Channel.HOTLINE: 30},
}
ANONYMOUS_SHARE: dict[str, float] = {"": 0.1, "emergency": 0.7, "consultation": 0.4}
OVERDUE_SHARE_OF_OPEN = 0.15
CANCELLED_SHARE = 0.04
LATE_SHARE = 0.06
PAUSED_SHARE = 0.03
REASSIGNED_SHARE = 0.04
OPEN_FATES: dict[str, float] = {
    S.NEW: 20,
    S.DISPATCHED: 25,
    S.ACCEPTED: 15,
    S.ARRIVED: 8,
    S.IN_PROGRESS: 8,
    S.RETURNED: 5,
    S.SUSPENDED: 9,
    S.COMPLETED: 10,
}
TODAY_FATES: dict[str, float] = {S.NEW: 40, S.DISPATCHED: 35, S.ACCEPTED: 25}
DEFAULT_SPAN = timedelta(days=2)  # types without a commitment: a typical two-day job
TODAY_LOOKBACK = timedelta(hours=8)
STEP_MARGIN = timedelta(minutes=2)
ONE_SECOND = timedelta(seconds=1)
MIN_TODAY = timedelta(minutes=30)


class Detour(StrEnum):
    NONE = "none"
    PAUSED = "paused"  # suspended for the customer, then resumed (CAL-9)
    REASSIGNED = "reassigned"


@dataclass(frozen=True)
class TypeSlot:
    code: str
    name: str
    family: str
    span: timedelta  # the longest deadline from receipt (DEFAULT_SPAN without commitments)


@dataclass(frozen=True)
class Caller:
    name: str
    phone: str
    address_suffix: str


@dataclass(frozen=True)
class OrderScenario:
    received_at: datetime
    business_type: str
    channel: str
    customer_index: int | None  # None: an anonymous caller (outlet_index says where)
    outlet_index: int
    fate: str  # the WorkOrderStatus the demo leaves the order in
    is_late: bool
    detour: Detour
    description: str
    caller: Caller
    seed: int  # for the timeline's jitter


@dataclass(frozen=True)
class Step:
    action: str
    at: datetime
    reason: str = ""
    suspend_reason: str = ""
    result: str = ""


@dataclass(frozen=True)
class Dues:
    """The deadlines the order got at creation (and payment)."""

    received_at: datetime
    first: datetime | None
    last: datetime | None


@dataclass(frozen=True)
class ScenarioRequest:
    types: Sequence[TypeSlot]
    customers: int
    outlet_shares: Sequence[float]
    count: int
    open_count: int
    today_count: int
    now: datetime
    history: timedelta
    seed: str


def order_scenarios(request: ScenarioRequest) -> list[OrderScenario]:
    """Closed history over the window, some open orders (a few overdue), and today's orders."""
    planner = _Planner(request)
    open_count = min(request.open_count, request.count)
    history = [planner.historic() for _ in range(max(0, request.count - open_count))]
    still_open = [planner.still_open() for _ in range(open_count)]
    today = [planner.today() for _ in range(request.today_count)]
    return sorted(history + still_open + today, key=lambda s: s.received_at)


class _Planner:
    def __init__(self, request: ScenarioRequest) -> None:
        self.request = request
        self.rng = random.Random(request.seed)
        self.fake = Faker("zh_CN")
        self.fake.seed_instance(request.seed)
        self.type_weights = _type_weights(request.types)
        self.open_fates = list(OPEN_FATES)
        self.open_weights = list(OPEN_FATES.values())

    def historic(self) -> OrderScenario:
        slot = self._type()
        latest = self.request.now - slot.span * 2 - timedelta(days=3)
        earliest = self.request.now - self.request.history
        received = self._between(earliest, max(earliest, latest))
        fate = S.CANCELLED if self.rng.random() < CANCELLED_SHARE else S.CLOSED
        return self._scenario(slot, received, fate, is_late=self.rng.random() < LATE_SHARE)

    def still_open(self) -> OrderScenario:
        slot = self._type()
        fate = self.rng.choices(self.open_fates, weights=self.open_weights)[0]
        overdue = fate != S.SUSPENDED and self.rng.random() < OVERDUE_SHARE_OF_OPEN
        lo, hi = (1.3, 3.0) if overdue else (0.1, 0.7)
        received = self.request.now - slot.span * self.rng.uniform(lo, hi)
        return self._scenario(slot, received, fate, is_late=overdue)

    def today(self) -> OrderScenario:
        slot = self._type()
        now = self.request.now
        midnight = datetime.combine(now.astimezone(SHANGHAI).date(), time(0), SHANGHAI)
        earliest = max(midnight, now - TODAY_LOOKBACK)
        if now - earliest < MIN_TODAY:  # just after midnight: take the late evening too
            earliest = now - TODAY_LOOKBACK
        back = min(slot.span * 0.5, now - earliest) * self.rng.uniform(0.1, 1.0)
        fate = self.rng.choices(list(TODAY_FATES), weights=list(TODAY_FATES.values()))[0]
        return self._scenario(slot, now - back, fate, is_late=False)

    def _scenario(
        self, slot: TypeSlot, received: datetime, fate: str, *, is_late: bool
    ) -> OrderScenario:
        anonymous = self.rng.random() < ANONYMOUS_SHARE.get(slot.family, ANONYMOUS_SHARE[""])
        customers = self.request.customers
        return OrderScenario(
            received_at=received.replace(second=0, microsecond=0),
            business_type=slot.code,
            channel=self._channel(slot.family),
            customer_index=None if anonymous or not customers else self.rng.randrange(customers),
            outlet_index=self.rng.choices(
                range(len(self.request.outlet_shares)), weights=self.request.outlet_shares
            )[0],
            fate=fate,
            is_late=is_late,
            detour=self._detour(fate),
            description=f"{slot.name}：{self.rng.choice(_phrases(slot.family))}",
            caller=Caller(
                name=str(self.fake.name()),
                phone=str(self.fake.phone_number()),
                address_suffix=f"{self.fake.street_name()}{self.rng.randint(1, 399)}号",
            ),
            seed=self.rng.randrange(2**31),
        )

    def _type(self) -> TypeSlot:
        return self.rng.choices(self.request.types, weights=self.type_weights)[0]

    def _channel(self, family: str) -> str:
        weights = CHANNEL_WEIGHTS.get(family, CHANNEL_WEIGHTS[""])
        return str(self.rng.choices(list(weights), weights=list(weights.values()))[0])

    def _detour(self, fate: str) -> Detour:
        if fate != S.CLOSED:
            return Detour.NONE
        roll = self.rng.random()
        if roll < PAUSED_SHARE:
            return Detour.PAUSED
        if roll < PAUSED_SHARE + REASSIGNED_SHARE:
            return Detour.REASSIGNED
        return Detour.NONE

    def _between(self, start: datetime, end: datetime) -> datetime:
        return start + (end - start) * self.rng.random()


def _type_weights(types: Sequence[TypeSlot]) -> list[float]:
    """A family's weight is shared by its types (巢湖 has three emergency types)."""
    per_family: dict[str, int] = {}
    for slot in types:
        per_family[slot.family] = per_family.get(slot.family, 0) + 1
    return [
        FAMILY_WEIGHTS.get(slot.family, OTHER_FAMILY_WEIGHT) / per_family[slot.family]
        for slot in types
    ]


# ---------------------------------------------------------------- timelines

PATHS: dict[str, tuple[str, ...]] = {
    S.NEW: (),
    S.DISPATCHED: ("dispatch",),
    S.ACCEPTED: ("dispatch", "accept"),
    S.ARRIVED: ("dispatch", "accept", "arrive"),
    S.IN_PROGRESS: ("dispatch", "accept", "arrive", "start_work"),
    # 完工 is allowed straight from 已到达; "start work" is kept for orders left 处理中.
    S.COMPLETED: ("dispatch", "accept", "arrive", "complete"),
    S.CLOSED: ("dispatch", "accept", "arrive", "complete", "close"),
    S.RETURNED: ("dispatch", "return"),
    S.SUSPENDED: ("dispatch", "accept", "suspend"),
    S.CANCELLED: ("cancel",),
}


def timeline(scenario: OrderScenario, dues: Dues, *, now: datetime) -> list[Step]:
    """The steps that take the order to its fate, each strictly after the previous, before now."""
    rng = random.Random(scenario.seed)
    start = dues.received_at
    first = (dues.first or start + DEFAULT_SPAN) - start
    last = max((dues.last or start + DEFAULT_SPAN) - start, first)
    moments = _moments(first, last, scenario.is_late, rng)
    actions = list(PATHS[scenario.fate])
    if scenario.detour == Detour.REASSIGNED:
        actions.insert(1, "reassign")
    if scenario.detour == Detour.PAUSED:
        actions[2:2] = ["suspend", "resume"]
    offsets = _offsets(actions, moments, rng)
    latest = now - STEP_MARGIN - start
    if offsets and offsets[-1] > latest:
        scale = max(latest, timedelta(0)) / offsets[-1]
        offsets = [offset * scale for offset in offsets]
    offsets = _ordered(offsets)
    return [
        _step(action, start + offset, rng) for action, offset in zip(actions, offsets, strict=True)
    ]


def _moments(
    first: timedelta, last: timedelta, is_late: bool, rng: random.Random
) -> dict[str, timedelta]:
    """Offsets from receipt: on time inside the first deadline, late past it."""
    arrive = first * (rng.uniform(1.1, 2.0) if is_late else rng.uniform(0.45, 0.85))
    if is_late:
        complete = max(last * rng.uniform(1.05, 1.5), arrive + timedelta(minutes=40))
    else:
        complete = arrive + (last - arrive) * rng.uniform(0.3, 0.9)
    return {
        "dispatch": first * rng.uniform(0.03, 0.12),
        "accept": first * rng.uniform(0.15, 0.3),
        "arrive": arrive,
        "start_work": arrive + (complete - arrive) * 0.1,
        "complete": complete,
        "close": complete + timedelta(hours=rng.uniform(1, 48)),
        "cancel": first * rng.uniform(0.02, 0.2),
    }


def _offsets(
    actions: Sequence[str], moments: dict[str, timedelta], rng: random.Random
) -> list[timedelta]:
    """Each action's offset; a pause (suspend → resume) pushes every later step back by it."""
    at = dict(moments)
    between = at["accept"] - at["dispatch"]
    at["reassign"] = at["dispatch"] + between / 2
    at["return"] = at["dispatch"] + between * 0.8
    at["suspend"] = at["accept"] + (at["arrive"] - at["accept"]) * 0.3
    pause = timedelta(hours=rng.uniform(2, 30))
    at["resume"] = at["suspend"] + pause
    offsets: list[timedelta] = []
    shift = timedelta(0)
    for action in actions:
        offsets.append(at[action] + shift)
        if action == "resume":
            shift = pause
    return offsets


def _ordered(offsets: list[timedelta]) -> list[timedelta]:
    """Strictly increasing by at least a second (a compressed timeline may tie)."""
    result: list[timedelta] = []
    for offset in offsets:
        result.append(max(offset, result[-1] + ONE_SECOND) if result else offset)
    return result


SUSPEND_REASONS: dict[str, str] = {
    SuspendReason.NOT_AT_HOME: "到访不遇，已张贴到访不遇通知单，待客户回电",
    SuspendReason.CUSTOMER_APPOINTMENT: "客户要求改约到下周上门",
    SuspendReason.MATERIALS_MISSING: "客户报装资料不全，待补交房产证明",
    SuspendReason.CUSTOMER_WAITING: "客户需先自行更换不合格灶具",
}
RESULTS = (
    "已更换灶具连接胶管并检漏，试火正常，客户签字确认",
    "已检修燃气表，计量正常",
    "已处理完毕，向客户讲解安全用气常识",
    "现场检查无泄漏，调整热水器风门后使用正常",
    "已按客户需求办理完毕",
)
REASONS = {
    "reassign": "原维修员在处理抢险，改派本班组其他维修员",
    "return": "非本班组业务范围，退回调度重新派工",
    "cancel": "客户来电取消，问题已自行解决",
}


def _step(action: str, at: datetime, rng: random.Random) -> Step:
    if action == "suspend":
        code = rng.choice(list(SUSPEND_REASONS))
        return Step(action, at, reason=SUSPEND_REASONS[code], suspend_reason=code)
    if action == "complete":
        return Step(action, at, result=rng.choice(RESULTS))
    return Step(action, at, reason=REASONS.get(action, ""))


PHRASES: dict[str, tuple[str, ...]] = {
    "repair": ("燃气灶打不着火", "燃气表不走字", "热水器点火后熄灭", "灶具连接胶管老化需更换"),
    "emergency": ("厨房闻到较浓燃气味", "楼道内有燃气味", "路边施工挖破燃气管道"),
    "consultation": ("咨询阶梯气价", "咨询过户手续", "咨询IC卡充值网点"),
    "complaint": ("维修员未按约定时间上门", "对收费有异议", "安检人员服务态度差"),
    "gas_on": ("新房申请通气", "停气后申请恢复通气"),
    "installation": ("新建商铺申请报装", "申请户内管线安装"),
    "inspection": ("预约入户安检", "安检到访不遇后预约复检"),
    "meter": ("燃气表显示屏不亮", "申请更换到期燃气表", "IC卡无法充值"),
}
GENERIC_PHRASES = ("客户来电办理业务", "客户申请上门服务")


def _phrases(family: str) -> tuple[str, ...]:
    return PHRASES.get(family, GENERIC_PHRASES)
