"""The one settings module. Everything that differs between installations comes from the
environment through the typed readers in `commission.core.env`."""

from __future__ import annotations

from pathlib import Path

import dj_database_url

from commission.core.env import env_bool, env_int, env_list, env_str, secret_key

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("COMMISSION_VAR_DIR", str(BASE_DIR / "var")))

SECRET_KEY = secret_key(VAR_DIR)
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

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
    "drf_spectacular_sidecar",
    "django_htmx",
    "commission.core",
    "commission.audit",
    "commission.documents",
    "commission.registry",
    "commission.intake",
    "commission.cases",
    "commission.inquiries",
    "commission.search",
    "commission.reports",
    "commission.demo",
    "commission.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "commission.core.middleware.ContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "commission.urls"
WSGI_APPLICATION = "commission.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    }
]

# SQLite under var/ unless DATABASE_URL names another database.
DATABASE_URL = env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'commission.sqlite3'}")
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        # IMMEDIATE takes the write lock when a transaction starts, so two writers queue
        # instead of one failing half-way with "database is locked" after it has read.
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": (
            "PRAGMA journal_mode=WAL;"
            "PRAGMA synchronous=NORMAL;"
            "PRAGMA foreign_keys=ON;"
            "PRAGMA busy_timeout=20000;"
            "PRAGMA cache_size=-65536;"
        ),
    }
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test.sqlite3")}
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Parameters travel apart from the statement, so psycopg can prepare a statement that a
    # connection runs again and again (the case page's, a search's): PostgreSQL then plans it
    # once per connection instead of on every request.
    DATABASES["default"]["OPTIONS"] = {
        **DATABASES["default"].get("OPTIONS", {}),
        "server_side_binding": True,
        # Off (DATABASE_PREPARE=false) behind a pooler in transaction mode, which cannot keep
        # a connection's prepared statements.
        "prepare_threshold": 2 if env_bool("DATABASE_PREPARE", True) else None,
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = env_str("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
# WhiteNoise serves from the finders but expects its root to exist (it warns otherwise).
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        # WhiteNoise serves straight from the apps' static folders (WHITENOISE_USE_FINDERS),
        # so a fresh checkout needs no collectstatic step before `commission serve`.
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = True

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False  # htmx reads the token from the cookie for its requests
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": env_int("API_PAGE_SIZE", 50),
    "DEFAULT_SCHEMA_CLASS": "commission.api.openapi.CommissionAutoSchema",
    "EXCEPTION_HANDLER": "commission.api.errors.api_exception_handler",
    "DEFAULT_THROTTLE_RATES": {"token": env_str("API_TOKEN_RATE", "20/min")},
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Commission API",
    "DESCRIPTION": "Member registry, cases, letters and inquiries of a reviewing commission.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    # The documentation page's scripts come from our own static files, not a CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}

# The largest letter file a clerk may upload through the pages or the API.
LETTER_UPLOAD_MAX_BYTES = env_int("LETTER_UPLOAD_MAX_MB", 5) * 1024 * 1024

# Where notifications go (commission.core.notify registers the channels).
NOTIFICATION_CHANNELS = env_list("NOTIFICATION_CHANNELS", ["in_app"])

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
}

# Full-text search of letters: "embedded" (a tantivy index in a folder, ranked, fed from the
# change log) or "database" (the database's own full-text engine, FTS5 or tsvector).
SEARCH_BACKEND = env_str("COMMISSION_SEARCH_BACKEND", "embedded")
# The embedded index's folder; empty means search-index/ under VAR_DIR. Each machine keeps its
# own; the processes of one machine share one.
SEARCH_INDEX_DIR = env_str("COMMISSION_SEARCH_INDEX_DIR", "")
# How often, at most, a search looks at the change log for letters another process committed.
SEARCH_FOLLOW_SECONDS = env_int("COMMISSION_SEARCH_FOLLOW_MS", 250) / 1000
# How long applied changes stay in the log for machines that were away.
SEARCH_CHANGES_KEPT_DAYS = env_int("COMMISSION_SEARCH_CHANGES_KEPT_DAYS", 7)
