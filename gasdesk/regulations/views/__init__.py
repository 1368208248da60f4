"""Counter and customer-manager pages of the regulations (APPT, NOTIFY, TLC, HELP, MGR)."""
