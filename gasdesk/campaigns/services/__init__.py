"""Every write of the campaigns app, one module per area (OUT, INSP, CONN, METER)."""
