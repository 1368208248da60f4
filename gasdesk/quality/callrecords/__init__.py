"""Call records from the call centre (AGENT-1): parsing (pure) and loading into the database.

parsing.py reads Asterisk queue_log, csv_calls.py a plain CSV of calls, both into the same
`QueueEvent` stream; intervals.py folds that stream into agent login/away/wrap-up intervals;
loading.py writes raw events idempotently and rebuilds the per-call rows set-based.
"""
