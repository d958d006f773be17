"""The demo tells one story in today's calendar, and names places once («Barrio Chino»)."""

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from demo.registro import _lugar


def test_a_place_whose_name_says_what_it_is_is_named_once():
    assert _lugar("Barrio", "Chino") == "Barrio Chino"
    assert _lugar("Barrio", "Barrio Chino") == "Barrio Chino"
    assert _lugar("Barrio", "barrio Chino") == "barrio Chino"
    assert _lugar("Vereda", "Vereda Tierra Baja") == "Vereda Tierra Baja"
    assert _lugar("Barrio", "Barrios Unidos") == "Barrio Barrios Unidos"


@pytest.mark.django_db
def test_demo_dates_agree_with_today(settings):
    from capacitacion.models import Acompanamiento, Estrategia, Instrumento, Sesion
    from hitos.models import Compromiso, Medicion
    from juntas.models import Organizacion

    settings.DEBUG = True
    call_command("seed_demo", "--juntas", "60")
    hoy = timezone.localdate()
    compromiso = Compromiso.objects.get(codigo="COCDI0001")
    # Under way: begun this year or the last, ending within a couple of months.
    assert compromiso.inicio < hoy < compromiso.fin <= hoy + datetime.timedelta(days=62)
    for hito in compromiso.hitos.all():
        assert hito.inicio_previsto >= compromiso.inicio and hito.fin_previsto <= compromiso.fin
        assert hito.inicio_real is None or hito.inicio_real <= hoy
        assert hito.fin_real is None or hito.fin_real <= hoy
    assert compromiso.hitos.get(numero=5).fin_real is None  # the one still going
    assert max(Medicion.objects.values_list("fecha", flat=True)) == hoy
    assert not Medicion.objects.filter(fecha__gt=hoy).exists()
    # Sessions held during the commitment, and the next ones after today.
    for sesion in Sesion.objects.filter(estado="realizada"):
        assert compromiso.inicio <= timezone.localdate(sesion.inicio) <= hoy
    assert all(
        timezone.localdate(s.inicio) > hoy for s in Sesion.objects.filter(estado="programada")
    )
    assert Estrategia.vigente().aprobada_en >= compromiso.inicio
    base = Instrumento.objects.get(ronda="linea_base", proposito="diagnostico", version=1)
    assert compromiso.inicio <= base.abre <= base.cierra < hoy
    assert not Acompanamiento.objects.filter(fecha__gt=hoy).exists()
    assert not Organizacion.objects.filter(nombre__contains="Barrio Barrio").exists()
