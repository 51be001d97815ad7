"""Settings shared by every environment. Behaviour is switched by environment variables;
production.py only tightens security defaults."""

import ipaddress
from datetime import timedelta

from celery.schedules import crontab
from django.utils.translation import gettext_lazy as _

from .env import BASE_DIR, env

SECRET_KEY = env("DJANGO_SECRET_KEY", default="")
DEBUG = env.bool("DJANGO_DEBUG", default=False)
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "knox",
    "axes",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "import_export",
    "pgtrigger",
    "pghistory",
    "apps.core",
    "apps.accounts",
    "apps.instansi",
    "apps.notifikasi",
    "apps.pegawai",
    "apps.asesmen",
    "apps.kinerja",
    "apps.petatalenta",
    "apps.suksesi",
    "apps.komite",
    "apps.pengembangan",
    "apps.nasional",
    "apps.privasi",
    "apps.impor",
    "apps.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Content-Security-Policy on every response the app itself makes (static files leave above).
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Cache-Control: private, no-store on every answer to a signed-in user and every API answer.
    "apps.core.middleware_headers.NoStoreMiddleware",
    # The interface language (where LocaleMiddleware was, so error pages of the middleware below
    # speak it too): the signed-in user's choice or the cookie, never Accept-Language.
    "apps.accounts.middleware.BahasaMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "apps.core.middleware.RequestContextMiddleware",
    "apps.core.middleware.TenantScopeMiddleware",
    "apps.core.middleware.HistoryContextMiddleware",
    # Last: turns a sign-in that django-axes locked into the lockout page / JSON 429.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "talenta.urls"
WSGI_APPLICATION = "talenta.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "apps.core.context_processors.actor",
                "apps.notifikasi.context_processors.notifikasi",
            ],
        },
    },
]

# --- Database: PostgreSQL only (no SQLite code path) -------------------------------------------
DATABASES = {"default": env.db("DATABASE_URL", default="postgres:///talenta")}
DATABASES["default"]["ATOMIC_REQUESTS"] = True
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# Our backend (talenta/db/postgresql) sets the tenant of row-level security for each transaction
# from the django-scopes state (docs/security.md, section 1). In autocommit it prefixes the statement
# with `SELECT set_config(…);`, which a server-side cursor (DECLARE … CURSOR) cannot take, so they
# stay off: `.iterator()` fetches in chunks from a client-side cursor instead.
DATABASES["default"]["ENGINE"] = "talenta.db.postgresql"
DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = True
# The role web and worker connect as in production: owns nothing, subject to row-level security.
# `manage.py db_roles` (run as the owner, which migrates) creates it and grants it the tables.
DATABASE_APP_ROLE = env("DATABASE_APP_ROLE", default="talenta_app")
# django-pgtrigger's triggers (pghistory's row history among them) first read the setting
# "pgtrigger.ignore" inside a BEGIN … EXCEPTION block; while it is undefined in the session, every
# row raises and rolls back a subtransaction there (~0.7 ms a row: 70 s for 100,000 inserted rows
# instead of 4 s). Defining it at connection start ("no trigger ignored") removes that cost for
# every write while every trigger still fires; it is the session's default, so the RESET that
# pgtrigger.ignore() does on exit comes back to it.
_db_options = DATABASES["default"].setdefault("OPTIONS", {})
_db_options["options"] = f"{_db_options.get('options', '')} -c pgtrigger.ignore={{}}".strip()
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env("REDIS_URL", default="redis://127.0.0.1:6379/0")

CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": env("CACHE_KEY_PREFIX", default="talenta"),
        "TIMEOUT": 300,
    }
}

# --- Authentication ----------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
# apps.core knows the tenant and how a user's membership is found only through these two names, so
# that it imports no app above it.
TENANT_MODEL = "instansi.Instansi"
TENANT_MEMBERSHIP_SELECTOR = "apps.instansi.selectors.membership_get_for_user"
AUTHENTICATION_BACKENDS = [
    # First: refuses every attempt of a locked address / (account, address) before any password
    # is checked (see "Sign-in throttling" below).
    "axes.backends.AxesStandaloneBackend",
    "apps.accounts.backends.UsernameOrNipBackend",
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "beranda"
LOGOUT_REDIRECT_URL = "accounts:login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Sessions: 8 hours absolute, closed browser ends the session (shared office computers).
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=8 * 60 * 60)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# Content-Security-Policy (django-csp; docs/security.md, section 3): scripts, styles, images, fonts
# and connections from this origin only; no inline script, no inline style, no plugins, no framing.
# Downloads of uploaded documents carry their own, stricter policy (apps/core/http.py).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    },
}

