"""REST API of the indicators (KPI-1…20): /api/v1/kpis/…"""
