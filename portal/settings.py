"""Næringsportal settings.

Every value comes from the environment through the typed readers in ``portal.env``, with an
embedded default that runs the portal on one machine (SQLite, a filesystem broker, e-mail to a
file outbox). Production is chosen by the environment (``DEBUG=0``, ``DATABASE_URL``,
``REDIS_URL``, ...), never by a separate settings file.
"""

from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

from portal.env import (
    EnvError,
    env_bool,
    env_choice,
    env_color,
    env_email,
    env_int,
    env_list,
    env_municipalities,
    env_static_file,
    env_str,
    env_url,
    read_municipalities,
    read_renumbering,
)

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("PORTAL_VAR_DIR", str(BASE_DIR / "var")))

DEBUG = env_bool("DEBUG", True)

_DEV_SECRET_KEY = "dev-only-not-secret-næringsportal-0123456789-abcdefghijklmnopqrstuvwxyz"
SECRET_KEY = env_str("SECRET_KEY", _DEV_SECRET_KEY if DEBUG else "")
if not SECRET_KEY:
    raise EnvError("SECRET_KEY must be set when DEBUG is off.")
if not DEBUG and (SECRET_KEY == _DEV_SECRET_KEY or len(SECRET_KEY) < 50):
    raise EnvError("SECRET_KEY must be a random value of at least 50 characters when DEBUG is off.")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"] if DEBUG else [])
if not ALLOWED_HOSTS:
    raise EnvError("ALLOWED_HOSTS must list the portal's host names when DEBUG is off.")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
for _origin in CSRF_TRUSTED_ORIGINS:
    if not _origin.startswith(("http://", "https://")):
        raise EnvError(f"CSRF_TRUSTED_ORIGINS: {_origin!r} must start with https:// (or http://).")

# --- The municipalities the portal serves ------------------------------------------------------

REFERENCE_DIR = BASE_DIR / "businesses" / "data"
MUNICIPALITY_NAMES = read_municipalities(REFERENCE_DIR / "kommuner_2024.csv")
PORTAL_MUNICIPALITIES = env_municipalities(
    "PORTAL_MUNICIPALITIES",
    ["3201", "3203"],
    known=MUNICIPALITY_NAMES,
    renumbered=read_renumbering(REFERENCE_DIR / "kommune_renumbering_akershus_2019_2024.csv"),
)
PORTAL_CONTACT_EMAIL = env_email("PORTAL_CONTACT_EMAIL", "naering@kommune.example")
PORTAL_CONTACT_PHONE = env_str("PORTAL_CONTACT_PHONE", "+47 67 50 40 50")
PORTAL_CONTACT_ADDRESS = env_str("PORTAL_CONTACT_ADDRESS", "Rådhuset, Arnold Dybjords plass 1, 1338 Sandvika")

# --- Enquiries and the CRM ------------------------------------------------------------------

# At most this many enquiries an hour per sender address and per client IP; the size of one attachment.
ENQUIRY_RATE_LIMIT = env_int("ENQUIRY_RATE_LIMIT", 5, minimum=1)
ENQUIRY_MAX_ATTACHMENT_SIZE = env_int("ENQUIRY_MAX_ATTACHMENT_SIZE", 10 * 1024 * 1024, minimum=1024)
# A new contact in the CRM is kept this many days unless the officer sets another date.
CONTACT_RETENTION_DAYS = env_int("CONTACT_RETENTION_DAYS", 730, minimum=1)

# --- Consultations (strategies: the consultations part) ---------------------------------------

# The size of one attachment to a consultation response; at most this many responses an hour per address and IP.
CONSULTATION_MAX_ATTACHMENT_SIZE = env_int("CONSULTATION_MAX_ATTACHMENT_SIZE", 10 * 1024 * 1024, minimum=1024)
CONSULTATION_RATE_LIMIT = env_int("CONSULTATION_RATE_LIMIT", 5, minimum=1)

# --- Procurement ----------------------------------------------------------------------------

# Doffin's public API (api.doffin.no, key from its developer portal); without a key the nightly mirror
# does nothing and says so. The served municipalities' own buyers (organisation numbers), whose notices
# are mirrored; default Bærum kommune and Asker kommune.
DOFFIN_API_URL = env_url("DOFFIN_API_URL", "https://api.doffin.no/public/v2", schemes=("https", "http"))
DOFFIN_API_KEY = env_str("DOFFIN_API_KEY", "")
PROCUREMENT_BUYER_ORGNRS = env_list("PROCUREMENT_BUYER_ORGNRS", ["935478715", "944382038"])
# Notices located here (NUTS codes, e.g. NO081 Oslo, NO082 Akershus) are mirrored too, whoever buys.
DOFFIN_LOCATION_CODES = env_list("DOFFIN_LOCATION_CODES", [])
# The size of one market dialogue document.
PROCUREMENT_MAX_DOCUMENT_SIZE = env_int("PROCUREMENT_MAX_DOCUMENT_SIZE", 20 * 1024 * 1024, minimum=1024)

