import datetime

import pytest
from django.utils import timezone

from capacitacion.models import Instrumento


@pytest.fixture
def instrumento(db):
    """The default instrument (loaded by migration), published and open today."""
    instrumento = Instrumento.objects.get(version=1, ronda=Instrumento.Ronda.LINEA_BASE)
    hoy = timezone.localdate()
    instrumento.estado = Instrumento.Estado.PUBLICADO
    instrumento.abre = hoy - datetime.timedelta(days=5)
    instrumento.cierra = hoy + datetime.timedelta(days=25)
    instrumento.save()
    return instrumento
