"""Palermo's one settings module. Everything that varies comes from PALERMO_* environment variables.

PALERMO_ENV=development (the default) needs no configuration and uses fixed, public, insecure
demo keys. PALERMO_ENV=production refuses to start without real secrets and passes
``manage.py check --deploy``.
"""

from __future__ import annotations

from pathlib import Path

import dj_database_url
from csp.constants import NONCE as CSP_NONCE
from csp.constants import NONE as CSP_NONE
from csp.constants import SELF as CSP_SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from palermo.core.env import env_bool, env_int, env_list, env_required, env_str

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent.parent
VAR_DIR = Path(env_str("PALERMO_VAR_DIR") or PROJECT_DIR / "var")

PALERMO_ENV = env_str("PALERMO_ENV", "development")
if PALERMO_ENV not in {"development", "production", "test"}:
    raise ImproperlyConfigured(
        f"PALERMO_ENV={PALERMO_ENV!r} must be one of development, production, test"
    )
PRODUCTION = PALERMO_ENV == "production"

# Development keys are public (they are in this file): never use them for real data.
_DEV_SECRET_KEY = "palermo-development-only-insecure-secret-key-do-not-use-in-production"  # noqa: S105
_DEV_ENCRYPTION_KEYS = "dev1:ZGV2ZWxvcG1lbnQtb25seS1rZXktMzItYnl0ZXMhISE="
_DEV_BLIND_INDEX_KEY = "ZGV2ZWxvcG1lbnQtb25seS1ibGluZC1pbmRleC1rZXk="
# Ed25519 private key (32 bytes, base64) that signs the audit seals: see docs/audit.md.
_DEV_AUDIT_SIGNING_KEY = "ZGV2ZWxvcG1lbnQtb25seS1hdWRpdC1zZWFsLWtleSE="

if PRODUCTION:
    SECRET_KEY = env_required("PALERMO_SECRET_KEY")
    PALERMO_ENCRYPTION_KEYS = env_required("PALERMO_ENCRYPTION_KEYS")
    PALERMO_BLIND_INDEX_KEY = env_required("PALERMO_BLIND_INDEX_KEY")
    PALERMO_AUDIT_SIGNING_KEY = env_required("PALERMO_AUDIT_SIGNING_KEY")
    ALLOWED_HOSTS = env_list("PALERMO_ALLOWED_HOSTS", [])
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured("PALERMO_ALLOWED_HOSTS must list the host names served")
    # Read (and so validated) in production too: a typo must stop start-up, not be ignored.
    if env_bool("PALERMO_DEBUG", False):
        raise ImproperlyConfigured("PALERMO_DEBUG cannot be on in production")
    DEBUG = False