# --- Identity: the portal's name, the municipality's name, logo and colour -----------------------

PORTAL_NAME = env_str("PORTAL_NAME", "Næringsportal")
# The municipality's name as shown; empty means the names of PORTAL_MUNICIPALITIES ("Bærum og Asker").
PORTAL_MUNICIPALITY_NAME = env_str("PORTAL_MUNICIPALITY_NAME", "")
PORTAL_LOGO = env_static_file("PORTAL_LOGO", "img/logo.svg", static_dir=BASE_DIR / "static", suffixes=(".svg",))
# The theme in static/vendor/designsystemet/theme.css is generated from this colour by
# scripts/vendor-designsystemet; run it again (with the same PORTAL_BRAND_COLOR) after changing it.
PORTAL_BRAND_COLOR = env_color("PORTAL_BRAND_COLOR", "#0e6a73")

BRREG_API_URL = env_url("BRREG_API_URL", "https://data.brreg.no/enhetsregisteret/api", schemes=("http", "https"))
PORTAL_BASE_URL = env_url("PORTAL_BASE_URL", "http://localhost:8000", schemes=("http", "https"))

# --- Applications ---------------------------------------------------------------------------

INSTALLED_APPS = [
    "portal",
    "businesses",
    "meetings",
    "strategies",
    "procurement",
    "opendata",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "django.forms",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "django_filters",
    "django_htmx",
    "rest_framework",
    "drf_spectacular",
    "rules.apps.AutodiscoverRulesConfig",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "portal.middleware.PermissionsPolicyMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "portal.middleware.RequireStaffTwoFactorMiddleware",
]

ROOT_URLCONF = "portal.urls"
# Form widgets render through the project's template settings, so templates/widgets/ can override them.
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"
WSGI_APPLICATION = "portal.wsgi.application"
AUTH_USER_MODEL = "portal.User"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "portal.context_processors.portal",
            ],
        },
    },
]

# --- Database, cache, sessions --------------------------------------------------------------

DATABASE_URL = env_url("DATABASE_URL", f"sqlite:///{VAR_DIR / 'db.sqlite3'}", schemes=("sqlite", "postgres", "postgresql"))
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=env_int("DB_CONN_MAX_AGE", 0, minimum=0))}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # Concurrent web, worker and beat processes share the file: wait for locks instead of failing.
    DATABASES["default"]["OPTIONS"] = {"timeout": 20, "transaction_mode": "IMMEDIATE", "init_command": "PRAGMA journal_mode=WAL;"}
else:
    # PostgreSQL's JIT compilation off: the portal sends short queries, and one whose estimated cost passes
    # jit_above_cost (a dashboard aggregate over the registry did) spends seconds compiling for no gain.
    options = DATABASES["default"].setdefault("OPTIONS", {})
    options["options"] = " ".join(filter(None, [options.get("options", ""), "-c jit=off"]))
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env_url("REDIS_URL", "", schemes=("redis", "rediss"))
if REDIS_URL:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL, "KEY_PREFIX": "portal"}
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    # A file cache is shared by the web, worker and beat processes on one machine, so rate limits
    # and the worker heartbeat work without a server.
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache", "LOCATION": str(VAR_DIR / "cache")}}
    SESSION_ENGINE = "django.contrib.sessions.backends.db"

# --- Accounts -------------------------------------------------------------------------------

AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    "portal.backends.ModelPermissionBackend",
    "portal.backends.AccountBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "portal:dashboard"
LOGOUT_REDIRECT_URL = "portal:home"

ACCOUNT_ADAPTER = "portal.adapters.AccountAdapter"
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = f"[{PORTAL_NAME}] "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if not DEBUG else "http"
# allauth keeps its counters in the default cache (Redis in production, a file cache locally).
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "20/m/ip",
    "confirm_email": "1/3m/key",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
    "change_password": "5/m/user",
}
# Behind N reverse proxies that append to X-Forwarded-For, the client is the N-th address from the right;
# 0 (direct) takes REMOTE_ADDR. Log-in limits and the public forms' per-address limits (portal/ratelimit.py) use it.
ALLAUTH_TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0, minimum=0)
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
# One 30-second step either side (RFC 6238, 5.2): a code typed as the period turns is still taken.
MFA_TOTP_TOLERANCE = 1
MFA_TOTP_ISSUER = PORTAL_NAME

# --- Internationalisation -------------------------------------------------------------------

