"""Sessions: leaders register delegates within limits (race-safe), staff take attendance on a
phone or import it from CSV (all or nothing)."""

import datetime
import threading

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from capacitacion.models import Inscripcion, Modulo, Persona, Sesion
from capacitacion.services import formacion as services
from demo.capacitacion import sembrar_estrategia
from tests.factories import DignatarioFactory, OrganizacionFactory

PORTAL = reverse("capacitacion_portal:inicio")


def _sesion(**campos):
    inicio = timezone.now() + datetime.timedelta(days=5)
    datos = {
        "modulo": Modulo.objects.get(nombre="SECOP II paso a paso"),
        "inicio": inicio,
        "fin": inicio + datetime.timedelta(hours=4),
        "lugar": "Casa de la Cultura de Manga",
        "facilitador_organizacion": "Universidad de Cartagena",
        "cupo": 10,
        "cupo_por_junta": 2,
        **campos,
    }
    return Sesion.objects.create(**datos)


@pytest.fixture
def sesion(db):
    sembrar_estrategia()
    return _sesion()


def _empezo(sesion):
    """Attendance is taken once a session has started (registration needs it ahead)."""
    sesion.inicio = timezone.now() - datetime.timedelta(hours=1)
    sesion.save(update_fields=["inicio"])


def _persona(documento, junta):
    return Persona.objects.create(
        documento=documento, nombres="Ana", apellidos="Pérez", organizacion=junta
    )


@pytest.mark.django_db
def test_leader_registers_a_dignatario_and_someone_new(client, lider, junta, sesion):
    dignatario = DignatarioFactory(organizacion=junta, documento="45111222")
    client.force_login(lider)
    prefijo = f"s{sesion.pk}"
    client.post(PORTAL, {"sesion": sesion.pk, f"{prefijo}-dignatario": dignatario.pk})
    client.post(
        PORTAL,
        {"sesion": sesion.pk, f"{prefijo}-documento": "1047999888", f"{prefijo}-nombres": "Luis",
         f"{prefijo}-apellidos": "Marrugo"},
    )  # fmt: skip
    inscritos = set(sesion.inscripciones.values_list("persona__documento", flat=True))
    assert inscritos == {"45111222", "1047999888"}
    assert Persona.objects.get(documento="1047999888").organizacion == junta


@pytest.mark.django_db
def test_per_junta_limit_and_capacity(lider, junta, otra_junta, sesion):
    for documento in ("11111", "22222"):
        services.inscribir(sesion, _persona(documento, junta), junta, usuario=lider)
    with pytest.raises(services.InscripcionError, match="ya usó sus 2 cupos"):
        services.inscribir(sesion, _persona("33333", junta), junta, usuario=lider)
    sesion.cupo = 2
    sesion.save()
    with pytest.raises(services.InscripcionError, match="no tiene cupos"):
        services.inscribir(sesion, _persona("44444", otra_junta), otra_junta, usuario=lider)


@pytest.mark.django_db
def test_same_person_twice_and_past_sessions_are_refused(lider, junta, sesion):
    persona = _persona("11111", junta)
    services.inscribir(sesion, persona, junta, usuario=lider)
    with pytest.raises(services.InscripcionError, match="ya está inscrito"):
        services.inscribir(sesion, persona, junta, usuario=lider)
    pasada = _sesion(inicio=timezone.now() - datetime.timedelta(days=1), fin=timezone.now())
    with pytest.raises(services.InscripcionError, match="ya no recibe"):
        services.inscribir(pasada, persona, junta, usuario=lider)


@pytest.mark.django_db(transaction=True)
def test_two_leaders_racing_for_the_last_seat_do_not_oversubscribe(lider, junta, otra_junta):
    sembrar_estrategia()
    sesion = _sesion(cupo=1, cupo_por_junta=1)
    personas = [_persona("11111", junta), _persona("22222", otra_junta)]
    barrera = threading.Barrier(2)
    resultados = []

    def intentar(persona, organizacion):
        try:
            barrera.wait()
            services.inscribir(sesion, persona, organizacion, usuario=lider)
            resultados.append("ok")
        except services.InscripcionError:
            resultados.append("sin cupo")
        finally:
            connection.close()

    hilos = [
        threading.Thread(target=intentar, args=(personas[0], junta)),
        threading.Thread(target=intentar, args=(personas[1], otra_junta)),
    ]
    for hilo in hilos:
        hilo.start()
    for hilo in hilos:
        hilo.join()
    assert sorted(resultados) == ["ok", "sin cupo"]
    assert Inscripcion.objects.filter(sesion=sesion).count() == 1


@pytest.mark.django_db
def test_leader_only_sees_sessions_the_junta_is_called_to(client, lider, junta, sesion):
    from juntas.models import Localidad

    otra = Localidad.objects.exclude(pk=junta.localidad_id).first()
    _sesion(convocatoria=Sesion.Convocatoria.LOCALIDAD, convocatoria_localidad=otra)
    _sesion(convocatoria=Sesion.Convocatoria.LOCALIDAD, convocatoria_localidad=junta.localidad)
    client.force_login(lider)
    vistas = client.get(PORTAL).context["sesiones"]
    assert len(vistas) == 2  # the open one and the one for its localidad


@pytest.mark.django_db
def test_leader_cancels_only_own_registrations(
    client, lider, lider_otra, junta, otra_junta, sesion
):
    propia = services.inscribir(sesion, _persona("11111", junta), junta, usuario=lider)
    ajena = services.inscribir(
        sesion, _persona("22222", otra_junta), otra_junta, usuario=lider_otra
    )
    client.force_login(lider)
    # A registration is named by session and document (pending requests too, see
    # test_privacidad_personas); another Junta's is 404 as if absent.
    assert client.post(PORTAL, {"sesion": sesion.pk, "cancelar": "22222"}).status_code == 404
    client.post(PORTAL, {"sesion": sesion.pk, "cancelar": propia.persona.documento})
    assert list(Inscripcion.objects.all()) == [ajena]


