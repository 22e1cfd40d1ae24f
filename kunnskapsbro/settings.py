"""Kunnskapsbro settings: one env-driven module.

Every setting that differs between a laptop, CI and production is read from the environment
through the typed helpers below, which fail loudly on a value they cannot parse. SQLite in
``$KUNNSKAPSBRO_DATA_DIR`` is the default; ``DATABASE_URL`` switches to PostgreSQL.
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name}={raw!r} is not a boolean (use true/false)")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name}={raw!r} is not an integer") from exc


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DATA_DIR = Path(env_str("KUNNSKAPSBRO_DATA_DIR", str(Path.cwd() / "var"))).resolve()
DEBUG = env_bool("KUNNSKAPSBRO_DEBUG", False)
# KUNNSKAPSBRO_ENV=production turns on the HTTPS-only defaults below (HSTS, secure cookies, SSL
# redirect behind the proxy); each can still be overridden by its own variable.
PRODUCTION = env_str("KUNNSKAPSBRO_ENV", "development").strip().lower() == "production"
if PRODUCTION and DEBUG:
    raise ImproperlyConfigured("KUNNSKAPSBRO_DEBUG must be off when KUNNSKAPSBRO_ENV=production")
# A fixed development key is only acceptable while DEBUG or tests run; production must set one.
SECRET_KEY = env_str("KUNNSKAPSBRO_SECRET_KEY") or env_str("SECRET_KEY")
if not SECRET_KEY:
    key_file = DATA_DIR / "secret_key"
    try:
        DATA_DIR.mkdir(parents=True, exist_ok=True)
        if not key_file.exists():
            import secrets

            key_file.write_text(secrets.token_urlsafe(50))
            key_file.chmod(0o600)
        SECRET_KEY = key_file.read_text().strip()
    except OSError:
        SECRET_KEY = "insecure-development-key-set-KUNNSKAPSBRO_SECRET_KEY"

ALLOWED_HOSTS = env_list("KUNNSKAPSBRO_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1],testserver")
CSRF_TRUSTED_ORIGINS = env_list("KUNNSKAPSBRO_CSRF_TRUSTED_ORIGINS")
SITE_URL = env_str("KUNNSKAPSBRO_SITE_URL", "http://127.0.0.1:8000")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "simple_history",
    "django_htmx",
    "ninja",
    "django_tasks",
    "django_tasks_db",
    "axes",
    "kunnskapsbro.core",
    "kunnskapsbro.accounts",
    "kunnskapsbro.organizations",
    "kunnskapsbro.partnerships",
    "kunnskapsbro.projects",
    "kunnskapsbro.search",
    "kunnskapsbro.goals",
    "kunnskapsbro.reports",
    "kunnskapsbro.meetings",
    "kunnskapsbro.portal",
    "kunnskapsbro.interop",
    "kunnskapsbro.bench",
    "kunnskapsbro.education",
    "kunnskapsbro.needs",
]

MIDDLEWARE = [
    # First: write services refuse the SYSTEM actor inside any request (accounts.permissions).
    "kunnskapsbro.accounts.middleware.RequestActorMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "kunnskapsbro.core.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # 400 for a NUL character in the query string (PostgreSQL cannot hold one in text).
    "kunnskapsbro.core.middleware.RejectNulMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes requires: turns a lockout into the Norwegian lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "kunnskapsbro.urls"
WSGI_APPLICATION = "kunnskapsbro.wsgi.application"

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
                "kunnskapsbro.core.context_processors.site",
            ],
        },
    }
]

# Django's widget templates, written in Python for the common widgets (same HTML, much
# less rendering time on pages with many inputs; see core/form_renderer.py).
FORM_RENDERER = "kunnskapsbro.core.form_renderer.FastWidgetRenderer"

# --- Database -------------------------------------------------------------------------
DATABASE_URL = env_str("DATABASE_URL")
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
    if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
        options = DATABASES["default"].setdefault("OPTIONS", {})
        # Index scans on the search GIN index and the filter indexes are cheap on SSD-backed
        # servers; with PostgreSQL's default (4.0, spinning disks) the planner prefers a
        # sequential scan that unpacks every tsvector (measured 134 ms vs 8 ms at 20k rows).
        options.setdefault("options", "-c random_page_cost=1.1")
        DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
else:
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": DATA_DIR / "kunnskapsbro.sqlite3",
            # WAL lets readers run beside the single writer; IMMEDIATE takes the write lock at
            # BEGIN so two writers queue on busy_timeout instead of failing with "locked".
            "OPTIONS": {
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": (
                    "PRAGMA journal_mode=WAL;PRAGMA synchronous=NORMAL;"
                    "PRAGMA foreign_keys=ON;PRAGMA cache_size=-64000;PRAGMA temp_store=MEMORY;"
                    "PRAGMA mmap_size=268435456;"
                ),
            },
            "TEST": {"NAME": None},
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
IS_POSTGRES = DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"

# --- Auth -----------------------------------------------------------------------------
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "projects:list"
LOGOUT_REDIRECT_URL = "core:home"
AUTHENTICATION_BACKENDS = [
    # django-axes first: refuses a locked-out username+IP before the password is checked.
    "kunnskapsbro.accounts.backends.ThrottledBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Lock a username from one IP address after N failures; `kunnskapsbro axes_reset_username NAME`
# (or axes_reset_ip, axes_reset) lifts it early (docs/security.md).
AXES_FAILURE_LIMIT = env_int("KUNNSKAPSBRO_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("KUNNSKAPSBRO_LOGIN_COOLOFF_MINUTES", 30) / 60  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "kunnskapsbro.accounts.views.lockout"  # the Norwegian lockout page
AXES_DISABLE_ACCESS_LOG = True  # no log of successful logins (IP addresses are personal data)
AXES_VERBOSE = False
AXES_IPWARE_PROXY_COUNT = 1 if env_bool("KUNNSKAPSBRO_BEHIND_PROXY", False) else None
AXES_IPWARE_META_PRECEDENCE_ORDER = (
    ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"]
    if env_bool("KUNNSKAPSBRO_BEHIND_PROXY", False)
    else ["REMOTE_ADDR"]
)
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24  # one day

# OpenID Connect providers, side by side (docs/security.md). A JSON list, one object each:
# {"id": "idporten", "name": "ID-porten", "discovery_url": "https://…/.well-known/openid-configuration",
#  "client_id": "…", "client_secret": "…", "scopes": ["openid", "profile"],
#  "acr_values": "idporten-loa-substantial", "required_acr": ["idporten-loa-substantial",
#  "idporten-loa-high"], "trust_email": false}
OIDC_PROVIDERS = []
if env_str("KUNNSKAPSBRO_OIDC_PROVIDERS"):
    import json

    try:
        OIDC_PROVIDERS = json.loads(env_str("KUNNSKAPSBRO_OIDC_PROVIDERS"))
    except ValueError as exc:
        raise ImproperlyConfigured(f"KUNNSKAPSBRO_OIDC_PROVIDERS is not JSON: {exc}") from exc
OIDC_HTTP_TIMEOUT = env_int("KUNNSKAPSBRO_OIDC_HTTP_TIMEOUT", 10)

# Accounts nobody has signed in with for this many days are erased by
# `kunnskapsbro accounts purge-inactive --apply` (personvernerklæringen promises it).
ACCOUNT_RETENTION_DAYS = env_int("KUNNSKAPSBRO_ACCOUNT_RETENTION_DAYS", 730)
PRIVACY_CONTACT_EMAIL = env_str("KUNNSKAPSBRO_PRIVACY_CONTACT", "personvern@kommune.example.no")
ACCESSIBILITY_CONTACT_EMAIL = env_str(
    "KUNNSKAPSBRO_ACCESSIBILITY_CONTACT", "tilgjengelighet@kommune.example.no"
)

# --- E-mail (password reset) -----------------------------------------------------------
# Development prints mail on the console; production sends through SMTP from the environment.
EMAIL_HOST = env_str("KUNNSKAPSBRO_EMAIL_HOST")
EMAIL_BACKEND = env_str(
    "KUNNSKAPSBRO_EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_PORT = env_int("KUNNSKAPSBRO_EMAIL_PORT", 587)
EMAIL_HOST_USER = env_str("KUNNSKAPSBRO_EMAIL_USER")
EMAIL_HOST_PASSWORD = env_str("KUNNSKAPSBRO_EMAIL_PASSWORD")
EMAIL_USE_TLS = env_bool("KUNNSKAPSBRO_EMAIL_TLS", True)
DEFAULT_FROM_EMAIL = env_str(
    "KUNNSKAPSBRO_EMAIL_FROM", "Kunnskapsbro <ikke-svar@kommune.example.no>"
)

# --- i18n -----------------------------------------------------------------------------
LANGUAGE_CODE = "nb"
LANGUAGES = [("nb", _("Norsk bokmål")), ("nn", _("Norsk nynorsk")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Oslo"
USE_I18N = True
USE_TZ = True

# --- Static and media -----------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = DATA_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if env_bool("KUNNSKAPSBRO_MANIFEST_STATIC", False)
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
# Serve straight from the finders when collectstatic has not run (tests, `make run`).
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("KUNNSKAPSBRO_MAX_UPLOAD_BYTES", 10 * 1024 * 1024)
FILE_UPLOAD_MAX_MEMORY_SIZE = DATA_UPLOAD_MAX_MEMORY_SIZE

# --- Background tasks -----------------------------------------------------------------
TASKS = {
    "default": {
        "BACKEND": env_str("KUNNSKAPSBRO_TASK_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}

# --- Cache ----------------------------------------------------------------------------
REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# --- Security -------------------------------------------------------------------------
SESSION_ENGINE = "kunnskapsbro.core.sessions"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = env_bool("KUNNSKAPSBRO_SECURE_COOKIES", PRODUCTION)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
CSRF_COOKIE_HTTPONLY = True  # htmx reads the token from the page (body hx-headers), not the cookie
CSRF_COOKIE_SAMESITE = "Lax"
SECURE_SSL_REDIRECT = env_bool("KUNNSKAPSBRO_SSL_REDIRECT", PRODUCTION)
SECURE_HSTS_SECONDS = env_int("KUNNSKAPSBRO_HSTS_SECONDS", 31_536_000 if PRODUCTION else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("KUNNSKAPSBRO_HSTS_SUBDOMAINS", SECURE_HSTS_SECONDS > 0)
SECURE_HSTS_PRELOAD = env_bool("KUNNSKAPSBRO_HSTS_PRELOAD", SECURE_HSTS_SECONDS > 0)
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("KUNNSKAPSBRO_BEHIND_PROXY", False) else None
)
X_FRAME_OPTIONS = "DENY"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

# --- Logging --------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("KUNNSKAPSBRO_LOG_LEVEL", "WARNING")},
}

# --- Product settings -----------------------------------------------------------------
PORTFOLIO_PAGE_SIZE = env_int("KUNNSKAPSBRO_PAGE_SIZE", 25)
DEMO_USERNAME = "demo"
DEMO_PASSWORD = "demo-kunnskapsbro"  # printed by `make run`; the demo user is created by `demo`