else:
    SECRET_KEY = env_str("PALERMO_SECRET_KEY") or _DEV_SECRET_KEY
    PALERMO_ENCRYPTION_KEYS = env_str("PALERMO_ENCRYPTION_KEYS") or _DEV_ENCRYPTION_KEYS
    PALERMO_BLIND_INDEX_KEY = env_str("PALERMO_BLIND_INDEX_KEY") or _DEV_BLIND_INDEX_KEY
    PALERMO_AUDIT_SIGNING_KEY = env_str("PALERMO_AUDIT_SIGNING_KEY") or _DEV_AUDIT_SIGNING_KEY
    ALLOWED_HOSTS = env_list("PALERMO_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])
    DEBUG = env_bool("PALERMO_DEBUG", PALERMO_ENV == "development")

# Public keys (base64) of earlier audit signing keys, so that seals made before a rotation verify.
PALERMO_AUDIT_PUBLIC_KEYS = env_list("PALERMO_AUDIT_PUBLIC_KEYS", [])
# At most this many events per seal; the worker seals every PALERMO_AUDIT_SEAL_EVERY seconds.
PALERMO_AUDIT_SEAL_BATCH = env_int("PALERMO_AUDIT_SEAL_BATCH", 5000)
PALERMO_AUDIT_SEAL_EVERY = env_int("PALERMO_AUDIT_SEAL_EVERY", 2)
# Also seal right after a transaction that recorded events commits, at most once per interval
# (seconds) per process: cheap when traffic is light, left to the worker when it is heavy.
PALERMO_AUDIT_SEAL_ON_COMMIT = env_bool("PALERMO_AUDIT_SEAL_ON_COMMIT", True)
PALERMO_AUDIT_SEAL_ON_COMMIT_INTERVAL = env_int("PALERMO_AUDIT_SEAL_ON_COMMIT_INTERVAL", 5)

# Encrypts backups (palermo backup / restore); kept apart from the backups and from the key ring.
_DEV_BACKUP_KEY = "ZGV2ZWxvcG1lbnQtb25seS1iYWNrdXAta2V5LTMyYiE="
PALERMO_BACKUP_KEY = env_str("PALERMO_BACKUP_KEY") or ("" if PRODUCTION else _DEV_BACKUP_KEY)

# Background work (the audit sealer, the shredder): django-tasks with its database backend, run
# by `palermo worker` (docs/operations.md, "Background worker").
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

PALERMO_JURISDICTION = env_str("PALERMO_JURISDICTION", "belarus")
# Extra folders searched for jurisdiction packs (besides the packs shipped in palermo/jurisdictions).
PALERMO_JURISDICTION_DIRS = env_list("PALERMO_JURISDICTION_DIRS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_otp",
    # Kept for its migrations only (accounts.0007 moved its devices): devices are
    # accounts.AuthenticatorDevice, whose key is encrypted.
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "rest_framework",
    "drf_spectacular",
    "django_htmx",
    "django_countries",
    "django_filters",
    "csp",
    "drf_spectacular_sidecar",
    "django_tasks",
    "django_tasks_db",
    "palermo.core",
    "palermo.jurisdictions",
    "palermo.accounts",
    "palermo.people",
    "palermo.cases",
    "palermo.referrals",
    "palermo.shelters",
    "palermo.justice",
    "palermo.justice.compensation",
    "palermo.registries",
    "palermo.hotline",
    "palermo.prevention",
    "palermo.stats",
    "palermo.stats.exchange",
    "palermo.crossborder",
    "palermo.lifecycle",
    "palermo.workdays",
    "palermo.portal",
    "palermo.demo",
]
# Test-only apps (e.g. a model exercising the encrypted fields) join through this variable.
INSTALLED_APPS += env_list("PALERMO_EXTRA_APPS", [])

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "palermo.core.headers.SecurityHeadersMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "palermo.accounts.middleware.SessionTimeoutMiddleware",
    "palermo.accounts.middleware.ActorMiddleware",
    "palermo.accounts.middleware.RequireSecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "palermo.urls"
WSGI_APPLICATION = "palermo.wsgi.application"
ASGI_APPLICATION = "palermo.asgi.application"

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
                "palermo.accounts.context_processors.actor",
                "palermo.core.notifications.unread_notifications",
            ],
        },
    }
]