# --- Internationalisation: Bahasa Indonesia first, English available ---------------------------
LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Bahasa Indonesia")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Jakarta"
USE_I18N = True
USE_TZ = True
USE_THOUSAND_SEPARATOR = True
FORMAT_MODULE_PATH = ["talenta.formats"]

# --- Static files: everything served by the app itself (no CDN, closed networks) --------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
MEDIA_ROOT = env("MEDIA_ROOT", default=str(BASE_DIR / "var" / "media"))

# --- Backup and restore (docs/operations.md, "Backup and restore") -----------------------------
# The management command that re-applies the application role's grants (and row-level security)
# on a restored database; `manage.py restore` runs it last (db_roles: docs/operations.md, "Database
# roles"; the policies themselves are in the dump). Empty: nothing is re-applied.
BACKUP_GRANTS_COMMAND = env("BACKUP_GRANTS_COMMAND", default="db_roles")

# --- Django REST framework ---------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Token first: a token request must never be treated as a session (CSRF) request.
        "apps.accounts.authentication.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["apps.core.permissions.HasRolePermission"],
    "DEFAULT_PAGINATION_CLASS": "apps.core.pagination.Pagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "apps.core.schema.AutoSchema",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    # DRF's parsers, the JSON one with a bounded nesting depth (deep nesting is a 400, not a 500).
    "DEFAULT_PARSER_CLASSES": [
        "apps.core.parsers.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Talenta API",
    "DESCRIPTION": "Manajemen Talenta ASN — API v1. Every endpoint is scoped to the caller's instansi.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SCHEMA_PATH_PREFIX": "/api/v1/",
    "COMPONENT_SPLIT_REQUEST": True,
}

# --- Celery ------------------------------------------------------------------------------------
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default=REDIS_URL)
CELERY_RESULT_BACKEND = env("CELERY_RESULT_BACKEND", default=REDIS_URL)
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_RESULT_EXPIRES = 60 * 60 * 24
CELERY_TIMEZONE = TIME_ZONE
# Tasks are idempotent, so a task lost with its worker is safe to run again.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = 15 * 60
CELERY_TASK_SOFT_TIME_LIMIT = 10 * 60
CELERY_TASK_DEFAULT_QUEUE = "default"
CELERY_TASK_QUEUES_NAMES = ("default", "petatalenta", "imports", "reports")
CELERY_TASK_ROUTES = {"apps.impor.tasks.import_job_run_task": {"queue": "imports"}}
# Countdowns and ETAs stay far below this, so the Redis broker never redelivers a waiting task.
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 60 * 60}
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
CELERY_BEAT_SCHEDULE = {
    # Safety net of the recompute pipeline: re-queue flushes for placements left dirty.
    "petatalenta-sweep": {
        "task": "apps.petatalenta.tasks.penempatan_sweep",
        "schedule": 60,
    },
    # Succession: the same safety net for candidate lists, and the nightly refresh (the planning
    # date moves: years to BUP, SKP years, asesmen validity, time on the path).
    "suksesi-sweep": {
        "task": "apps.suksesi.tasks.suksesi_sweep",
        "schedule": 60,
    },
    "suksesi-refresh-harian": {
        "task": "apps.suksesi.tasks.suksesi_refresh",
        "schedule": crontab(hour=0, minute=30),
    },
    # National summaries (docs/nasional.md, "Kesegaran data"): every change marks its instansi and
    # queues one coalesced refresh; the sweep catches marks whose refresh was lost, and the nightly
    # pass refreshes every instansi (the date moves: ages, asesmen validity, the SKP year).
    "nasional-ringkasan-sweep": {
        "task": "apps.nasional.tasks.ringkasan_sweep",
        "schedule": 60,
    },
    "nasional-ringkasan-refresh-harian": {
        "task": "apps.nasional.tasks.ringkasan_refresh_all",
        "schedule": crontab(hour=1, minute=0),
    },
    # Reminders (docs/notifications.md): every source for every active instansi, every quarter
    # hour; the ledger makes each reminder go out once, however often (or rarely) this runs.
    "notifikasi-pengingat": {
        "task": "apps.notifikasi.tasks.pengingat_sweep",
        "schedule": crontab(minute="*/15"),
    },
    # Retention (docs/privacy.md): old audit events and documents no item refers to any more.
    "privasi-retensi-harian": {
        "task": "apps.privasi.tasks.retensi_sweep",
        "schedule": crontab(hour=2, minute=15),
    },
}

