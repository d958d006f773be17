"""Settings for Portal JAC, read from the environment (or a `.env` file) by django-environ.

Development gets safe defaults (DEBUG on, SQLite, console e-mail). Production sets DEBUG=False and
must then supply a real SECRET_KEY: the project refuses to start with a weak or missing one.
"""

import datetime
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=True)

_DEV_SECRET_KEY = "django-insecure-dev-only-portal-jac-cartagena"
SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is required when DEBUG=False: set it in the environment or in .env."
        )
    SECRET_KEY = _DEV_SECRET_KEY
elif not DEBUG and (
    len(SECRET_KEY) < 50 or SECRET_KEY.startswith("django-insecure") or len(set(SECRET_KEY)) < 5
):
    raise ImproperlyConfigured(
        "SECRET_KEY is too weak for DEBUG=False: use at least 50 random characters."
    )

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "import_export",
    "simple_history",
    "axes",
    "django_ratelimit",
    # The core below the apps (change stamps, roles, auth backend, backups); apps register
    # with it from their AppConfig.ready().
    # Background jobs (imports, exports, syncs, rebuilds) on a Huey queue; apps register their
    # job kinds with it. Above the core in the layers (it imports no portal app), listed before
    # it so that its `reconstruir_resumenes` (the core's, plus --en-segundo-plano) is the one
    # manage.py runs.
    "huey.contrib.djhuey",
    "trabajos",
    "nucleo",
    "juntas",
    "capacitacion",
    "privacidad",
    # SECOP II outcomes (contracts, open processes, supplier accounts) from datos.gov.co.
    "contratacion",
    # Execution of convenios under social control (progress, payments, alerts, observations).
    "convenios",
    "hitos",
    # Demo data and the demo accounts (seed_demo, cuentas_demo). Last: the roles are synced
    # after the last app has migrated (nucleo.apps), when every app's permissions exist.
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Headers on every answer the application makes (static files come from whitenoise, below,
    # and carry them too): Content-Security-Policy and Permissions-Policy.
    "csp.middleware.CSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Pages compressed (a 180 KB table is 20 KB on a phone's network). After whitenoise, which
    # answers static files itself, already compressed at collectstatic; Django's GZip pads each
    # answer with random bytes against BREACH, and the CSRF token is masked per answer.
    "django.middleware.gzip.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # A NUL byte in a parameter or a field: the friendly 400 page (PostgreSQL refuses them).
    "nucleo.peticiones.SinNulMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # After authentication (it asks whether someone is signed in) and outside axes, so it also
    # marks axes' lock-out page: no-store on pages for signed-in users and on attachments.
    "nucleo.cabeceras.SinCacheParaDatosPersonalesMiddleware",
    # Axes must be last: it turns a locked-out log-in into its own response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "jac_portal.urls"

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
                "juntas.context_processors.roles",
                "nucleo.contexto.frescura",
            ],
            # {% icono %} in every template, without a {% load %} in each.
            "builtins": ["nucleo.templatetags.iconos"],
        },
    },
]

WSGI_APPLICATION = "jac_portal.wsgi.application"

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
# Keep connections open between requests, but check them first so the app recovers by itself
# after the database restarts.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("connect_timeout", 5)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # Refuses every attempt from an address with too many failures, whatever the user name.
    "nucleo.ingreso.LimitePorDireccionBackend",
    # Django's ModelBackend; with a shared cache (Redis) it keeps signed-in users there.
    "nucleo.backends.ModelBackendEnCache",
    # Sessions opened before the core moved keep working for one release (see the module).
    "jac_portal.backends.ModelBackendEnCache",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "inicio_rol"
LOGOUT_REDIRECT_URL = "inicio"