_default_db = f"sqlite:///{VAR_DIR / 'palermo.sqlite3'}"
DATABASES = {
    "default": dj_database_url.parse(
        env_str("PALERMO_DATABASE_URL") or _default_db,
        conn_max_age=env_int("PALERMO_DB_CONN_MAX_AGE", 0),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL and a busy timeout let the demo server and a CLI command share the file.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
if PALERMO_ENV == "test":
    # Argon2 is deliberately slow; the tests create many users and do not test hashing strength.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "palermo.accounts.passwords.CommonPatternValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Brute-force protection: failures are counted per (username, client address) pair, so someone
# who knows a user's name cannot lock that user out from another machine.
AXES_FAILURE_LIMIT = env_int("PALERMO_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("PALERMO_LOGIN_COOLOFF_MINUTES", 15) / 60  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# Password spraying: an address that failed for this many different user names within the window
# is refused further log-ins (palermo.accounts.passwords.is_spraying).
PALERMO_LOGIN_SPRAY_LIMIT = env_int("PALERMO_LOGIN_SPRAY_LIMIT", 10)
PALERMO_LOGIN_SPRAY_MINUTES = env_int("PALERMO_LOGIN_SPRAY_MINUTES", 60)
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False
AXES_ENABLE_ACCESS_FAILURE_LOG = False
AXES_IPWARE_PROXY_COUNT = env_int("PALERMO_PROXY_COUNT", 0) or None
AXES_IPWARE_META_PRECEDENCE_ORDER = (
    ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"] if AXES_IPWARE_PROXY_COUNT else ["REMOTE_ADDR"]
)

OTP_TOTP_ISSUER = "Palermo"

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("ru", _("Russian")), ("be", _("Belarusian"))]
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale_extra"]
FORMAT_MODULE_PATH = ["palermo.formats"]
USE_I18N = True
TIME_ZONE = env_str("PALERMO_TIME_ZONE", "Europe/Minsk")
USE_TZ = True

STATIC_URL = "static/"
_static_root = env_str("PALERMO_STATIC_ROOT")
# Outside production the files are served from the apps' folders (finders); no collected copy.
STATIC_ROOT = Path(_static_root) if _static_root else (VAR_DIR / "static" if PRODUCTION else None)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = not PRODUCTION

# Absolute session lifetime, and the idle time after which a session ends (a workstation left
# unlocked in a busy office must not stay logged in for a whole shift).
SESSION_COOKIE_AGE = env_int("PALERMO_SESSION_SECONDS", 8 * 3600)
PALERMO_SESSION_IDLE_SECONDS = env_int("PALERMO_SESSION_IDLE_SECONDS", 30 * 60)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("PALERMO_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = env_int("PALERMO_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    if env_bool("PALERMO_BEHIND_TLS_PROXY", False):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
CSRF_TRUSTED_ORIGINS = env_list("PALERMO_CSRF_TRUSTED_ORIGINS", [])

# A strict Content-Security-Policy (django-csp): scripts and styles only from the app's own static
# files (or with the request's nonce), no inline script or style, no plug-ins, no framing.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [CSP_SELF],
        "script-src": [CSP_SELF, CSP_NONCE],
        "style-src": [CSP_SELF],
        "img-src": [CSP_SELF, "data:"],
        "font-src": [CSP_SELF],
        "connect-src": [CSP_SELF],
        "object-src": [CSP_NONE],
        "base-uri": [CSP_NONE],
        "form-action": [CSP_SELF],
        "frame-ancestors": [CSP_NONE],
    }
}

# The database cache is shared by every app process (the tip form's rate limit must be global);
# production creates its table with `palermo manage createcachetable`.
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "palermo_cache"}
        if PRODUCTION
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}
PALERMO_TIP_RATE_LIMIT = env_int("PALERMO_TIP_RATE_LIMIT", 10)
PALERMO_TIP_RATE_WINDOW = env_int("PALERMO_TIP_RATE_WINDOW", 3600)

# Case attachments (docs/casework.md, "The case file"): stored encrypted, outside every public
# path; the type is decided from the content. The scanner, if set, is the dotted path of a
# callable(data: bytes, *, filename: str, content_type: str) -> str | None (a reason refuses).
PALERMO_ATTACHMENTS_DIR = Path(env_str("PALERMO_ATTACHMENTS_DIR") or VAR_DIR / "attachments")
PALERMO_ATTACHMENT_MAX_BYTES = env_int("PALERMO_ATTACHMENT_MAX_BYTES", 10 * 1024 * 1024)
PALERMO_ATTACHMENT_TYPES = env_list(
    "PALERMO_ATTACHMENT_TYPES", ["application/pdf", "image/jpeg", "image/png", "image/tiff"]
)
PALERMO_ATTACHMENT_SCANNER = env_str("PALERMO_ATTACHMENT_SCANNER", "")

