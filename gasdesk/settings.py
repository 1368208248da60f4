"""gasdesk settings, driven by the environment with safe defaults for the embedded mode.

Embedded default: SQLite (WAL) under ./var, in-process jobs. Production: DATABASE_URL to
PostgreSQL, CELERY_BROKER_URL to Redis. No business rules live here (they are in packs).
"""

import secrets
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

from gasdesk.envconf import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("GASDESK_VAR_DIR", str(BASE_DIR / "var")))
VAR_DIR.mkdir(parents=True, exist_ok=True)

DEBUG = env_bool("GASDESK_DEBUG", False)


def _secret_key() -> str:
    """Use GASDESK_SECRET_KEY; else keep a generated key in var/ so sessions survive restarts."""
    key = env_str("GASDESK_SECRET_KEY")
    if key:
        return key
    path = VAR_DIR / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(64))
    return path.read_text().strip()


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = env_list("GASDESK_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("GASDESK_CSRF_TRUSTED_ORIGINS", [])

# Behind TLS in production; the local demo (`make run`) sets GASDESK_HTTPS=0.
HTTPS = env_bool("GASDESK_HTTPS", not DEBUG)
SECURE_SSL_REDIRECT = HTTPS
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = env_int("GASDESK_HSTS_SECONDS", 31536000 if HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "django_filters",
    "gasdesk.core",
    "gasdesk.business_calendar",
    "gasdesk.org",
    "gasdesk.standards",
    "gasdesk.customers",
    "gasdesk.notices",
    "gasdesk.workorders",
    "gasdesk.regulations",
    "gasdesk.fieldwork",
    "gasdesk.campaigns",
    "gasdesk.complaints",
    "gasdesk.callbacks",
    "gasdesk.quality",
    "gasdesk.reports",
    "gasdesk.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "gasdesk.core.middleware.RuleViolationMiddleware",
]

ROOT_URLCONF = "gasdesk.urls"
WSGI_APPLICATION = "gasdesk.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "gasdesk.fieldwork.context_processors.emergency_banner",
                "gasdesk.navigation.navigation",
            ],
        },
    },
]


def _database() -> dict[str, object]:
    url = env_str("DATABASE_URL")
    if url:
        config: dict[str, object] = dict(dj_database_url.parse(url, conn_max_age=60))
        config["CONN_HEALTH_CHECKS"] = True
        return config
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": env_str("GASDESK_SQLITE_PATH", str(VAR_DIR / "gasdesk.sqlite3")),
        # IMMEDIATE takes the write lock at BEGIN, so two writers queue instead of deadlocking.
        "OPTIONS": {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        },
    }