# --- Retention of personal data (docs/privacy.md, "Berapa lama") --------------------------------
# Audit events (sign-ins included) are kept this many months, then deleted by the nightly beat.
AUDIT_RETENTION_MONTHS = env.int("AUDIT_RETENTION_MONTHS", default=60)
# A document (file) no portfolio item or IDP activity refers to any more (the item was deleted,
# the document replaced or refused) is deleted this many days after it stopped being referenced.
DOCUMENT_RETENTION_DAYS = env.int("DOCUMENT_RETENTION_DAYS", default=180)
RETENTION_BATCH = env.int("RETENTION_BATCH", default=2000)

# --- National view (docs/nasional.md) ---------------------------------------------------------
# A count below this in a breakdown (by gender, age band, education, group, box) is shown as
# "< N" on BKN's pages, exports and API, so no person can be re-identified from a small cell.
NASIONAL_SEL_KECIL = env.int("NASIONAL_SEL_KECIL", default=5)

# --- E-mail (copies of in-app notifications; docs/notifications.md, docs/operations.md) -------
# Console in development and the demo (the message is printed by the worker); production sets SMTP.
EMAIL_BACKEND = env("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
EMAIL_USE_SSL = env.bool("EMAIL_USE_SSL", default=False)
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=30)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Talenta <talenta@localhost>")
EMAIL_SUBJECT_PREFIX = env("EMAIL_SUBJECT_PREFIX", default="[Talenta] ")
# The address of this application as users reach it: links in e-mails are SITE_URL + path.
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000")

# --- Logging -----------------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

# --- Uploads: bounded request sizes ------------------------------------------------------------
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 2000

# --- rule sets (docs/rulesets.md, "Pratinjau dampak") ----------------------------------------------
# An impact preview older than this no longer lets its version be activated (the data moved on).
ATURAN_PRATINJAU_BERLAKU_JAM = env.int("ATURAN_PRATINJAU_BERLAKU_JAM", default=24)

# --- pengembangan (docs/pengembangan.md) ---------------------------------------------------------
# The assessment queue takes pegawai whose asesmen expires within this many months.
PENGEMBANGAN_ASESMEN_SEGERA_KEDALUWARSA_BULAN = 6
# An IDP whose share of one 70:20:10 kind is this many percentage points off the target is warned.
PENGEMBANGAN_IDP_TOLERANSI_PERSEN = 15

# --- Reminders (docs/notifications.md, "Pengingat") -----------------------------------------------
# Verifiers are reminded of portfolio items waiting longer than this many working days (Mon–Fri).
NOTIFIKASI_VERIFIKASI_HARI_KERJA = env.int("NOTIFIKASI_VERIFIKASI_HARI_KERJA", default=5)
# ASN and Admin BKD are reminded of an asesmen whose validity ends within this many days.
NOTIFIKASI_ASESMEN_HARI = env.int("NOTIFIKASI_ASESMEN_HARI", default=90)
# A rejection is reminded if it happened at most this many days ago (a first run after deployment
# or after a long outage does not dig up old rejections).
NOTIFIKASI_DITOLAK_HARI = env.int("NOTIFIKASI_DITOLAK_HARI", default=30)
# Periodic reminders (digests, backlogs) are sent from this local hour on (Asia/Jakarta).
NOTIFIKASI_JAM_KIRIM = env.int("NOTIFIKASI_JAM_KIRIM", default=7)
# The ledger keeps a sent reminder's key this long (far beyond every source's window).
NOTIFIKASI_LEDGER_SIMPAN_HARI = env.int("NOTIFIKASI_LEDGER_SIMPAN_HARI", default=400)

