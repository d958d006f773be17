"""The printable attendance sheet fits a 360 px phone whole, table included, on screen and in
the print layout."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from capacitacion.models import Inscripcion, Modulo, Persona, Sesion
from demo.capacitacion import sembrar_estrategia
from tests.factories import crear_secretaria
from tests.navegador.pasos import ingresar

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CULPABLE = """() => [...document.querySelectorAll("body *")]
    .filter(e => !e.closest(".table-responsive")
                 && e.getBoundingClientRect().right > innerWidth + 1)
    .map(e => `${e.tagName}.${e.className} «${(e.textContent || "").trim().slice(0, 30)}»`)
    .slice(-3).join(" < ")"""


def test_print_sheet_fits_a_phone(live_server, page, junta):
    sembrar_estrategia()
    inicio = timezone.now() + datetime.timedelta(days=2)
    sesion = Sesion.objects.create(
        modulo=Modulo.objects.get(nombre="Organización comunal y la Ley 2166 de 2021"),
        inicio=inicio, fin=inicio + datetime.timedelta(hours=8),
        lugar="Universidad — sede Piedra de Bolívar", facilitador="María Fernanda De la Hoz",
        facilitador_organizacion="Universidad aliada de Cartagena de Indias", cupo=30,
    )  # fmt: skip
    persona = Persona.objects.create(
        documento="1047000001", nombres="Rosa Elena", apellidos="Julio Barrios", organizacion=junta
    )
    Inscripcion.objects.create(sesion=sesion, persona=persona, organizacion=junta)
    crear_secretaria()
    ingresar(page, live_server.url, "secretaria-prueba")
    page.goto(live_server.url + reverse("estrategia:planilla", args=[sesion.pk]))
    for medio in ("screen", "print"):
        page.emulate_media(media=medio)
        ancho = page.evaluate("document.documentElement.scrollWidth")
        assert ancho <= 360, f"{medio}: {ancho} px, {page.evaluate(CULPABLE)}"
        # The table itself fits: a sheet to sign does not scroll sideways in its box either.
        tabla = page.evaluate("document.querySelector('table').scrollWidth")
        caja = page.evaluate("document.querySelector('table').parentElement.clientWidth")
        assert tabla <= caja, f"{medio}: table {tabla} px in {caja} px"
