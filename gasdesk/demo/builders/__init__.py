"""Demo data builders behind `gasdesk demo` (ORG-1, CUST-1, CUST-3, WO-1, WO-6).

Pure planning (profiles.py, scenarios.py) is kept apart from the writers, which go through the
same services as the UI: org.services, customers.services / importing, workorders intake and
apply_transition. Only the closed history of the larger sizes is bulk-written (bulk_orders.py).
"""

from gasdesk.demo.builders.run import DemoSummary, build_demo
from gasdesk.demo.builders.sizes import DEFAULT_SEED, DEMO_PASSWORD, SIZES, DemoSize

__all__ = ["DEFAULT_SEED", "DEMO_PASSWORD", "SIZES", "DemoSize", "DemoSummary", "build_demo"]
