"""Fixtures of the quality tests; each area keeps its own in a module re-exported here."""

from gasdesk.quality.tests.hotline_fixtures import (  # noqa: F401
    HotlineOrg,
    hotline_org,
    kl_agent,
    kl_dispatcher,
    kl_inspector,
    kl_specialist,
    other_specialist,
)
from gasdesk.quality.tests.kpi_fixtures import kunlun_org  # noqa: E402, F401
from gasdesk.quality.tests.supervision_fixtures import (  # noqa: E402, F401
    SupervisionOrg,
    supervision_org,
)