# Brute-force protection: 5 failed attempts for the same user name from the same address lock
# that pair out for an hour (django-axes), so a stranger cannot lock a real user out from
# elsewhere. Password spraying (a few passwords on many user names from one address) is
# stopped by a second count, per address whatever the user name (nucleo/ingreso.py):
# 20 failures in 15 minutes refuse that address for the rest of the window. The client's
# address comes from nucleo.red.ip_del_cliente (see PROXIES_DE_CONFIANZA below).
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_HOURS", default=1.0)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/bloqueado.html"
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "nucleo.red.ip_del_cliente"
AXES_USERNAME_CALLABLE = "nucleo.ingreso.usuario_para_axes"  # cut to axes' column
LIMITE_INGRESOS_POR_DIRECCION = env.str("LIMITE_INGRESOS_POR_DIRECCION", default="20/15m")
# Password reset (/cuentas/recuperar/): beyond these, the «enviado» page is shown and no e-mail
# goes out, so the limit tells nothing about the address either.
LIMITE_RECUPERAR_POR_DIRECCION = env.str("LIMITE_RECUPERAR_POR_DIRECCION", default="5/h")
LIMITE_RECUPERAR_POR_CORREO = env.str("LIMITE_RECUPERAR_POR_CORREO", default="3/h")
# django-ratelimit counts in the default cache and reads the address from the same function.
RATELIMIT_IP_META_KEY = "nucleo.red.ip_del_cliente"
RATELIMIT_USE_CACHE = "default"