DATABASES = {"default": _database()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "org.User"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("简体中文")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "gasdesk" / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
# Uploads (field photos, customers' signatures) are private: no URL serves MEDIA_ROOT; a page
# that shows one must go through a view that checks the user's scope.
MEDIA_ROOT = Path(env_str("GASDESK_MEDIA_ROOT", str(VAR_DIR / "media")))
MEDIA_URL = "media/"
STATIC_ROOT.mkdir(exist_ok=True)
# Hashed, compressed static files need `collectstatic` first: on for served deployments
# (`make run` sets it), off for tests and development.
STATIC_MANIFEST = env_bool("GASDESK_STATIC_MANIFEST", False)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if STATIC_MANIFEST
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

SESSION_ENGINE = "gasdesk.core.sessions"  # Django's database sessions, read by a compiled query
# The session's user is read with unit, company and roles in one query (gasdesk.org.auth).
AUTHENTICATION_BACKENDS = ["gasdesk.org.auth.RequestUserBackend"]

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "gasdesk.org.auth.RequestTokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "gasdesk.core.api.KeysetPagination",
    "PAGE_SIZE": 50,
    "EXCEPTION_HANDLER": "gasdesk.core.api.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "gasdesk API",
    "DESCRIPTION": "燃气客户服务管理平台 REST API",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    # One enum per choice set, named once (the same set is used by several serializers).
    "ENUM_NAME_OVERRIDES": {
        "TierEnum": "gasdesk.customers.choices.TIER_CHOICES",
        "AreaEnum": "gasdesk.customers.choices.AREA_CHOICES",
        "WorkOrderStatusEnum": "gasdesk.workorders.models.WorkOrderStatus",
        "PackStatusEnum": "gasdesk.standards.models.PackStatus",
        "AppointmentChannelEnum": "gasdesk.regulations.models.AppointmentChannel",
        "AppointmentKindEnum": "gasdesk.regulations.models.AppointmentKind",
        "OrgUnitKindEnum": "gasdesk.org.models.OrgUnitKind",
        "MeterKindEnum": "gasdesk.customers.models.MeterKind",
        "MessageChannelEnum": "gasdesk.notices.models.MessageChannel",
        "MessageStatusEnum": "gasdesk.notices.models.MessageStatus",
        "WorkOrderChannelEnum": "gasdesk.workorders.models.Channel",
        "AppointmentStatusEnum": "gasdesk.regulations.models.appointments.AppointmentStatus",
        "CareVisitStatusEnum": "gasdesk.regulations.models.care.CareVisitStatus",
        "NoticeStatusEnum": "gasdesk.regulations.models.notification.NoticeStatus",
        "PromiseStatusEnum": "gasdesk.regulations.models.promises.PromiseStatus",
        "AssignmentKindEnum": "gasdesk.fieldwork.models.dispatch.AssignmentKind",
        "FieldVisitOutcomeEnum": "gasdesk.fieldwork.models.visits.VisitOutcome",
        "ConnectionStatusEnum": "gasdesk.campaigns.models.connections.ConnectionStatus",
        "HouseholdStatusEnum": "gasdesk.campaigns.models.connections.HouseholdStatus",
        "InspectionVisitOutcomeEnum": "gasdesk.campaigns.models.inspections.VisitOutcome",
        "ReplacementStatusEnum": "gasdesk.campaigns.models.meters.ReplacementStatus",
        "OutageKindEnum": "gasdesk.campaigns.models.outages.OutageKind",
        "OutageStatusEnum": "gasdesk.campaigns.models.outages.OutageStatus",
        "ComplaintChannelEnum": "gasdesk.complaints.models.ComplaintChannel",
        "ComplaintStatusEnum": "gasdesk.complaints.models.ComplaintStatus",
        "AppealStatusEnum": "gasdesk.complaints.models.AppealStatus",
        "CallbackTaskStatusEnum": "gasdesk.callbacks.models.TaskStatus",
        "AttemptOutcomeEnum": "gasdesk.callbacks.models.AttemptOutcome",
        "FollowUpStatusEnum": "gasdesk.callbacks.models.FollowUpStatus",
        "CallbackPlanKindEnum": "gasdesk.callbacks.models.PlanKind",
        "CallbackSatisfactionEnum": "gasdesk.callbacks.models.Satisfaction",
        "DutyRoleEnum": "gasdesk.regulations.models.assistance.DutyRole",
        "CallbackPlanStatusEnum": "gasdesk.callbacks.models.PlanStatus",
        "IntervalKindEnum": "gasdesk.quality.models.IntervalKindChoice",
        "InspectionKindEnum": "gasdesk.quality.models_supervision.InspectionKind",
        "EvaluationKindEnum": "gasdesk.quality.models_supervision.EvaluationKind",
        "AwardKindEnum": "gasdesk.quality.models_supervision.AwardKind",
        "ReportStatusEnum": "gasdesk.reports.models.ReportStatus",
    },
}

# Background jobs: in-process runner unless a Celery broker is configured.
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL")
CELERY_RESULT_BACKEND = env_str("CELERY_RESULT_BACKEND", CELERY_BROKER_URL)
CELERY_TIMEZONE = TIME_ZONE
JOBS_IN_PROCESS = env_bool("GASDESK_JOBS_IN_PROCESS", not CELERY_BROKER_URL)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("GASDESK_LOG_LEVEL", "INFO")},
}