LANGUAGE_CODE = "nb"
LANGUAGES = [("nb", _("Norwegian Bokmål")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# English dates as a Norwegian portal writes them (19 Dec 2026, 19.12.2026, 14:30); bokmål keeps Django's.
FORMAT_MODULE_PATH = ["portal.formats"]
TIME_ZONE = "Europe/Oslo"
USE_I18N = True
USE_TZ = True
LANGUAGE_COOKIE_SECURE = not DEBUG
LANGUAGE_COOKIE_SAMESITE = "Lax"

# --- Static and uploaded files --------------------------------------------------------------

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
STORAGES = {
    # Attachments and generated PDFs go through the storage API; point "default" at an
    # S3-compatible backend (django-storages) to share files between machines.
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("DATA_UPLOAD_MAX_MEMORY_SIZE", 2_621_440, minimum=1024)
FILE_UPLOAD_MAX_MEMORY_SIZE = DATA_UPLOAD_MAX_MEMORY_SIZE

# --- E-mail ---------------------------------------------------------------------------------

# Locally mail goes to a file outbox; with DEBUG off or EMAIL_HOST set, to an SMTP server.
EMAIL_MODE = env_choice("EMAIL_MODE", "smtp" if env_str("EMAIL_HOST") or not DEBUG else "file", ("file", "console", "smtp"))
EMAIL_OUTBOX = str(Path(env_str("EMAIL_OUTBOX", str(VAR_DIR / "outbox"))))
if EMAIL_MODE == "file":
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.filebased.EmailBackend", "OPTIONS": {"file_path": EMAIL_OUTBOX}}}
elif EMAIL_MODE == "console":
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
else:
    _use_tls = env_bool("EMAIL_USE_TLS", False)
    _use_ssl = env_bool("EMAIL_USE_SSL", False)
    if _use_tls and _use_ssl:
        raise EnvError("EMAIL_USE_TLS and EMAIL_USE_SSL cannot both be on.")
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": env_str("EMAIL_HOST", "localhost"),
                "port": env_int("EMAIL_PORT", 25, minimum=1, maximum=65535),
                "username": env_str("EMAIL_HOST_USER"),
                "password": env_str("EMAIL_HOST_PASSWORD"),
                "use_tls": _use_tls,
                "use_ssl": _use_ssl,
                "timeout": env_int("EMAIL_TIMEOUT", 20, minimum=1),
            },
        }
    }
DEFAULT_FROM_EMAIL = env_email("DEFAULT_FROM_EMAIL", f"{PORTAL_NAME} <noreply@kommune.example>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Celery ---------------------------------------------------------------------------------

CELERY_BROKER_URL = REDIS_URL or "filesystem://"
if not REDIS_URL:
    _queue_dir = str(VAR_DIR / "broker")
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": _queue_dir,
        "data_folder_out": _queue_dir,
        "processed_folder": str(VAR_DIR / "broker-processed"),
        "store_processed": False,
        # kombu's default is "control" in the working directory, i.e. the repository.
        "control_folder": str(VAR_DIR / "broker-control"),
    }
else:
    CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SOFT_TIME_LIMIT = env_int("CELERY_TASK_SOFT_TIME_LIMIT", 240, minimum=1)
CELERY_TASK_TIME_LIMIT = env_int("CELERY_TASK_TIME_LIMIT", 300, minimum=1)
CELERY_TIMEZONE = TIME_ZONE
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
# Beat queues the heartbeat every HEALTH_HEARTBEAT_INTERVAL seconds; /health/ fails (503) when the
# last one a worker ran is older than HEALTH_HEARTBEAT_MAX_AGE (default: three intervals).
HEALTH_HEARTBEAT_INTERVAL = env_int("HEALTH_HEARTBEAT_INTERVAL", 60, minimum=1)
HEALTH_HEARTBEAT_MAX_AGE = env_int("HEALTH_HEARTBEAT_MAX_AGE", 3 * HEALTH_HEARTBEAT_INTERVAL, minimum=1)
if HEALTH_HEARTBEAT_MAX_AGE <= HEALTH_HEARTBEAT_INTERVAL:
    raise EnvError(f"HEALTH_HEARTBEAT_MAX_AGE={HEALTH_HEARTBEAT_MAX_AGE} must be longer than the heartbeat interval.")
