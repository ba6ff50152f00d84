"""Coprod settings: one module, read from the environment.

The embedded defaults need no services: SQLite in the project folder, Celery tasks run
in-process, email printed to the console. Everything else is safe by default: DEBUG is
off unless DEBUG=1, so a SECRET_KEY is required, cookies are secure and http redirects
to https. `make demo` and `make test` set what they need; a deployment differs only by
environment variables (see README, "Configuration").
"""

import os
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
import dj_email_url
from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, *, default: bool) -> bool:
    """Read a yes/no environment variable ("1", "true", "yes", "on" mean yes)."""
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, *, default: str = "") -> list[str]:
    """Read a comma-separated environment variable as a list of non-empty items."""
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


# --- Core -------------------------------------------------------------------------

SQLITE_URL = f"sqlite:///{BASE_DIR / 'db.sqlite3'}"
DATABASE_URL = os.environ.get("DATABASE_URL", "")
DATABASES = {"default": dj_database_url.parse(DATABASE_URL or SQLITE_URL, conn_max_age=60)}

# Debugging pages show settings and code: only an explicit DEBUG=1 turns them on.
DEBUG = env_bool("DEBUG", default=False)

DEVELOPMENT_SECRET_KEY = "development-only-key-never-used-in-production"  # noqa: S105
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set it to a long random value when DEBUG is off."
        )
    SECRET_KEY = DEVELOPMENT_SECRET_KEY

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", default="localhost,127.0.0.1,[::1]" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "coprod",
    "network",
    "projects",
    "reporting",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    "crispy_forms",
    "crispy_forms_gds",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "django_filters",
    "import_export",
    "simple_history",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "coprod.middleware.NoStoreMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "coprod.middleware.SessionLimitsMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "coprod.middleware.CapabilityMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "coprod.middleware.RequireTwoFactorMiddleware",
]

ROOT_URLCONF = "coprod.urls"
WSGI_APPLICATION = "coprod.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "coprod.context_processors.navigation",
            ],
        },
    },
]
FORM_RENDERER = "coprod.forms.CoprodFormRenderer"
# Forms render as the GOV.UK Design System's components, through crispy-forms-gds.
CRISPY_ALLOWED_TEMPLATE_PACKS = ["gds"]
CRISPY_TEMPLATE_PACK = "gds"
# Dates shown to people: 3 April 2026.
DATE_FORMAT = "j F Y"

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "coprod.User"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True
# Dates read "3 April 2026" everywhere: the `date` filter and date_format() use these.
FORMAT_MODULE_PATH = ["coprod.formats"]

# --- Static files -----------------------------------------------------------------

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))

# --- Cache, Celery ----------------------------------------------------------------

REDIS_URL = os.environ.get("REDIS_URL", "")
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
        if REDIS_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}

CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = REDIS_URL or None
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL  # no broker: tasks run in-process
CELERY_TASK_EAGER_PROPAGATES = True
# Tasks send mail or write files: acknowledge only once done, so a lost worker's
# message is delivered again (each task is safe to run twice).
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE: dict[str, dict] = {
    # Role terms and representations can start or end on a future date: apply them
    # just after each midnight, so access starts and ends on the dates recorded.
    "sync-role-groups": {
        "task": "network.tasks.sync_role_groups",
        "schedule": crontab(hour=0, minute=1),
    },
    # Invitees attending or yet to reply hear about a meeting 3 days before; each person once
    # per meeting (the invitation row is claimed), so a restarted beat never repeats one.
    "send-meeting-reminders": {
        "task": "network.tasks.send_meeting_reminders",
        "schedule": crontab(hour=8, minute=0),
    },
    # A worker killed mid-send can lose its task: every 5 minutes, deliveries left queued or
    # claimed past the timeout are queued again (those claimed are flagged: may repeat).
    "reconcile-bulletin-deliveries": {
        "task": "network.tasks.reconcile_deliveries",
        "schedule": crontab(minute="*/5"),
    },
}

# --- Email ------------------------------------------------------------------------

