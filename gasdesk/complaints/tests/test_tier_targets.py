"""Per-tier complaint targets against the actual figures (CMP-25, CUST-7)."""

from datetime import datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from gasdesk.complaints.models import Complaint
from gasdesk.complaints.selectors import last_days
from gasdesk.complaints.tests.factories import copies_of, make_complaint
from gasdesk.complaints.tier_targets import tier_complaint_targets
from gasdesk.customers.tests.factories import make_customer
from gasdesk.standards.lookup import pack_in_force

TZ = ZoneInfo("Asia/Shanghai")
NOW = datetime(2026, 11, 20, 10, 0, tzinfo=TZ)
RECEIVED = datetime(2026, 11, 16, 9, 0, tzinfo=TZ)
H = timedelta(hours=1)

pytestmark = pytest.mark.django_db


@pytest.fixture
def tiered(packs, org, agent_a):
    """VIP: 2 complaints, one answered late and unsatisfied; 一般: 20, 19 answered in 24 h and
    19 of 20 satisfied; 重点: one still inside its 24 h (not decided)."""
    vip = make_customer(org.unit_a, tier="vip")
    general = make_customer(org.unit_a)
    important = make_customer(org.unit_a, tier="important")
    with time_machine.travel(RECEIVED, tick=False):
        vip_first = make_complaint(by=agent_a, customer=vip)
        general_first = make_complaint(by=agent_a, customer=general)
    early, late = RECEIVED + 2 * H, RECEIVED + 30 * H
    answered = Complaint.objects.filter(pk__in=[vip_first.pk, general_first.pk])
    answered.update(responded_at=early, is_satisfied=True)
    copies_of(vip_first, 1, responded_at=late, is_satisfied=False, number="TS-VIP-LATE")
    copies_of(general_first, 18, responded_at=early, is_satisfied=True)
    copies_of(general_first, 1, responded_at=late, is_satisfied=False, number="TS-GEN-LATE")
    with time_machine.travel(NOW - H, tick=False):
        make_complaint(by=agent_a, customer=important)
    return org


def _rows(user):
    pack = pack_in_force("chaohu", NOW).pack
    with time_machine.travel(NOW, tick=False):
        return {r.tier.value: r for r in tier_complaint_targets(user, pack, last_days(30), NOW)}


def test_cmp_25_vip_target_is_100_percent_and_one_late_answer_misses_it(tiered, specialist):
    """CMP-25 (004 四.1): VIP response timeliness 100 % and satisfaction 100 %: 1 of 2 = 50 %."""
    vip = _rows(specialist)["vip"]

    assert (vip.response.target.op, vip.response.target.percent) == (">=", Decimal(100))
    assert (vip.response.numerator, vip.response.denominator) == (1, 2)
    assert (vip.response.percent, vip.response.passed) == (Decimal("50.00"), False)
    assert (vip.satisfaction.target.percent, vip.satisfaction.percent) == (
        Decimal(100),
        Decimal("50.00"),
    )


def test_cmp_25_general_95_percent_meets_its_95_target(tiered, specialist):
    """CMP-25 (004 四.4): 一般 ≥ 95 % and ≥ 95 %: 19 of 20 = 95 % passes both."""
    general = _rows(specialist)["general"]

    assert (general.response.numerator, general.response.denominator) == (19, 20)
    assert (general.response.target.percent, general.response.passed) == (Decimal(95), True)
    assert (general.satisfaction.percent, general.satisfaction.passed) == (Decimal("95.00"), True)


def test_cmp_25_important_undecided_and_key_without_a_stated_target(tiered, specialist):
    """CMP-25: 重点 targets 100 % (nothing decided yet); 关键 has no complaint target in 004."""
    rows = _rows(specialist)

    assert rows["important"].response.target.percent == Decimal(100)
    assert (rows["important"].response.denominator, rows["important"].response.passed) == (0, None)
    assert (rows["key"].response.target, rows["key"].satisfaction.target) == (None, None)


def test_cmp_25_desk_shows_the_tier_table_and_other_packs_do_not(client, tiered, specialist):
    client.force_login(specialist)
    with time_machine.travel(NOW, tick=False):
        page = client.get(reverse("complaints:desk")).content.decode()

    vip = page.split('data-testid="tier-row-vip"')[1].split("</tr>")[0]
    assert "50.00% (1/2)" in vip
    assert "≥ 100%" in vip
    assert "≥ 95%" in page.split('data-testid="tier-row-general"')[1].split("</tr>")[0]
    assert 'class="overdue"' in vip
    aode = pack_in_force("aode", NOW).pack.complaints
    assert aode is not None
    assert aode.tier_targets is None
