"""Fixtures shared with the app tests whose pages these tests revisit."""

from tests.capacitacion.conftest import instrumento  # noqa: F401
from tests.capacitacion.test_certificados import modulo  # noqa: F401
from tests.capacitacion.test_notificaciones import sesion  # noqa: F401
