"""Indicators (KPI-*) computed from the records by aggregate queries, with drill-down."""