@pytest.mark.django_db
def test_registration_errors_are_shown_in_spanish(client, lider, junta, sesion):
    client.force_login(lider)
    respuesta = client.post(PORTAL, {"sesion": sesion.pk, f"s{sesion.pk}-documento": "12ab"})
    assert "lleva de 5 a 12 dígitos" in respuesta.content.decode()
    respuesta = client.post(PORTAL, {"sesion": sesion.pk, f"s{sesion.pk}-documento": "98765432"})
    assert "Escriba nombres y apellidos de la persona" in respuesta.content.decode()
    assert not Inscripcion.objects.exists()


@pytest.mark.django_db
def test_staff_take_attendance_with_walk_ins_in_one_request(
    client, secretaria, junta, otra_junta, sesion
):
    vino = services.inscribir(sesion, _persona("11111", junta), junta, usuario=secretaria)
    no_vino = services.inscribir(sesion, _persona("22222", junta), junta, usuario=secretaria)
    _persona("33333", otra_junta)
    _empezo(sesion)
    client.force_login(secretaria)
    url = reverse("estrategia:asistencia", args=[sesion.pk])
    assert client.get(url).status_code == 200
    respuesta = client.post(
        url,
        {
            "presente": [vino.pk],
            "nuevo-TOTAL_FORMS": 3, "nuevo-INITIAL_FORMS": 0,
            "nuevo-0-documento": "33333", "nuevo-0-organizacion": otra_junta.pk,
            "nuevo-1-documento": "55555", "nuevo-1-nombres": "Rosa", "nuevo-1-apellidos": "Julio",
            "nuevo-1-organizacion": junta.pk,
        },
    )  # fmt: skip
    assert respuesta.status_code == 302
    presentes = set(
        Inscripcion.objects.filter(sesion=sesion, asistio=True).values_list(
            "persona__documento", flat=True
        )
    )
    assert presentes == {"11111", "33333", "55555"}
    no_vino.refresh_from_db()
    assert no_vino.asistio is False
    assert Inscripcion.objects.get(persona__documento="55555").sin_inscripcion_previa


@pytest.mark.django_db
def test_attendance_csv_import_is_all_or_nothing(client, secretaria, junta, sesion):
    from django.core.files.uploadedfile import SimpleUploadedFile

    _empezo(sesion)
    client.force_login(secretaria)
    url = reverse("estrategia:importar_asistencia", args=[sesion.pk])
    malo = (
        "documento,nombres,apellidos,codigo_registro\n"
        f"11111,Ana,Pérez,{junta.codigo_registro}\n"
        "12ab,Luis,Díaz,{junta}\n"
        "22222,,,NO-EXISTE\n"
    ).replace("{junta}", junta.codigo_registro)
    respuesta = client.post(
        url, {"archivo": SimpleUploadedFile("a.csv", malo.encode())}, follow=True
    )
    contenido = respuesta.content.decode()
    assert "<td>3</td><td>A (documento)</td><td>documento «12ab» no válido" in contenido
    assert "<td>4</td><td>D (codigo_registro)</td><td>no hay una Junta con código «NO-EXISTE»" in (
        contenido
    )
    assert not Inscripcion.objects.exists() and not Persona.objects.exists()
    bueno = (
        f"documento,nombres,apellidos,codigo_registro\n11111,Ana,Pérez,{junta.codigo_registro}\n"
    )
    client.post(url, {"archivo": SimpleUploadedFile("a.csv", bueno.encode())})
    assert Inscripcion.objects.get(persona__documento="11111").asistio


@pytest.mark.django_db
def test_printable_sheet_lists_people_and_blank_rows(client, secretaria, junta, sesion):
    services.inscribir(sesion, _persona("11111", junta), junta, usuario=secretaria)
    client.force_login(secretaria)
    respuesta = client.get(reverse("estrategia:planilla", args=[sesion.pk]))
    contenido = respuesta.content.decode()
    assert "Ana Pérez" in contenido and "Firma" in contenido
    assert len(respuesta.context["libres"]) == 10


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("rol", "portal", "staff"),
    [
        ("anonimo", 302, 302),
        ("lider", 200, 403),
        ("lider_otra", 200, 403),
        ("monitor", 403, 403),
        ("secretaria", 403, 200),
    ],
)
def test_session_pages_by_role(client, request, sesion, rol, portal, staff):
    if rol != "anonimo":
        client.force_login(request.getfixturevalue(rol))
    assert client.get(PORTAL).status_code == portal
    for nombre in ("sesiones", "asistencia", "planilla", "importar_asistencia"):
        args = [] if nombre == "sesiones" else [sesion.pk]
        assert client.get(reverse(f"estrategia:{nombre}", args=args)).status_code == staff


@pytest.mark.django_db
def test_portal_sessions_query_count_is_constant(client, lider, junta, sesion):
    client.force_login(lider)

    def contar():
        with CaptureQueriesContext(connection) as consultas:
            assert client.get(PORTAL).status_code == 200
        return len(consultas)

    services.inscribir(sesion, _persona("11111", junta), junta, usuario=lider)
    antes = contar()
    for i in range(8):
        otra = _sesion()
        services.inscribir(otra, _persona(f"9{i}000", OrganizacionFactory()), junta, usuario=lider)
    assert contar() == antes
