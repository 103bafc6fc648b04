"""Django settings for Accord, read from ACCORD_* environment variables.

See docs/configuration.md for every variable.
"""

from importlib.util import find_spec
from pathlib import Path

from accord.core.env import (
    ConfigurationError,
    data_dir,
    database_config,
    env_bool,
    env_int,
    env_list,
    env_str,
    parse_rate,
    secret_key,
)

BASE_DIR = Path(__file__).resolve().parent
DATA_DIR = data_dir()

SECRET_KEY = secret_key(DATA_DIR)
DEBUG = env_bool("ACCORD_DEBUG", default=False)
ALLOWED_HOSTS = env_list("ACCORD_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("ACCORD_CSRF_TRUSTED_ORIGINS", [])

# django-ninja's Swagger UI assets and template, served from here (no CDN):
# found, not installed as an app. Django imports every app as it starts, and
# ninja's package brings pydantic and django.test with it: 0.08 s of every
# `accord` command (the API imports it when its URLs are first read).
_ninja = find_spec("ninja")
assert _ninja is not None and _ninja.origin is not None  # a dependency
NINJA_DIR = Path(_ninja.origin).parent

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "simple_history",
    "axes",
    # Accord's apps, bottom layer first (docs/architecture.md).
    "accord.registry",
    "accord.importer",
    "accord.publish",
    "accord.portal",
    "accord.api",
    "accord.backoffice",
    "accord.server",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.gzip.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "accord.registry.version.ReadVersionOnce",
    # After the data version is read: it knows the universities from the snapshot.
    "accord.spaces.university_spaces",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # django-csp's, the fixed policy built once (accord.headers).
    "accord.headers.ContentSecurityPolicy",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes requires, so it sees the outcome of authentication.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "accord.urls"
WSGI_APPLICATION = "accord.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        # The staff shell (templates/staff/, admin/base_site.html): wiring that
        # names every staff area, shared by the admin, backoffice and publish.
        "DIRS": [BASE_DIR / "templates", NINJA_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
            ],
        },
    },
]

DATABASES = {"default": database_config(DATA_DIR)}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": f"django.contrib.auth.password_validation.{name}"}
    for name in (
        "UserAttributeSimilarityValidator",
        "MinimumLengthValidator",
        "CommonPasswordValidator",
        "NumericPasswordValidator",
    )
]
AXES_FAILURE_LIMIT = env_int("ACCORD_LOGIN_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = env_int("ACCORD_LOGIN_COOLOFF_MINUTES", 15, minimum=1) / 60
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]

LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("ja", "日本語")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env_str("ACCORD_TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static", NINJA_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Not the manifest storage: templates must render before (or without) a
    # collectstatic run, e.g. in tests; `accord serve` still collects and compresses.
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True

LOGIN_URL = "admin:login"

# Security: production-grade by default; HSTS is opt-in because it cannot be undone
# for a browser once sent.
SESSION_COOKIE_SECURE = env_bool("ACCORD_SECURE_COOKIES", default=False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
# The visitor's language (portal.language): Lax still sends it when a visitor
# follows a link from another site, so the page comes in the chosen language.
LANGUAGE_COOKIE_SECURE = SESSION_COOKIE_SECURE
LANGUAGE_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_HSTS_SECONDS = env_int("ACCORD_HSTS_SECONDS", 0, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_SECONDS > 0
SECURE_HSTS_PRELOAD = env_bool("ACCORD_HSTS_PRELOAD", default=False)
SECURE_SSL_REDIRECT = env_bool("ACCORD_SSL_REDIRECT", default=False)
if env_bool("ACCORD_BEHIND_PROXY", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# Agreements' documents (registry/documents.py): under the data directory, never
# under STATIC_ROOT or any path the web server serves; downloads go through a
# view that checks who asks.
ACCORD_DOCUMENTS_DIR = DATA_DIR / "documents"
# Lists uploaded to the back office between their preview and their import
# (backoffice/uploads.py), under the data directory as the documents are.
ACCORD_IMPORTS_DIR = DATA_DIR / "imports"
ACCORD_DOCUMENT_MAX_BYTES = env_int(
    "ACCORD_DOCUMENT_MAX_BYTES", 20 * 1024 * 1024, minimum=1
)

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
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# JSON API (docs/api.md). The cache holds the anonymous rate-limit counters: local
# memory by default (the embedded server is one process, its threads share it);
# `database` shares them between several app servers.
ACCORD_API_RATE_LIMIT = parse_rate(
    "ACCORD_API_RATE_LIMIT", env_str("ACCORD_API_RATE_LIMIT", "600/hour")
)
ACCORD_CORS_ALLOWED_ORIGINS = env_list("ACCORD_CORS_ALLOWED_ORIGINS", [])
_CACHE = env_str("ACCORD_CACHE", "locmem").strip().lower()
if _CACHE not in {"locmem", "database"}:
    raise ConfigurationError(f"ACCORD_CACHE={_CACHE!r}: use locmem or database")
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "accord_cache",
    }
    if _CACHE == "database"
    else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("ACCORD_LOG_LEVEL", "WARNING")},
}
