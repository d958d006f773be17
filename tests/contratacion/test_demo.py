"""The demo's synthetic SECOP II rows (demo/contratacion.py, called by seed_demo): marked as
demo everywhere, matched to the demo Juntas by NIT, contracts before and after training, bids,
supplier accounts, open mínima-cuantía processes in `lider`'s declared families (its radar shows
them), the year's cuantías; idempotent, cleared by --reset, never replacing staff's figures."""

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.utils import timezone

from contratacion import selectors
from contratacion.models import (
    Contrato,
    Cuantia,
    CuentaProveedor,
    FamiliaUnspsc,
    Fuente,
    Proceso,
    Sincronizacion,
)
from demo import contratacion as demo
from hitos import indicadores
from hitos.models import Indicador
from juntas.models import AutorizacionDatos, Dignatario
from juntas.permisos import junta_del_lider

PORTAL = "/portal/contratacion/"
TABLERO = "/tablero/contratacion/"


@pytest.fixture
def sembrado(db, settings):
    settings.DEBUG = True
    call_command("seed_demo", "--juntas", "40")
    return {u: junta_del_lider(User.objects.get(username=u)) for u in ("lider", "lider2")}


def _entrar_como_lider(client, username):
    """The demo leader, having accepted the data-treatment authorization (the portal asks)."""
    usuario = User.objects.get(username=username)
    AutorizacionDatos.objects.create(usuario=usuario, version=AutorizacionDatos.VERSION_VIGENTE)
    client.force_login(usuario)


def _huella():
    return sorted(Contrato.objects.values_list("id_contrato", "organizacion_id", "fecha_firma"))


def test_seed_loads_synthetic_rows_marked_as_demo(sembrado):
    contratos = Contrato.objects.all()
    assert contratos.count() >= 5
    assert not contratos.exclude(fuente=Fuente.DEMO).exists()
    assert not contratos.filter(organizacion__isnull=True).exists()  # all matched by NIT
    assert set(contratos.values_list("coincidencia", flat=True)) == {Contrato.Coincidencia.NIT}
    assert all(c.startswith("DEMO-") for c in contratos.values_list("id_contrato", flat=True))
    assert not contratos.exclude(url="").exists()  # no link to a SECOP II page that is not there
    assert not Proceso.objects.exclude(fuente=Fuente.DEMO).exists()
    assert set(Sincronizacion.objects.values_list("fuente", flat=True)) == {Fuente.DEMO}
    assert CuentaProveedor.objects.filter(sincronizacion__fuente=Fuente.DEMO).count() >= 2
    # Bids: processes awarded to a Junta, some without a contract yet.
    adjudicados = Proceso.objects.filter(organizacion_adjudicada__isnull=False)
    assert adjudicados.exists()
    assert adjudicados.exclude(id_del_portafolio__in=contratos.values("proceso_de_compra")).exists()
    # Several routes.
    rutas = {r["ruta"]: r["contratos"] for r in selectors.embudo()["por_ruta"]}
    assert rutas["convenio_solidario"] and rutas["minima_cuantia"]
    # This year's cuantías of Cartagena's entities, marked as demo figures.
    anio = timezone.localdate().year
    cuantias = Cuantia.objects.filter(anio=anio)
    assert cuantias.count() == len(demo.ENTIDADES)
    assert set(cuantias.values_list("notas", flat=True)) == {demo.NOTA_CUANTIA}
    alcaldia = cuantias.get(nit_entidad="890480184")
    assert alcaldia.minima_cuantia == alcaldia.menor_cuantia / 10


def test_contracts_before_and_after_training_feed_the_comparison_and_milestone_5(sembrado):
    comparacion = selectors.comparacion()
    formadas = next(g for g in comparacion["grupos"] if g["formada"])
    assert formadas["antes"] >= 1 and formadas["despues"] >= 1
    assert all(
        f <= timezone.localdate() for f in Contrato.objects.values_list("fecha_firma", flat=True)
    )
    valor = indicadores.medir()["juntas_contrataron_tras_formacion"]
    assert valor >= 1
    assert Indicador.objects.filter(
        hito__numero=5, codigo="juntas_contrataron_tras_formacion"
    ).exists()


