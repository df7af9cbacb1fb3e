"""Raasta's settings, read from the environment (see .env.example)."""

from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env")

DEBUG = env.bool("DEBUG", default=False)

SECRET_KEY = env("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("Set SECRET_KEY (or DEBUG=true for local development).")
    SECRET_KEY = "local-development-only-key-never-used-when-debug-is-off"

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_filters",
    "django_htmx",
    "allauth",
    "allauth.account",
    "import_export",
    "catalog",
    "careers",
]

MIDDLEWARE = [
    # Pages compressed for slow connections; Django pads the output against BREACH.
    "django.middleware.gzip.GZipMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Input PostgreSQL cannot store (a NUL byte) is refused with a 400 before any query.
    "careers.middleware.refuse_unstorable_input",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "careers.middleware.learner_language",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
]

ROOT_URLCONF = "careers.urls"

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
            ],
        },
    },
]

WSGI_APPLICATION = "careers.wsgi.application"

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
# A connection kept between requests is checked before reuse, so a database restart costs
# one reconnect instead of an error.
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# No statement outlives the request that sent it (gunicorn gives a request 30 s).
DB_STATEMENT_TIMEOUT = env.int("DB_STATEMENT_TIMEOUT", default=20)
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = (
        f"-c statement_timeout={DB_STATEMENT_TIMEOUT * 1000}"
        f" -c idle_in_transaction_session_timeout={DB_STATEMENT_TIMEOUT * 1000}"
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# One cache shared by every process and machine: rate limits, import previews and the
# fitted recommender live here. Redis when REDIS_URL is set; otherwise a table in the
# database (created by a migration), so the embedded default needs nothing else.
REDIS_URL = env("REDIS_URL", default="")
CACHES = {
    "default": (
        {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "raasta",
            "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 5},
        }
        if REDIS_URL
        else {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "raasta_cache",
            "KEY_PREFIX": "raasta",
            "OPTIONS": {"MAX_ENTRIES": 20000},
        }
    )
}

# Behind a proxy the client's address is the one the proxies in front of Raasta saw;
# say how many there are (0: clients connect directly), or rate limits see one client.
ALLAUTH_TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "careers:home"
ACCOUNT_ADAPTER = "careers.accounts.AccountAdapter"
ACCOUNT_USER_DISPLAY = "careers.accounts.user_display"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_SIGNUP_REDIRECT_URL = "careers:profile_edit"
ACCOUNT_LOGOUT_REDIRECT_URL = "catalog:home"
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Raasta] "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = (
    "https" if env.bool("SECURE_SSL_REDIRECT", default=not DEBUG) else "http"
)

# Email: the console by default; SMTP from EMAIL_URL, e.g. smtp+tls://user:pass@host:587
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Raasta <noreply@raasta.example.com>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
_email = env.email_url("EMAIL_URL", default="consolemail://")
_smtp_options = {
    "EMAIL_HOST": "host",
    "EMAIL_PORT": "port",
    "EMAIL_HOST_USER": "username",
    "EMAIL_HOST_PASSWORD": "password",
    "EMAIL_USE_TLS": "use_tls",
    "EMAIL_USE_SSL": "use_ssl",
    "EMAIL_TIMEOUT": "timeout",
}
MAILERS = {
    "default": {
        "BACKEND": _email["EMAIL_BACKEND"],
        "OPTIONS": {
            option: _email[key]
            for key, option in _smtp_options.items()
            if _email.get(key) not in ("", None)
        }
        if _email["EMAIL_BACKEND"].endswith("smtp.EmailBackend")
        else {},
    }
}

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("ur", _("Urdu"))]
# Our own strings first; then our Urdu for the parts of allauth and Django a learner sees,
# which ship no Urdu of their own (or an older spelling of it).
# A visitor's choice of language is remembered for a year (Django's default forgets it when
# the browser closes); a learner's also lives in their profile.
LANGUAGE_COOKIE_AGE = 365 * 24 * 60 * 60
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=not DEBUG)
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale" / "vendor"]
TIME_ZONE = "Asia/Karachi"

# Rupees per US dollar for prices published only in dollars: the State Bank of Pakistan's
# indicative interbank selling rate of 7 January 2026 (280.2286). Set it when it moves.
USD_TO_PKR = env.float("USD_TO_PKR", default=280.23)
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
STATIC_MANIFEST = env.bool("STATIC_MANIFEST", default=not DEBUG)
WHITENOISE_USE_FINDERS = not STATIC_MANIFEST
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if STATIC_MANIFEST
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

# Production hardening: on by default whenever DEBUG is off.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
# Both bind every subdomain and future owners of the domain: opt in deliberately.
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=False)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=False)
# The deploy check warns about each until it is chosen; leaving them off is the choice.
SILENCED_SYSTEM_CHECKS = [
    *([] if SECURE_HSTS_INCLUDE_SUBDOMAINS else ["security.W005"]),
    *([] if SECURE_HSTS_PRELOAD else ["security.W021"]),
]
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Content-Security-Policy: our own static files only, no inline script or style anywhere
# (htmx is configured to inject none). Browsers report violations to /csp-report/.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "object-src": [CSP.NONE],
    "report-uri": ["/csp-report/"],
}

# The catalog shows "similar offerings" from the recommender without importing it.
CATALOG_SIMILAR_OFFERINGS = "careers.selectors.similar_offerings"
# ... and tells it when the catalog changed, so the process that changed it fits the model.
CATALOG_CHANGED = "careers.model_store.catalog_changed"
# "background": pages keep the model they have while one process fits the new one and
# shares it through the cache. "inline": every catalog change refits on the next request.
RECOMMENDER_REFIT = env.str("RECOMMENDER_REFIT", default="background")
if RECOMMENDER_REFIT not in ("background", "inline"):
    raise ImproperlyConfigured("RECOMMENDER_REFIT is background or inline.")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"service_away": {"()": "careers.errors.ServiceAwayFilter"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["service_away"]},
    },
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
}

# --- catalog admin (import/export) ---
# Each import runs in one transaction: a bad row rolls back the whole file.
IMPORT_EXPORT_USE_TRANSACTIONS = True
# The file between an import's preview and its confirmation is kept in the shared cache,
# so the confirmation may reach another server process or machine.
IMPORT_EXPORT_TMP_STORAGE_CLASS = "import_export.tmp_storages.CacheStorage"
# Imports leave one admin history entry per added or changed row.
IMPORT_EXPORT_SKIP_ADMIN_LOG = False
# --- end catalog admin ---
