"""The one settings module. Everything that differs between installations comes from the
environment through the typed readers in `commission.core.env`."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import dj_database_url

from commission.core.env import (
    env_bool,
    env_int,
    env_list,
    env_str,
    private_database_file,
    secret_key,
)

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
    "knox",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "commission.core",
    "commission.audit",
    "commission.jobs",
    "commission.accounts",
    "commission.documents",
    "commission.registry",
    "commission.intake",
    "commission.cases",
    "commission.inquiries",
    "commission.search",
    "commission.reports",
    "commission.operations",
    "commission.demo",
    "commission.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # The language of the answer: the switch's cookie, else the browser's Accept-Language,
    # else LANGUAGE_CODE; a signed-in account's own choice overrides both (below).
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    # Before anything that reads the session or the user: which database this request reads.
    "commission.core.dbrouting.ReplicaReadsMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # `request.user.is_verified()`: true once the session has given a code of its second factor.
    "django_otp.middleware.OTPMiddleware",
    "commission.core.middleware.AccountLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "commission.core.middleware.ContentSecurityPolicyMiddleware",
    "commission.core.middleware.PrivateAnswersMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # An account with a second factor reaches no page before its code, and one whose role
    # requires a second factor none before setting one up (commission.accounts.middleware).
    "commission.accounts.middleware.SecondFactorMiddleware",
    # Last, so it sees the answer to a refused sign-in and replaces it with the lockout's.
    "axes.middleware.AxesMiddleware",
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
                "commission.core.web.installation_calendar",
                "commission.registry.context.own_record",
            ],
        },
    }
]

# SQLite under var/ unless DATABASE_URL names another database.
DATABASE_URL = env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'commission.sqlite3'}")
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    if DATABASES["default"]["NAME"] not in ("", ":memory:"):
        private_database_file(Path(DATABASES["default"]["NAME"]))
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
            # Read through a memory map: each request's new connection reads the pages the
            # system already caches without copying them (docs/performance.md).
            "PRAGMA mmap_size=2147418112;"
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

# Read replicas (PostgreSQL streaming replicas of `default`), a comma-separated list of URLs:
# each becomes an alias replica1, replica2 … that commission.core.dbrouting sends the reads of
# pages and API answers to, when they may be a moment behind. Empty (the default): one database.
DATABASE_REPLICAS: list[str] = []
for _number, _url in enumerate(env_list("DATABASE_REPLICA_URLS", []), start=1):
    _replica = dj_database_url.parse(_url, conn_max_age=60)
    _replica["OPTIONS"] = {
        **DATABASES["default"].get("OPTIONS", {}),
        **_replica.get("OPTIONS", {}),
        # A replica that is gone is noticed in seconds, and its reads go to the primary.
        "connect_timeout": env_int("DATABASE_REPLICA_CONNECT_TIMEOUT", 2),
    }
    # Tests have one database: the replica alias reads the test database of `default`.
    _replica["TEST"] = {"MIRROR": "default"}
    DATABASES[f"replica{_number}"] = _replica
    DATABASE_REPLICAS.append(f"replica{_number}")
DATABASE_ROUTERS = ["commission.core.dbrouting.ReplicaRouter"]
# After a write, the writer's reads stay on the primary for this long (read your own writes).
DATABASE_PRIMARY_AFTER_WRITE_SECONDS = env_int("DATABASE_PRIMARY_AFTER_WRITE_SECONDS", 10)
# A replica further behind than this is left out until it catches up.
DATABASE_REPLICA_MAX_LAG_SECONDS = env_int("DATABASE_REPLICA_MAX_LAG_SECONDS", 5)
# How long a process trusts what it last learnt of a replica's health and lag.
DATABASE_REPLICA_CHECK_SECONDS = env_int("DATABASE_REPLICA_CHECK_SECONDS", 2)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Every sign-in (the login page, the API's token exchange, the admin) passes django-axes first,
# which refuses it while the account or the address is locked out.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # ModelBackend with an account's permissions read in one statement.
    "commission.accounts.backends.AccountBackend",
]
# After LOGIN_FAILURE_LIMIT wrong passwords for one account, or from one address, signing in is
# refused for LOGIN_COOLOFF_MINUTES; failures during the pause do not lengthen it, so someone
# guessing cannot keep the rightful user out for longer than that. A success clears the count.
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 10)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("LOGIN_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_CALLABLE = "commission.core.accounts.lockout_response"
# Failed attempts are kept (they are the count); successful sign-ins are not logged by axes,
# so it keeps no record of who signed in from which address.
AXES_DISABLE_ACCESS_LOG = True

# The operating-system users who may run `commission … --as USER` (commission.core.operators);
# unset, the owner of the SQLite database file (or of COMMISSION_VAR_DIR) is the one.
COMMISSION_OPERATORS = env_list("COMMISSION_OPERATORS", [])

# The day this installation takes as today (YYYY-MM-DD), when it runs on a story's calendar
# rather than the real one (commission.core.clock); it wins over the day stored in the database.
# COMMISSION_STORY names the story on the pages' banner.
COMMISSION_TODAY = env_str("COMMISSION_TODAY", "")
COMMISSION_STORY = env_str("COMMISSION_STORY", "")

# The roles whose accounts must sign in with a second factor (a code from an authenticator app):
# a comma list among chair, auditor and admin (staff and superusers); empty, it is optional for
# everyone. Such an account without one is sent to set it up after its password, and the API
# refuses its token until it has (commission.accounts; docs/operations.md, "Second factor").
REQUIRE_SECOND_FACTOR_FOR = env_list("REQUIRE_SECOND_FACTOR_FOR", [])
# The name authenticator apps show beside the account's code.
OTP_TOTP_ISSUER = env_str("SECOND_FACTOR_ISSUER", "Commission")

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# The interface speaks Russian and English (docs/languages.md). LANGUAGE_CODE is the language of
# a visitor whose browser asks for neither, and of the command line unless COMMISSION_LANGUAGE
# or `commission --language ru …` says otherwise (commission/cli.py).
LANGUAGE_CODE = env_str("LANGUAGE_CODE", "en-gb")
# Each named in its own language, as the switch on every page shows it.
LANGUAGES = [("en-gb", "English"), ("ru", "Русский")]
LOCALE_PATHS = [BASE_DIR / "commission" / "locale"]
# Dates as the language writes them: "20 December 1921", «20 декабря 1921 г.» (the genitive).
FORMAT_MODULE_PATH = ["commission.core.formats"]
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

# Served over HTTPS (COMMISSION_HTTPS=true): cookies travel only over HTTPS, plain HTTP is
# redirected, and browsers are told to keep to HTTPS for HSTS_SECONDS. Behind a proxy that ends
# TLS, PROXY_SSL_HEADER names the header it sets (e.g. X-Forwarded-Proto), and the proxy must
# strip that header from what clients send. docs/operations.md, "HTTPS behind a proxy".
HTTPS = env_bool("COMMISSION_HTTPS", False)
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = HTTPS and env_bool("SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = env_int("HSTS_SECONDS", 31_536_000) if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS and env_bool("HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = HTTPS and env_bool("HSTS_PRELOAD", False)
if env_str("PROXY_SSL_HEADER", ""):
    SECURE_PROXY_SSL_HEADER = (
        "HTTP_" + env_str("PROXY_SSL_HEADER", "").upper().replace("-", "_"),
        "https",
    )

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Tokens are stored as SHA-512 digests, expire, and are revoked one by one (knox).
        # Both refuse, in a sentence, an account that still owes its second factor
        # (commission.api.authentication).
        "commission.api.authentication.TokenAuthentication",
        "commission.api.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    # Every list pages the same way and refuses a page that is not a whole number from 1.
    "DEFAULT_PAGINATION_CLASS": "commission.api.pagination.RegistryPagination",
    # Bodies are JSON; the endpoints that take a file (a letter) or a sign-in form say so.
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "PAGE_SIZE": env_int("API_PAGE_SIZE", 50),
    "DEFAULT_SCHEMA_CLASS": "commission.api.openapi.CommissionAutoSchema",
    "EXCEPTION_HANDLER": "commission.api.errors.api_exception_handler",
}
# An API token works for API_TOKEN_DAYS from when it is issued; a client rotates it before then.
REST_KNOX = {
    "TOKEN_TTL": timedelta(days=env_int("API_TOKEN_DAYS", 30)),
    "AUTH_HEADER_PREFIX": "Token",
    "AUTO_REFRESH": False,
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
# What reading one letter file may cost (commission.intake.isolation): seconds of wall and
# processor time, megabytes of memory, and how many files are read at once, each in a worker.
LETTER_READ_SECONDS = env_int("LETTER_READ_SECONDS", 5)
LETTER_READ_MEMORY_MB = env_int("LETTER_READ_MEMORY_MB", 512)
LETTER_READ_WORKERS = env_int("LETTER_READ_WORKERS", 2)

# The audit chain's keys (commission/audit/keys.py), kept where the database is not: a
# database administrator who can rewrite events cannot recompute their keyed fingerprints.
# COMMISSION_AUDIT_KEY gives the key itself; otherwise the key file holds it, with the older keys
# kept to check the events they keyed. Only the default file, beside the data directory (not in
# it), is created when missing; production names its own (docs/audit.md).
AUDIT_KEY = env_str("COMMISSION_AUDIT_KEY", "")
AUDIT_KEY_FILE = Path(
    env_str("COMMISSION_AUDIT_KEY_FILE", str(BASE_DIR / "keys" / "audit-keys.json"))
)
AUDIT_KEY_FILE_CREATE = not env_str("COMMISSION_AUDIT_KEY_FILE", "")

# Where notifications go (commission.core.notify registers the channels); an installation
# that names its mail server (EMAIL_HOST) mails them too, unless it says otherwise.
NOTIFICATION_CHANNELS = env_list(
    "NOTIFICATION_CHANNELS", ["in_app", "email"] if env_str("EMAIL_HOST", "") else ["in_app"]
)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
}

# SQLite cannot defer a unique constraint, so it keeps no constraint on a docket's positions
# (cases.DocketEntry): there the service numbers a docket under the sitting's lock, and
# PostgreSQL also checks the numbering at commit. Said once here rather than at every command.
SILENCED_SYSTEM_CHECKS = ["models.W038"]
# Witness discovery: "memory" (the ties held in arrays in each process, saved beside the
# database and kept in step through the ties' change log: inquiries.tiegraph) or "database"
# (each question reads the ties from the database's covering indexes).
WITNESS_GRAPH = env_str("COMMISSION_WITNESS_GRAPH", "memory")
# Where the saved arrays go; empty means witness-graph/ under VAR_DIR.
WITNESS_GRAPH_DIR = env_str("COMMISSION_WITNESS_GRAPH_DIR", "")
# Full-text search of letters: "embedded" (a tantivy index in a folder, ranked, fed from the
# change log) or "database" (the database's own full-text engine, FTS5 or tsvector).
SEARCH_BACKEND = env_str("COMMISSION_SEARCH_BACKEND", "embedded")
# The embedded index's folder; empty means search-index/ under VAR_DIR. Each machine keeps its
# own; the processes of one machine share one.
SEARCH_INDEX_DIR = env_str("COMMISSION_SEARCH_INDEX_DIR", "")
# How often, at most, a search looks at the change log for letters another process committed.
SEARCH_FOLLOW_SECONDS = env_int("COMMISSION_SEARCH_FOLLOW_MS", 250) / 1000
# During a load of many letters, how often the index is committed: what the load (or anyone
# else) stored is findable within this time.
SEARCH_LOAD_COMMIT_SECONDS = env_int("COMMISSION_SEARCH_LOAD_COMMIT_SECONDS", 10)
# How long applied changes stay in the log for machines that were away.
SEARCH_CHANGES_KEPT_DAYS = env_int("COMMISSION_SEARCH_CHANGES_KEPT_DAYS", 7)

# Background work (commission.jobs, docs/architecture.md "Background work"). The queue's storage:
# empty means a SQLite file under VAR_DIR when the database is SQLite, and the same PostgreSQL
# database when it is PostgreSQL; "redis://host:6379/0" (with the redis package installed) or
# "postgres://…" name another. Every process that sends or runs jobs must name the same one.
JOB_QUEUE_URL = env_str("COMMISSION_JOB_QUEUE_URL", "")
# Worker threads `commission serve` runs beside the web server; 0 leaves all background work to
# `commission worker` processes (on this machine or others).
JOB_WORKERS_IN_SERVE = env_int("COMMISSION_SERVE_JOB_WORKERS", 2)
# How long a running job's claim lasts without a heartbeat from its worker (which renews it a
# few times per period): a job whose worker was killed is run again once its claim has lapsed.
JOB_LEASE_SECONDS = env_int("COMMISSION_JOB_LEASE_SECONDS", 60)
# A job sent but not started after this long is sent again (its message may have been lost
# with a process that stopped between the commit and the sending); running it twice is safe.
JOB_RESEND_AFTER_SECONDS = env_int("COMMISSION_JOB_RESEND_AFTER_SECONDS", 600)
# How long the record of a job that finished well is kept (failed ones stay until retried).
JOB_DONE_KEPT_DAYS = env_int("COMMISSION_JOB_DONE_KEPT_DAYS", 14)
# Run each job in the process that sends it, when the transaction commits (tests and
# one-off scripts); never set for a served installation.
JOB_RUN_IMMEDIATELY = env_bool("COMMISSION_JOBS_IMMEDIATE", False)
# When the daily inquiry reminders run (HH:MM, in TIME_ZONE), scheduled by the job queue.
REMINDERS_AT = env_str("COMMISSION_REMINDERS_AT", "07:00")

# Mail out (docs/mail.md): inquiries, reminders and the "email" notification channel go through
# Django's e-mail framework; SMTP by default, configured from the environment.
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 30)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "commission@localhost")
# Replies to an inquiry go to this address plus the inquiry's token: inquiries+TOKEN@domain.
MAIL_REPLY_ADDRESS = env_str("MAIL_REPLY_ADDRESS", DEFAULT_FROM_EMAIL)
# Whether a sent inquiry (and its reminders) is mailed to a recipient with an e-mail address.
MAIL_INQUIRIES = env_bool("MAIL_INQUIRIES", True)
# The language mail is written in for people whose registry entry names none ("en" or "ru").
MAIL_LANGUAGE = env_str("MAIL_LANGUAGE", "en")
# Where links in mail point: the address people open the commission's pages at.
SITE_URL = env_str("COMMISSION_SITE_URL", "http://127.0.0.1:8000")

# Mail in: the Maildir `commission mail receive` delivers to and `commission mail fetch` reads
# (empty: mail/inbox under VAR_DIR), and the largest message taken in.
MAIL_INBOX = env_str("MAIL_INBOX", "")
MAIL_MAX_BYTES = env_int("MAIL_MAX_MB", 25) * 1024 * 1024
# How often the job queue's scheduler takes in new mail (commission.intake.mail_jobs).
MAIL_FETCH_MINUTES = env_int("MAIL_FETCH_MINUTES", 1)
# The receiver's address (LMTP or SMTP, loopback by default: the mail server hands on to it).
MAIL_RECEIVE_HOST = env_str("MAIL_RECEIVE_HOST", "127.0.0.1")
MAIL_RECEIVE_PORT = env_int("MAIL_RECEIVE_PORT", 8025)
MAIL_RECEIVE_PROTOCOL = env_str("MAIL_RECEIVE_PROTOCOL", "lmtp")
# Mail in from an IMAP mailbox instead of (or beside) the receiver's Maildir: unseen messages
# of MAIL_IMAP_FOLDER are taken in and marked seen. Empty MAIL_IMAP_HOST: no IMAP.
MAIL_IMAP_HOST = env_str("MAIL_IMAP_HOST", "")
MAIL_IMAP_PORT = env_int("MAIL_IMAP_PORT", 993)
MAIL_IMAP_SSL = env_bool("MAIL_IMAP_SSL", True)
MAIL_IMAP_USER = env_str("MAIL_IMAP_USER", "")
MAIL_IMAP_PASSWORD = env_str("MAIL_IMAP_PASSWORD", "")
MAIL_IMAP_FOLDER = env_str("MAIL_IMAP_FOLDER", "INBOX")
