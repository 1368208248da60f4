# gasdesk — `make help` lists the targets.
PY ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PORT ?= 8000
SIZE ?= small

.PHONY: help run dev test lint fmt typecheck checks migrations demo bench browser clean messages system-deps

#: help - list the targets
help:
	@grep -E '^#: ' Makefile | sed 's/^#: /  /'

$(STAMP): pyproject.toml
	@command -v $(PY) >/dev/null || { echo "需要 Python 3.11 ($(PY))"; exit 1; }
	test -d $(VENV) || $(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	touch $(STAMP)

SYSTEM_PACKAGES := chromium fonts-noto-cjk libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 poppler-utils

#: system-deps - Debian packages: CJK fonts + pango (PDF reports), chromium (browser tests), poppler
system-deps:
	@missing=$$(for p in $(SYSTEM_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  echo "installing: $$missing"; \
	  DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	fi

#: run - install, migrate the SQLite database, load packs and demo data, serve on :8000 (gunicorn)
run: $(STAMP)
	-@$(MAKE) -s system-deps || echo "(PDF reports need: $(SYSTEM_PACKAGES))"
	$(BIN)/gasdesk migrate --noinput
	GASDESK_STATIC_MANIFEST=1 $(BIN)/gasdesk collectstatic --noinput -v0
	$(BIN)/gasdesk standards load --all
	$(BIN)/gasdesk demo --size $(SIZE) --if-empty
	@echo ""
	@echo "  gasdesk 已启动: http://127.0.0.1:$(PORT)/   演示账号 / demo logins (密码 password: demo12345)"
	@echo "  热线受理员 agent · 调度员 dispatcher · 维修员 tech · 服务管理专员 specialist · 管理员 admin"
	@echo ""
	GASDESK_STATIC_MANIFEST=1 GASDESK_HTTPS=0 GASDESK_BIND=127.0.0.1:$(PORT) $(BIN)/gunicorn -c gunicorn.conf.py gasdesk.wsgi

#: dev - Django's development server with DEBUG on
dev: $(STAMP)
	$(BIN)/gasdesk migrate --noinput
	GASDESK_DEBUG=1 $(BIN)/gasdesk runserver $(PORT)

#: test - lint, type-check, Django checks, migrations check and the whole pytest suite
test: $(STAMP) lint typecheck checks
	$(BIN)/pytest -m "not browser" -n 2 --dist loadfile

#: lint - ruff check and ruff format --check
lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

#: fmt - apply ruff's fixes and formatting
fmt: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

#: typecheck - mypy with django-stubs
typecheck: $(STAMP)
	$(BIN)/mypy gasdesk tests conftest.py $(wildcard bench/*.py)

#: checks - manage.py check (also --deploy with DEBUG off) and makemigrations --check
checks: $(STAMP)
	$(BIN)/gasdesk check
	GASDESK_SECRET_KEY=ci-$$(head -c 48 /dev/urandom | base64 | tr -dc a-zA-Z0-9) GASDESK_HTTPS=1 \
	  $(BIN)/gasdesk check --deploy --fail-level WARNING
	$(BIN)/gasdesk makemigrations --check --dry-run

#: browser - Playwright tests in Debian's chromium (apt-get install chromium fonts-noto-cjk)
browser: $(STAMP)
	$(BIN)/pytest -m browser tests/browser -p no:xdist

#: migrations - create migrations for changed models (name them: make migrations APP=x NAME=y)
migrations: $(STAMP)
	$(BIN)/gasdesk makemigrations $(APP) -n $(NAME)

#: demo - load packs and demo data (SIZE=small|medium|large)
demo: $(STAMP)
	$(BIN)/gasdesk migrate --noinput
	$(BIN)/gasdesk standards load --all
	$(BIN)/gasdesk demo --size $(SIZE)

#: bench - benchmark scripts (PostgreSQL via DATABASE_URL); they print figures
bench: $(STAMP)
	@ls bench/*.py | xargs -n1 echo "  see:"

#: clean - remove the virtualenv and local data
clean:
	rm -rf $(VENV) var

#: messages - refresh the English catalogue and compile it (commit django.po and django.mo)
messages: $(STAMP)
	$(BIN)/gasdesk makemessages -l en --ignore=.venv --ignore=var --ignore=bench --ignore=tests --no-obsolete
	$(BIN)/gasdesk compilemessages --ignore=.venv