# EMAIL_URL examples: smtp://user:password@mail.example.org:587/?tls=True,
# file:///var/lib/coprod/sent-mail (one file per message), console:// (the default).
EMAIL_URL = os.environ.get("EMAIL_URL", "console://")
vars().update(dj_email_url.parse(EMAIL_URL))
if EMAIL_URL.startswith("file://"):
    # dj-email-url drops the leading slash of file:///absolute/path; keep the path as given.
    EMAIL_FILE_PATH = urlsplit(EMAIL_URL).path
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Coprod <coprod@example.org>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Sign-in (django-allauth) -----------------------------------------------------

AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "reporting:home"
ACCOUNT_ADAPTER = "coprod.adapters.InviteOnlyAccountAdapter"
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_LOGIN_ON_PASSWORD_RESET = True
ACCOUNT_PASSWORD_RESET_BY_CODE_ENABLED = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = "Coprod: "
# A reset link lasts an hour; an invitation link (its own token, coprod/tokens.py) a week.
PASSWORD_RESET_TIMEOUT = 60 * 60
COPROD_INVITATION_TIMEOUT = 60 * 60 * 24 * 7
# A reset asked for an address we do not know sends nothing (and says the same as for one
# we know), so the form cannot be used to mail strangers or to learn who has an account.
ACCOUNT_EMAIL_UNKNOWN_ACCOUNTS = False
# Changing email addresses or two-factor settings asks for the password again.
ACCOUNT_REAUTHENTICATION_REQUIRED = True
ACCOUNT_RATE_LIMITS_ENABLED = env_bool("ACCOUNT_RATE_LIMITS", default=True)
# Failed sign-ins lock out one account from one address (the adapter keys them on both),
# never a whole office behind one shared address; sign-ins from an address are still
# slowed down ("login": 30 a minute, allauth's default).
ACCOUNT_RATE_LIMITS = {"login_failed": "5/5m/key"} if ACCOUNT_RATE_LIMITS_ENABLED else False
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Coprod"
# Two-factor secrets are encrypted at rest with this key (a Fernet key: 32 url-safe
# base64 bytes). Without it, a key is derived from SECRET_KEY; set it before rotating
# SECRET_KEY, or every authenticator app must be set up again.
MFA_ADAPTER = "coprod.adapters.EncryptingMFAAdapter"
MFA_ENCRYPTION_KEY = os.environ.get("MFA_ENCRYPTION_KEY", "")
# Staff and administrators must set up two-factor sign-in before any other page.
# `make demo` turns this off so a newcomer can look around at once.
COPROD_REQUIRE_STAFF_MFA = env_bool("COPROD_REQUIRE_STAFF_MFA", default=True)

# --- Security ---------------------------------------------------------------------

SESSION_COOKIE_HTTPONLY = True
# A session ends 12 hours after sign-in whatever happens, and after 30 minutes without a
# request for staff, who see personal data (coprod.middleware.SessionLimitsMiddleware).
SESSION_COOKIE_AGE = COPROD_SESSION_MAX_AGE = 60 * 60 * 12
COPROD_STAFF_IDLE_TIMEOUT = int(os.environ.get("COPROD_STAFF_IDLE_TIMEOUT", 30 * 60))
# No inline script or style, no plugins, no framing; forms post only to us.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "frame-ancestors": [NONE],
    }
}
# Browser features no page uses are switched off for every page.
PERMISSIONS_POLICY: dict[str, list[str]] = {
    feature: []
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "payment",
        "usb",
    )
}
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=True)
    # Only a local docker compose over plain http turns this off (SECURE_COOKIES=0).
    SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = env_bool("SECURE_COOKIES", default=True)
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
# /healthz answers load balancers over plain HTTP inside the platform.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    # Sign-ins, failed sign-ins and ended sessions (coprod.security); refused requests (403,
    # 404, CSRF) come from Django's own django.request and django.security loggers.
    "loggers": {
        "coprod.security": {"level": "INFO"},
        # WeasyPrint narrates every step of every PDF at INFO: keep only its warnings.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

# The admin may show a record's past versions but never put one back: a past version can
# hold what a person asked us to correct or erase.
SIMPLE_HISTORY_REVERT_DISABLED = True

# --- The network ------------------------------------------------------------------

COPROD_ORGANISATION_NAME = os.environ.get(
    "COPROD_ORGANISATION_NAME", "Coprod co-production network"
)
