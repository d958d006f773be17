"""The demo data: realistic, deterministic, safe to run only where it belongs."""

import datetime

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command
from django.utils import timezone

from demo.calendario import movida
from juntas.models import Dignatario, Organizacion, RequisitoJunta
from juntas.permisos import junta_del_lider
from juntas.validators import validar_nit
from nucleo.permisos import es_monitor, es_secretaria
from nucleo.roles import LIDER
from tests.factories import OrganizacionFactory


def _sembrar(*args):
    call_command("seed_demo", *args)


def _huella():
    return list(
        Organizacion.objects.order_by("codigo_registro").values_list("nombre", "nit", "estado")
    )


@pytest.mark.django_db
def test_default_builds_429_juntas_3_asociaciones_and_accounts(settings):
    settings.DEBUG = True
    _sembrar()
    juntas = Organizacion.objects.juntas()
    assert juntas.count() == 429
    assert Organizacion.objects.filter(tipo=Organizacion.Tipo.ASOJAC).count() == 3
    assert not juntas.filter(localidad__isnull=True).exists()
    assert juntas.filter(asociacion__isnull=False).count() > 150
    assert set(juntas.values_list("localidad__codigo", flat=True)) == {"L1", "L2", "L3"}
    assert juntas.filter(unidad_comunera__isnull=True).exists()  # rural Juntas too
    activas = juntas.filter(estado=Organizacion.Estado.ACTIVA).count()
    assert 320 <= activas <= 380  # about 346 were active in 2023
    assert Dignatario.objects.filter(cargo="presidente").count() == 432
    for nit in Organizacion.objects.exclude(nit=None).values_list("nit", flat=True):
        validar_nit(nit)

    secretaria, monitor = (
        User.objects.get(username="secretaria"),
        User.objects.get(username="monitor"),
    )
    assert es_secretaria(secretaria) and es_monitor(monitor) and not es_secretaria(monitor)
    juntas_lideres = [junta_del_lider(User.objects.get(username=u)) for u in ("lider", "lider2")]
    assert None not in juntas_lideres and juntas_lideres[0] != juntas_lideres[1]
    for usuario in User.objects.filter(username__in=["secretaria", "monitor", "lider", "lider2"]):
        assert usuario.check_password("demo-cartagena")
    assert User.objects.get(username="lider").groups.filter(name=LIDER).exists()


@pytest.mark.django_db
def test_requirement_states_include_expired_and_soon_to_expire(settings):
    settings.DEBUG = True
    _sembrar("--juntas", "60")
    hoy = timezone.localdate()
    cumplen = RequisitoJunta.objects.filter(estado=RequisitoJunta.Estado.CUMPLE)
    assert cumplen.filter(fecha_vencimiento__lt=hoy).exists()
    assert cumplen.filter(
        fecha_vencimiento__gte=hoy, fecha_vencimiento__lte=hoy + datetime.timedelta(days=30)
    ).exists()
    assert not cumplen.filter(verificado_por=None).exists()
    assert RequisitoJunta.objects.filter(estado=RequisitoJunta.Estado.EN_TRAMITE).exists()


@pytest.mark.django_db
def test_same_seed_same_registry_other_seed_differs(settings):
    settings.DEBUG = True
    _sembrar("--juntas", "40")
    primera = _huella()
    _sembrar("--juntas", "40", "--reset")
    assert _huella() == primera
    _sembrar("--juntas", "40", "--reset", "--seed", "7")
    assert _huella() != primera


@pytest.mark.django_db
def test_juntas_option_sets_the_size(settings):
    settings.DEBUG = True
    _sembrar("--juntas", "50")
    assert Organizacion.objects.juntas().count() == 50


@pytest.mark.django_db
def test_refuses_with_debug_off_unless_forced(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="--force"):
        _sembrar("--juntas", "5")
    assert not Organizacion.objects.exists()
    _sembrar("--juntas", "5", "--force")
    assert Organizacion.objects.juntas().count() == 5


@pytest.mark.django_db
def test_leaves_an_existing_registry_alone(settings, capsys):
    settings.DEBUG = True
    real = OrganizacionFactory(nombre="Junta real")
    _sembrar("--juntas", "5", "--si-vacia")
    assert list(Organizacion.objects.all()) == [real]
    assert "ya tiene organizaciones" in capsys.readouterr().out
    with pytest.raises(CommandError, match="--reset"):
        _sembrar("--juntas", "5")
    assert list(Organizacion.objects.all()) == [real]


@pytest.mark.django_db
def test_prints_demo_accounts(settings, capsys):
    settings.DEBUG = True
    _sembrar("--juntas", "5")
    salida = capsys.readouterr().out
    for usuario in ("secretaria", "monitor", "lider", "lider2", "demo-cartagena"):
        assert usuario in salida
    call_command("cuentas_demo")
    assert "http://127.0.0.1:" in capsys.readouterr().out