def test_lider_radar_shows_open_processes_of_its_declared_families(sembrado, client):
    lider, lider2 = sembrado["lider"], sembrado["lider2"]
    familias = set(
        FamiliaUnspsc.objects.filter(organizacion=lider).values_list("codigo", flat=True)
    )
    assert familias == {codigo for codigo, _n in demo.FAMILIAS_LIDER}
    radar = selectors.radar(lider)
    assert len(radar) >= 6
    assert {p.familia_unspsc for p in radar} <= familias
    assert not any(p.estado in ("Cerrado", "Cancelado", "Adjudicado") for p in radar)
    _entrar_como_lider(client, "lider")
    html = client.get(PORTAL).content.decode()
    assert "Datos de demostración." in html
    assert "Mantenimiento de zonas verdes del parque de la localidad" in html
    assert "Refrigerios para los talleres de participación ciudadana" in html
    assert "Compra de computadores portátiles" not in html  # another family
    assert "Poda de árboles del parque principal" not in html  # closed
    assert "Sí: su Junta está registrada como proveedor" in html
    assert "Convenio solidario (Ley 2166 art. 95)" in html
    # lider2's Junta: no outcomes, so the leader's empty states show.
    assert not Contrato.objects.filter(organizacion=lider2).exists()
    _entrar_como_lider(client, "lider2")
    html = client.get(PORTAL).content.decode()
    assert "Aún no encontramos contratos ni convenios de su Junta" in html
    assert "No: no encontramos a su Junta entre los proveedores" in html


def test_dashboard_and_public_page_carry_the_demo_mark(sembrado, client):
    client.force_login(User.objects.get(username="monitor"))
    assert "Datos de demostración." in client.get(TABLERO).content.decode()
    client.logout()
    html = client.get("/transparencia/").content.decode()
    assert "Datos de demostración." in html
    assert "Juntas que contrataron con el Estado tras la estrategia" in html
    # Nobody of the demo registry shows on the public page or in its open data.
    personas = list(
        Dignatario.objects.values_list("documento", "telefono", "correo", "apellidos")[:200]
    )
    juntas = set(Contrato.objects.values_list("organizacion__nombre", flat=True))
    for url in ("/transparencia/", "/transparencia/datos.json", "/transparencia/contratacion.csv"):
        contenido = client.get(url).content.decode()
        for dato in {v for fila in personas for v in fila if v} | juntas:
            assert dato not in contenido, (url, dato)


def test_idempotent_never_replaces_staff_figures_and_reset_clears_it(sembrado, settings):
    primera = _huella()
    procesos = Proceso.objects.count()
    anio = timezone.localdate().year
    Cuantia.objects.filter(nit_entidad="890480184", anio=anio).delete()
    Cuantia.objects.create(
        nombre_entidad="DISTRITO DE CARTAGENA", nit_entidad="890480184", anio=anio,
        menor_cuantia=1_300_000_000, fuente_url="https://www.cartagena.gov.co/resolucion",
    )  # fmt: skip
    demo.sembrar(semilla=2023)
    assert _huella() == primera
    assert Proceso.objects.count() == procesos
    assert Sincronizacion.objects.filter(fuente=Fuente.DEMO).count() == 3
    tecleada = Cuantia.objects.get(nit_entidad="890480184", anio=anio)
    assert tecleada.notas == "" and tecleada.menor_cuantia == 1_300_000_000
    call_command("seed_demo", "--juntas", "40", "--reset")
    assert len(_huella()) == len(primera)  # cleared and loaded again, not doubled
    assert Sincronizacion.objects.filter(fuente=Fuente.DEMO).count() == 3
    assert Proceso.objects.count() == procesos
    demo.borrar()
    assert not Contrato.objects.exists() and not Proceso.objects.exists()
    assert not CuentaProveedor.objects.exists()
    assert not Cuantia.objects.filter(notas=demo.NOTA_CUANTIA).exists()
