"""Plain builders of the quality tests; the hotline ones live in hotline_factories.py."""

from gasdesk.quality.tests.hotline_factories import REAL_DIR, import_path  # noqa: F401