@pytest.mark.django_db
def test_survey_demo_has_baseline_and_follow_up_with_improvement(settings):
    from capacitacion.models import Instrumento, Respuesta
    from capacitacion.selectors import encuesta as selectors

    settings.DEBUG = True
    _sembrar("--juntas", "120")
    base = Instrumento.objects.get(ronda=Instrumento.Ronda.LINEA_BASE)
    seguimiento = Instrumento.objects.get(ronda=Instrumento.Ronda.SEGUIMIENTO)
    assert base.estado == Instrumento.Estado.CERRADO and seguimiento.abierto()
    enviadas = Respuesta.objects.filter(instrumento=base, estado__in=Respuesta.ENVIADAS)
    participantes = Organizacion.objects.juntas().filter(participa=True).count()
    assert enviadas.count() > participantes * 0.7
    assert Respuesta.objects.filter(instrumento=base, estado="borrador").exists()
    comparacion = selectors.comparacion_rondas(selectors.juntas_filtradas({}), base.nombre)
    assert len(comparacion) == 7
    assert sum(c["cambio"] for c in comparacion) > 0
    lider = junta_del_lider(User.objects.get(username="lider"))
    assert enviadas.filter(organizacion=lider).exists()
    assert not Respuesta.objects.filter(instrumento=seguimiento, organizacion=lider).exists()


@pytest.mark.django_db
def test_demo_has_strategy_modules_and_sessions_with_attendance(settings):
    from capacitacion.models import Estrategia, Inscripcion, Modulo, Sesion

    settings.DEBUG = True
    _sembrar("--juntas", "60")
    assert Estrategia.vigente() is not None
    assert Modulo.objects.count() == 10
    # Two groups per diplomado, 8-hour sessions adding up to each module's hours (360 h / 8 × 2).
    # May to September of the real calendar, moved so that the demo's today is its «today».
    hoy = timezone.localdate()
    desde, hasta = movida(datetime.date(2023, 5, 4), hoy), movida(datetime.date(2023, 9, 30), hoy)
    realizadas = Sesion.objects.filter(estado="realizada")
    assert realizadas.count() == 90
    assert all(desde <= timezone.localdate(s.inicio) <= hasta for s in realizadas)
    assert Sesion.objects.filter(estado="programada").count() == 2
    assert Inscripcion.objects.filter(asistio=True).exists()
    assert Inscripcion.objects.filter(asistio=False).exists()


@pytest.mark.django_db
def test_demo_has_evaluations_accompaniment_and_certificates(settings):
    from capacitacion.models import Certificado
    from capacitacion.selectors import formacion as selectors

    settings.DEBUG = True
    _sembrar("--juntas", "60")
    cifras = selectors.cifras_capacitacion()
    assert cifras["satisfaccion"]["respuestas"] > 0
    assert cifras["ganancia"] > 0  # the exit test scores above the entry test
    assert cifras["acompanamiento"]["visitas"] > 0
    assert cifras["acciones"]["hechas"] > 0 and cifras["acciones"]["vencidas"] > 0
    assert Certificado.objects.filter(tipo="modulo").exists()
    assert Certificado.objects.filter(tipo="junta").exists()
    lider = junta_del_lider(User.objects.get(username="lider"))
    assert Certificado.objects.filter(organizacion=lider).exists()


@pytest.mark.django_db
def test_reset_clears_the_procurement_rows_that_point_at_the_registry(settings):
    """A database that synced SECOP II (a supplier account, a contract, a UNSPSC family of a
    Junta) can still be reset to the demo."""
    from contratacion.models import Contrato, CuentaProveedor, FamiliaUnspsc, Fuente

    settings.DEBUG = True
    _sembrar("--juntas", "5")
    # The demo's own SECOP II rows aside (demo/contratacion.py), a Junta without any.
    junta = Organizacion.objects.juntas().filter(cuenta_proveedor__isnull=True).first()
    CuentaProveedor.objects.create(organizacion=junta, nit="900123456")
    FamiliaUnspsc.objects.create(organizacion=junta, codigo="7210", nombre="Obras")
    Contrato.objects.create(id_contrato="CO1.PCCNTR.1", organizacion=junta)
    _sembrar("--juntas", "5", "--reset")
    assert Organizacion.objects.juntas().count() == 5
    assert not CuentaProveedor.objects.filter(nit="900123456").exists()
    assert not FamiliaUnspsc.objects.filter(nombre="Obras").exists()
    assert not Contrato.objects.exclude(fuente=Fuente.DEMO).exists()