EMAIL_BACKEND = env_str(
    "PALERMO_EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if PRODUCTION
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_HOST = env_str("PALERMO_EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("PALERMO_EMAIL_PORT", 25)
DEFAULT_FROM_EMAIL = env_str("PALERMO_FROM_EMAIL", "palermo@localhost")
# Absolute links in e-mails (e.g. https://palermo.example.org); empty gives site-relative links.
PALERMO_SITE_URL = env_str("PALERMO_SITE_URL", "")

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "palermo.accounts.api_auth.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "palermo.core.schema.PalermoAutoSchema",
    "DEFAULT_PAGINATION_CLASS": "palermo.core.api.BoundedPagination",
    "DEFAULT_PARSER_CLASSES": [
        "palermo.core.api.BoundedJSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "PAGE_SIZE": 50,
    "EXCEPTION_HANDLER": "palermo.core.api.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Palermo API",
    "DESCRIPTION": (
        "The REST API of Palermo, a national referral mechanism platform against human "
        "trafficking. Authenticate with `Authorization: Token <key>`; an object you may not "
        "see answers 404 exactly like one that does not exist."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "palermo.core.schema.document_errors",
    ],
    "ENUM_NAME_OVERRIDES": {
        "CountryEnum": "django_countries.countries",
        "LicenceKindEnum": "palermo.registries.vocab.LicenceKind",
        "OrganisationKindEnum": "palermo.registries.vocab.OrganisationKind",
        "AdvertKindEnum": "palermo.registries.vocab.AdvertKind",
        "LicenceStatusEnum": "palermo.registries.vocab.LicenceStatus",
        "GoalStatusEnum": "palermo.referrals.vocab.GoalStatus",
        "AssistedReturnStatusEnum": "palermo.referrals.vocab.AvrStatus",
        "TraffickingStatusEnum": "palermo.cases.vocab.TraffickingStatus",
        "CaseStatusEnum": "palermo.cases.vocab.CaseStatus",
        "CallOutcomeEnum": "palermo.hotline.vocab.Outcome",
        "AdvertDecisionOutcomeEnum": "palermo.registries.vocab.DecisionOutcome",
        "StatusDecisionOutcomeEnum": "palermo.cases.vocab.DECISION_OUTCOME_CHOICES",
        "ConsentPurposeEnum": "palermo.cases.vocab.ConsentPurpose",
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # Query strings may hold a searched name: cut from every record before it is written.
    "filters": {"no_query_strings": {"()": "palermo.core.logfilters.RedactQueryStrings"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["no_query_strings"]}},
    "root": {"handlers": ["console"], "level": env_str("PALERMO_LOG_LEVEL", "INFO")},
    "loggers": {
        "axes": {"level": "WARNING"},
        # The development server's request log: through the same filter.
        "django.server": {"handlers": ["console"], "level": "INFO", "propagate": False},
    },
}

# Roles (see palermo/accounts/roles.py) whose members must confirm a TOTP code at every log-in.
PALERMO_SECOND_FACTOR_ROLES = env_list(
    "PALERMO_SECOND_FACTOR_ROLES", ["national_admin", "agency_admin"] if PRODUCTION else []
)
# Besides those: every role that sees identities (on by default in production).
PALERMO_SECOND_FACTOR_FOR_IDENTITY = env_bool("PALERMO_SECOND_FACTOR_FOR_IDENTITY", PRODUCTION)
# Sensitive actions (merges, user administration, identity exports) ask for the second factor
# again when the last confirmation is older than this.
PALERMO_STEP_UP_SECONDS = env_int("PALERMO_STEP_UP_SECONDS", 300)
# Passkeys (WebAuthn) as a second factor: the relying party ID is the site's host name (or a
# registrable domain above it) and the origins are the exact https://host[:port] the browser
# shows. Passkeys are offered only when both are set (docs/security.md, docs/operations.md).
PALERMO_WEBAUTHN_RP_ID = env_str("PALERMO_WEBAUTHN_RP_ID") or ("" if PRODUCTION else "localhost")
PALERMO_WEBAUTHN_ORIGINS = env_list(
    "PALERMO_WEBAUTHN_ORIGINS", [] if PRODUCTION else ["http://localhost:8000"]
)
PALERMO_WEBAUTHN_RP_NAME = env_str("PALERMO_WEBAUTHN_RP_NAME") or "Palermo"
# How long a passkey challenge stays valid (it is also used only once).
PALERMO_WEBAUTHN_TIMEOUT_SECONDS = env_int("PALERMO_WEBAUTHN_TIMEOUT_SECONDS", 300)