CELERY_BEAT_SCHEDULE = {
    "worker-heartbeat": {"task": "portal.record_worker_heartbeat", "schedule": float(HEALTH_HEARTBEAT_INTERVAL)},
    "sync-brreg-nightly": {"task": "businesses.sync_brreg", "schedule": crontab(hour=3, minute=15)},
    "meeting-reminders": {"task": "meetings.dispatch_reminders", "schedule": 60.0},
    # Each officer's due items by e-mail before the working day; sent at most once per officer per day.
    "daily-digest": {"task": "portal.send_daily_digests", "schedule": crontab(hour=7, minute=0)},
    # Contacts past their retention date are deleted; the activity log keeps that it happened.
    "purge-expired-contacts": {"task": "businesses.purge_expired_contacts", "schedule": crontab(hour=2, minute=30)},
    # Reporters are reminded before a status round's deadline, once per person per reminder.
    "status-round-reminders": {"task": "strategies.dispatch_status_reminders", "schedule": crontab(minute=10)},
    # Indicators fed from the portal's own data (registered businesses, bankruptcies, enquiries answered...).
    "update-indicators": {"task": "strategies.update_indicators", "schedule": crontab(hour=4, minute=0)},
    # Procurement: the served buyers' notices from Doffin each night, then what the alerts and dialogues owe.
    "sync-doffin-nightly": {"task": "procurement.sync_doffin", "schedule": crontab(hour=3, minute=45)},
    "procurement-alerts": {"task": "procurement.send_instant_alerts", "schedule": 300.0},
    "procurement-alert-digests": {"task": "procurement.send_alert_digests", "schedule": crontab(hour=6, minute=30)},
    "dialogue-messages": {"task": "procurement.dispatch_dialogue_messages", "schedule": 300.0},
}

# --- Security -------------------------------------------------------------------------------

SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
}
# Django has no setting for Permissions-Policy; portal.middleware sends this one. The portal uses
# none of these browser features, so no page (or script injected into one) may ask for them.
PERMISSIONS_POLICY_DENY = [
    "accelerometer",
    "autoplay",
    "browsing-topics",
    "camera",
    "display-capture",
    "encrypted-media",
    "geolocation",
    "gyroscope",
    "hid",
    "idle-detection",
    "magnetometer",
    "microphone",
    "midi",
    "payment",
    "picture-in-picture",
    "screen-wake-lock",
    "serial",
    "usb",
    "xr-spatial-tracking",
]
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SESSION_COOKIE_HTTPONLY = True
CSRF_FAILURE_VIEW = "portal.views.csrf_failure"
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31_536_000, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
if env_bool("SECURE_PROXY_SSL_HEADER", False):
    # Behind a proxy that terminates TLS and sets X-Forwarded-Proto.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# --- Open data API (/api/, the opendata app) -------------------------------------------------

# Requests an hour per client (by IP address; TRUSTED_PROXY_COUNT says which one) before a 429, counted in
# the default cache (Redis in production); logged-in users are counted per user.
API_RATE_LIMIT = env_int("API_RATE_LIMIT", 600, minimum=1)
API_RATE_LIMIT_USER = env_int("API_RATE_LIMIT_USER", 1200, minimum=1)
REST_FRAMEWORK = {
    # Read-only and public: JSON (and CSV on lists); no browsable API, no Basic auth beside allauth's log-in.
    "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework.authentication.SessionAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "opendata.pagination.Pagination",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_THROTTLE_CLASSES": ["opendata.throttling.AnonThrottle", "opendata.throttling.UserThrottle"],
    "DEFAULT_THROTTLE_RATES": {"anon": f"{API_RATE_LIMIT}/hour", "user": f"{API_RATE_LIMIT_USER}/hour"},
    "NUM_PROXIES": ALLAUTH_TRUSTED_PROXY_COUNT,
    "EXCEPTION_HANDLER": "opendata.errors.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": f"{PORTAL_NAME} open data API",
    "VERSION": "1.0.0",
    "OAS_VERSION": "3.0.3",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "PREPROCESSING_HOOKS": ["opendata.schema.without_format_suffixes"],
    "POSTPROCESSING_HOOKS": ["drf_spectacular.hooks.postprocess_schema_enums", "opendata.schema.describe_format"],
    # Public and read-only: no authentication scheme to describe.
    "AUTHENTICATION_WHITELIST": [],
    "LICENSE": {"name": "NLOD 2.0 (register data) and CC BY 4.0 (Doffin notices)", "url": "https://data.norge.no/nlod/no/2.0"},
    # Several models have a "state": each its own enum in the description.
    "ENUM_NAME_OVERRIDES": {
        "MeetingStateEnum": "meetings.models.Meeting.State",
        "ActionPointStatusEnum": "meetings.models.ActionPoint.Status",
        "PlanStateEnum": "opendata.serializers.PUBLIC_PLAN_STATES",
        "MeasureStateEnum": "strategies.models.Measure.State",
        "NoticeStatusEnum": "procurement.models.Notice.Status",
        "PlannedProcurementStateEnum": "procurement.models.PlannedProcurement.State",
    },
}

# --- Logging --------------------------------------------------------------------------------

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_choice("LOG_LEVEL", "INFO", ("DEBUG", "INFO", "WARNING", "ERROR"))},
    # WeasyPrint reports every layout step at INFO; only its warnings matter.
    "loggers": {"weasyprint.progress": {"level": "WARNING"}},
}