LANGUAGE_CODE = "es-co"
LANGUAGES = [("es-co", _("Español (Colombia)"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env.str("TIME_ZONE", default="America/Bogota")
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["jac_portal.formats"]

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [
    BASE_DIR / "static",
    # Front-end packages installed from the npm registry (package-lock.json), never a CDN.
    ("vendor/bootstrap", BASE_DIR / "node_modules" / "bootstrap" / "dist"),
    ("vendor/chart.js", BASE_DIR / "node_modules" / "chart.js" / "dist"),
]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(BASE_DIR / "media")))

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# Uploaded documents: PDF or images, at most 10 MB (OGP's own evidence limit).
UPLOAD_MAX_BYTES = env.int("UPLOAD_MAX_BYTES", default=10 * 1024 * 1024)
UPLOAD_EXTENSIONS = ["pdf", "jpg", "jpeg", "png"]
DATA_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024
FILE_UPLOAD_PERMISSIONS = 0o640
# An online session's attendance from a meeting report: present from this share (%) of the
# session's length connected; staff may change it for one import on the review screen.
ASISTENCIA_CONEXION_MINIMA = env.int("ASISTENCIA_CONEXION_MINIMA", default=75)

EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Portal JAC <no-responder@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Absolute links in e-mails sent by commands (reminders), where there is no request.
# Unset: links in e-mails take the address of the request that sends them, or
# http://127.0.0.1:8000 from a command (nucleo.sitio).
SITIO_URL = env.str("SITIO_URL", default="").rstrip("/")

# The public transparency page is cached; its key carries a change stamp kept in the database, so
# a per-process memory cache stays correct with several gunicorn workers. CACHE_URL may point to
# Redis (rediscache://127.0.0.1:6379/1) to share the cache between processes.
CACHES = {"default": env.cache_url("CACHE_URL", default="locmemcache://")}
if CACHES["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache":
    CACHES["default"]["BACKEND"] = "nucleo.cache_redis.RedisCache"  # one client per pool
    # A Redis that does not answer makes a request fail fast (a friendly 503), not hang.
    CACHES["default"].setdefault("OPTIONS", {}).setdefault("socket_connect_timeout", 2)
    CACHES["default"]["OPTIONS"].setdefault("socket_timeout", 2)
# Bumped when what the cache holds changes shape (2: the core moved from jac_portal to nucleo,
# so no entry pickled with an old class path is ever read).
CACHES["default"].setdefault("VERSION", 2)
# Each process's own copy of the pages and aggregates it read from the shared cache (their keys
# carry the change stamp, so a copy is never stale); bounded, the least used dropped first.
CACHES["cercana"] = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "jac-cercana",
    "OPTIONS": {"MAX_ENTRIES": env.int("CACHE_CERCANA_ENTRADAS", default=300)},
}
# Sessions stay in the database; with a shared cache they are read from it (one round trip to
# Redis instead of a query) and still written to the database, so a cache restart logs no one
# out. A per-process memory cache cannot hold them: a log-out in one process would not reach
# the others.
_CACHE_COMPARTIDA = not CACHES["default"]["BACKEND"].endswith(("LocMemCache", "DummyCache"))
SESSION_ENGINE = env.str(
    "SESSION_ENGINE",
    default="django.contrib.sessions.backends." + ("cached_db" if _CACHE_COMPARTIDA else "db"),
)
# django-ratelimit's system checks (the log-in and password-reset limits count in the default
# cache). A memory cache is per process, so with several gunicorn workers each counts on its
# own and the limits are that many times looser: acceptable in development, tests and the
# single-process demo, which is why its error (E003, "not a shared cache") and warning (W001,
# "not officially supported") are silenced there and only there; production sets CACHE_URL to
# Redis. Django's own Redis backend (our subclass) increments atomically, but the check only
# knows django-redis by name, hence W001 is silenced for it too.
SILENCED_SYSTEM_CHECKS = []
if CACHES["default"]["BACKEND"].endswith("LocMemCache"):
    SILENCED_SYSTEM_CHECKS += ["django_ratelimit.E003", "django_ratelimit.W001"]
if CACHES["default"]["BACKEND"] == "nucleo.cache_redis.RedisCache":
    SILENCED_SYSTEM_CHECKS.append("django_ratelimit.W001")

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

IMPORT_EXPORT_USE_TRANSACTIONS = True
IMPORT_EXPORT_SKIP_ADMIN_LOG = False
IMPORT_EXPORT_IMPORT_PERMISSION_CODE = "change"
IMPORT_EXPORT_EXPORT_PERMISSION_CODE = "view"
# Off on purpose: in 4.4.3 it only drops a leading «=» (not +, -, @, tab, CR) and turns every
# cell into text. The resources escape every text cell through nucleo.hojas.celda_segura.
IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT = False

SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True

# SECOP II open data (datos.gov.co, Socrata's SODA API): `manage.py sincronizar_secop` (daily
# cron) reads contracts, open processes and supplier accounts for the registry's NITs. The base
# URL points to a local fake server in the tests; an app token (free, from datos.gov.co) raises
# the rate limits and is sent as X-App-Token. Retries cover 5xx, 429 and timeouts only, with
# exponential backoff from SECOP_ESPERA_INICIAL up to SECOP_ESPERA_MAXIMA seconds.
SECOP_API_URL = env.str("SECOP_API_URL", default="https://www.datos.gov.co/resource/")
SECOP_APP_TOKEN = env.str("SECOP_APP_TOKEN", default="")
SECOP_DATASET_CONTRATOS = env.str("SECOP_DATASET_CONTRATOS", default="jbjy-vk9h")
SECOP_DATASET_PROCESOS = env.str("SECOP_DATASET_PROCESOS", default="p6dx-8zbt")
SECOP_DATASET_PROVEEDORES = env.str("SECOP_DATASET_PROVEEDORES", default="qmzu-gj57")
# Convenios (issue 16): the paid share may exceed the verified physical progress by this many
# points before the dashboards alert; residents' observations accepted per address.
CONVENIOS_MARGEN_ALERTA = env.int("CONVENIOS_MARGEN_ALERTA", default=15)
CONVENIOS_OBSERVACIONES_POR_DIRECCION = env.str(
    "CONVENIOS_OBSERVACIONES_POR_DIRECCION", default="5/h"
)
SECOP_TIEMPO_LIMITE = env.float("SECOP_TIEMPO_LIMITE", default=60.0)  # seconds per request
SECOP_REINTENTOS = env.int("SECOP_REINTENTOS", default=4)
SECOP_ESPERA_INICIAL = env.float("SECOP_ESPERA_INICIAL", default=2.0)
SECOP_ESPERA_MAXIMA = env.float("SECOP_ESPERA_MAXIMA", default=60.0)
# Rows per request ($limit; SODA 2.1 serves up to 50,000) and one database transaction each.
SECOP_PAGINA = env.int("SECOP_PAGINA", default=5000)
# Each run re-reads from this many days before the last successful one (the source reloads
# in bulk and back-dates); the first run starts at SECOP_DESDE_INICIAL.
SECOP_VENTANA_DIAS = env.int("SECOP_VENTANA_DIAS", default=30)
SECOP_DESDE_INICIAL = env.str("SECOP_DESDE_INICIAL", default="2021-01-01")  # AAAA-MM-DD
try:
    datetime.date.fromisoformat(SECOP_DESDE_INICIAL)
except ValueError:
    raise ImproperlyConfigured("SECOP_DESDE_INICIAL must be a date as YYYY-MM-DD.") from None
# The opportunity radar: processes of these modalities published by entities of these cities
# (`ciudad_entidad` as SECOP II spells it; several separated by commas).
SECOP_CIUDAD = env.list("SECOP_CIUDAD", default=["Cartagena"])
SECOP_MODALIDADES_PROCESOS = env.list("SECOP_MODALIDADES_PROCESOS", default=["Mínima cuantía"])
# Supplier accounts are asked for by NIT, this many NITs per request.
SECOP_LOTE_NIT = env.int("SECOP_LOTE_NIT", default=100)
# The admin's upload of a contracts CSV exported from datos.gov.co (servers without internet).
SECOP_CSV_MAX_BYTES = env.int("SECOP_CSV_MAX_BYTES", default=100 * 1024 * 1024)

# Background jobs (app `trabajos`, Huey). HUEY_URL picks the queue: redis://… (production, on the
# Redis the deployment has; workers on any number of machines), sqlite:///ruta (a file beside the
# database: `make run` and a single server, no extra service). Without it the queue is CACHE_URL's
# Redis server when there is one (the next database number: a cache may be flushed, the queue
# must not), else the SQLite file. `manage.py run_huey` (make worker) runs a worker.
HUEY_URL = env.str("HUEY_URL", default="")
if not HUEY_URL and env.str("CACHE_URL", default="").startswith(("redis://", "rediscache://")):
    _servidor, _barra, _base = env.str("CACHE_URL").split("://", 1)[1].partition("/")
    _base = int(_base) + 1 if _base.isdigit() else 1
    HUEY_URL = f"redis://{_servidor}/{_base}"
if not HUEY_URL:
    HUEY_URL = f"sqlite:///{BASE_DIR / 'cola-trabajos.sqlite3'}"
_COLA = {"name": env.str("HUEY_NOMBRE", default="portal-jac"), "results": False, "utc": True}
if HUEY_URL.startswith("redis://"):
    _COLA.update(huey_class="huey.RedisHuey", url=HUEY_URL)
elif HUEY_URL.startswith("sqlite:///"):
    _COLA.update(huey_class="huey.SqliteHuey", filename=HUEY_URL.removeprefix("sqlite:///"))
elif HUEY_URL == "memory://":
    _COLA.update(huey_class="huey.MemoryHuey")
else:
    raise ImproperlyConfigured("HUEY_URL must start with redis://, sqlite:/// or be memory://.")
HUEY = {
    **_COLA,
    # True runs each job inside the request that asks for it (the test suite sets it per test).
    "immediate": env.bool("HUEY_INMEDIATO", default=False),
    "consumer": {
        "workers": env.int("HUEY_WORKERS", default=2),
        "worker_type": "thread",
        "periodic": True,  # the check for jobs whose worker died (trabajos.tasks)
        "check_worker_health": True,
    },
}
# Files uploaded for a job and produced by it: outside MEDIA_ROOT (never under /media/), served
# only through the job's permission-checked view, and deleted after TRABAJOS_CONSERVAR_DIAS
# (`manage.py limpiar_trabajos`, daily cron; the worker also runs it once a day).
TRABAJOS_ARCHIVOS_ROOT = Path(
    env.str("TRABAJOS_ARCHIVOS_ROOT", default=str(BASE_DIR / "privado" / "trabajos"))
)
TRABAJOS_CONSERVAR_DIAS = env.int("TRABAJOS_CONSERVAR_DIAS", default=7)
# A running job writes its progress and a heartbeat this often (seconds); one whose heartbeat is
# older than TRABAJOS_LATIDO_VENCIDO seconds lost its worker and is marked failed.
TRABAJOS_INTERVALO_AVANCE = env.float("TRABAJOS_INTERVALO_AVANCE", default=1.0)
TRABAJOS_LATIDO_VENCIDO = env.int("TRABAJOS_LATIDO_VENCIDO", default=60)
# The clerk gets an e-mail when a job that took longer than this (seconds) ends.
TRABAJOS_AVISO_SEGUNDOS = env.int("TRABAJOS_AVISO_SEGUNDOS", default=60)

# Production hardening. Every value is configurable so the app can sit behind a TLS-terminating
# proxy (SECURE_PROXY_SSL_HEADER) or be benchmarked over plain HTTP on loopback.
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=not DEBUG)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=not DEBUG)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=not DEBUG)
if env.bool("SECURE_PROXY_SSL_HEADER", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# How many reverse proxies stand between the Internet and the application (nginx alone: 1; a
# load balancer in front of nginx: 2). Each appends the address it saw to X-Forwarded-For, so
# the client's address is the N-th from the right, and the log-in lock-outs and rate limits
# key on it. 0 (the default, no proxy) reads REMOTE_ADDR and ignores the header, which any
# client can write. Set it exactly: one too many trusts an address the client wrote; one too
# few takes the proxy's address, and every client then shares one lock-out.
PROXIES_DE_CONFIANZA = env.int("PROXIES_DE_CONFIANZA", default=0)
if PROXIES_DE_CONFIANZA < 0:
    raise ImproperlyConfigured("PROXIES_DE_CONFIANZA must be 0 or a positive number of proxies.")
SESSION_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_AGE = 60 * 60 * 8

# Content-Security-Policy (django-csp 4): scripts and style sheets only from our own origin; no
# inline <script> and no on…= handlers exist (forms ask for confirmation through
# static/js/confirmar.js). Style *attributes* are allowed (style-src-attr): the progress bars
# and the timeline get their computed widths that way, and Django's admin and
# django-import-export write a few; an attribute cannot load anything nor select elements.
# The two fixed <style> blocks (the self-contained error pages, the admin's changelist without
# actions) are allowed by their hashes; tests/sistema/test_cabeceras.py recomputes them.
# 'unsafe-hashes' with one hash lets only django-import-export's «select all» handler run.
_ESTILOS_EN_LINEA = [
    "'sha256-Zy3f348qmyjDhJw1KVCrYXSAikNKbqbYH48oNBvkqdQ='",  # templates/errores/_pagina.html
    "'sha256-blvLUW3UscWqsXGByNOqdBboM+ShWAuugp2mC/wbafU='",  # admin/change_list.html
]
# onchange="onSelectToggleChange(event)" in admin/import_export/export.html:
_SELECCIONAR_TODO = "'sha256-wid4zL8fR53ZYy1ljOepzR77Dn6vWUUxuNnnWWBP3I8='"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "script-src-attr": ["'unsafe-hashes'", _SELECCIONAR_TODO],
        "style-src": ["'self'"],
        "style-src-elem": ["'self'", *_ESTILOS_EN_LINEA],
        "style-src-attr": ["'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
# Permissions-Policy: no page uses any of these. Leaders attach photos through a plain file
# input, which needs no camera permission.
PERMISSIONS_POLICY = {
    "accelerometer": [],
    "autoplay": [],
    "camera": [],
    "display-capture": [],
    "geolocation": [],
    "gyroscope": [],
    "magnetometer": [],
    "microphone": [],
    "midi": [],
    "payment": [],
    "publickey-credentials-get": [],
    "screen-wake-lock": [],
    "usb": [],
    "xr-spatial-tracking": [],
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "filters": {"sin_traza_en_rechazos": {"()": "nucleo.bitacora.SinTrazaEnRechazos"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["sin_traza_en_rechazos"],
        }
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        # Django's default configuration gives "django" its own console handler (with DEBUG)
        # and mail_admins; its records also reach the root's: each line was written twice.
        # One handler, the root's; errors still reach it (and the 500 page).
        "django": {"handlers": [], "level": "INFO", "propagate": True},
        "axes": {"level": "WARNING"},
        # WeasyPrint logs each rendering step at INFO: keep its warnings (an unknown CSS property).
        "weasyprint": {"level": "WARNING"},
    },
}
