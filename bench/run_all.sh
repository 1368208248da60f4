#!/usr/bin/env bash
# Every bench, in order, against one PostgreSQL bench database (see bench/README.md).
#
#   bench/run_all.sh                       # gasdesk_bench: 5 M customers, 20 M orders
#   BENCH_DB=gasdesk_bench_1m CUSTOMERS=1000000 ORDERS=0 bench/run_all.sh   # search at 1 M
#
# The database is created, migrated and filled the first time (demo logins, customers through
# the product's import, orders by generate_series); later runs reuse it and only measure.
# Each script prints a table and one `BENCH {json}` line; the lines are collected in
# var/bench/results-<db>-<time>.jsonl, the whole output in var/bench/logs/.
set -euo pipefail
cd "$(dirname "$0")/.."

DB=${BENCH_DB:-gasdesk_bench}
CUSTOMERS=${CUSTOMERS:-5000000}
ORDERS=${ORDERS:-20000000}
WORKERS=${WORKERS:-4}
export DATABASE_URL=${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/$DB}
export GASDESK_JOBS_IN_PROCESS=0 GASDESK_HTTPS=0
PY=.venv/bin/python
STAMP=$(date +%Y%m%d-%H%M%S)
mkdir -p var/bench/logs
LOG=var/bench/logs/run-$DB-$STAMP.log

step() {
  echo "== $* ($(uptime | sed 's/.*load/load/'))" | tee -a "$LOG"
  "$@" 2>&1 | tee -a "$LOG"
}

if ! psql -h 127.0.0.1 -U postgres -Atc "SELECT 1 FROM pg_database WHERE datname = '$DB'" \
    | grep -q 1; then
  psql -h 127.0.0.1 -U postgres -c "CREATE DATABASE $DB"
fi
step .venv/bin/gasdesk migrate --noinput -v 0
step .venv/bin/gasdesk demo --size small --if-empty
step $PY bench/customers_load.py --count "$CUSTOMERS" --if-below "$CUSTOMERS"
if [ "$ORDERS" -gt 0 ]; then
  step $PY bench/orders_generate.py --count "$ORDERS"
fi
# Statistics for every table, the 28-row org tree included (bench/README.md, finding S3).
step psql -h 127.0.0.1 -U postgres "$DB" -c ANALYZE
step $PY bench/customers_search.py --samples 300
if [ "$ORDERS" -gt 0 ]; then
  step $PY bench/orders_queue.py --requests 300 --http --workers "$WORKERS"
  step $PY bench/orders_create_api.py --workers "$WORKERS" --clients 1 4 8 --requests 2000
  step $PY bench/rss.py --workers "$WORKERS" --requests 1000
  step $PY bench/cpu_per_request.py --requests 200 --gc-freeze
fi
grep '^BENCH ' "$LOG" | sed 's/^BENCH //' > "var/bench/results-$DB-$STAMP.jsonl"
echo "figures: var/bench/results-$DB-$STAMP.jsonl; log: $LOG"
