"""Every write of the regulations app, one module per area (STYLE 2.1.2)."""
