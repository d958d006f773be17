"""The admin, one module per domain; Django's autodiscovery imports this package."""

from . import encuesta, formacion  # noqa: F401  (each registers its models)