# The assessment queue's default unit cost per method (rupiah per person), offered on the budget
# form until the BKD enters its own (docs/pengembangan-antrean.md).
PENGEMBANGAN_BIAYA_ASESMEN_BAWAAN = {
    "assessment_center": 3_500_000,
    "cact": 1_500_000,
    "uji_kompetensi": 750_000,
}

# A 360° feedback result counts in the talent engine for this many months after its date.
KINERJA_UMPAN_BALIK_360_BERLAKU_BULAN = 24

# --- Sign-in, API tokens and the client address (docs/security.md section 2) -------------------
# The client address (apps/core/http.py client_address): REMOTE_ADDR unless the app runs behind
# TRUSTED_PROXY_COUNT reverse proxies that each append to X-Forwarded-For; then the N-th entry from
# the right. TRUSTED_PROXIES (comma-separated IPs/CIDRs, optional): believe the header only from
# these peers. docker-compose.yml sets 1 (the host's reverse proxy); docs/operations.md.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
# Parsed here, so a typo stops the start instead of failing a request.
TRUSTED_PROXIES = [
    str(ipaddress.ip_network(entry.strip(), strict=False))
    for entry in env.list("TRUSTED_PROXIES", default=[])
    if entry.strip()
]

# Sign-in throttling: django-axes, records in PostgreSQL (axes_accessattempt). A failure counts
# against the (account, address) pair and against the address; the pair locks after
# AXES_FAILURE_LIMIT failures, the address alone after ACCOUNTS_ADDRESS_FAILURE_FACTOR times as
# many (an office behind one NAT address has many honest users). An account alone never locks,
# so no one can lock every user out; a success clears that account's failures from that address.
AXES_ENABLED = env.bool("AXES_ENABLED", default=True)
AXES_HANDLER = "apps.accounts.throttle.AddressAxesHandler"
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
ACCOUNTS_ADDRESS_FAILURE_FACTOR = env.int("ACCOUNTS_ADDRESS_FAILURE_FACTOR", default=10)
AXES_LOCKOUT_PARAMETERS = ["ip_address", ["username", "ip_address"]]
# Cool-off in minutes; failures older than this no longer count.
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "apps.core.http.client_address"
AXES_USERNAME_CALLABLE = "apps.accounts.throttle.axes_username"
AXES_LOCKOUT_CALLABLE = "apps.accounts.views.lockout_response"
# Sign-ins are in the audit trail (auth.login): no second log of successes in axes_accesslog.
AXES_DISABLE_ACCESS_LOG = True
AXES_VERBOSE = False
# axes keeps the GET/POST data of a failed attempt: no password (sign-in, or the three fields of a
# password change) and no CSRF token is ever stored there or logged.
AXES_SENSITIVE_PARAMETERS = [
    "username",
    "ip_address",
    "password",
    "old_password",
    "new_password1",
    "new_password2",
    "csrfmiddlewaretoken",
]

# API tokens: django-rest-knox (hashed with SHA-512, only a 15-character lookup prefix in clear),
# expiring after ACCOUNTS_TOKEN_TTL_DAYS; one per device name (apps/accounts/services.py).
ACCOUNTS_TOKEN_TTL_DAYS = env.int("ACCOUNTS_TOKEN_TTL_DAYS", default=30)
ACCOUNTS_TOKEN_MAX_PER_USER = env.int("ACCOUNTS_TOKEN_MAX_PER_USER", default=20)
KNOX_TOKEN_MODEL = "knox.AuthToken"  # noqa: S105 - knox's own model; Talenta's extras: accounts.ApiToken
REST_KNOX = {
    "TOKEN_TTL": timedelta(days=ACCOUNTS_TOKEN_TTL_DAYS),
    "AUTH_HEADER_PREFIX": "Token",
    "AUTO_REFRESH": False,
}
# Expired tokens leave the database every night (they authenticate nothing already).
CELERY_BEAT_SCHEDULE["accounts-token-kedaluwarsa"] = {
    "task": "apps.accounts.tasks.api_token_expired_purge_task",
    "schedule": crontab(hour=2, minute=15),
}
