"""Roles kept apart: the Secretaría creates leaders' accounts but assigns no role; a role
administrator does, never to themselves and never superuser; no account is both Secretaría and
monitor on any path; every change of role is in the history shown on the account's page."""

import random

import pytest
from django.contrib.auth.models import Group, Permission, User, update_last_login
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from demo import registro as demo
from juntas.permisos import inicio_de
from nucleo.models import CambioDeRol
from nucleo.permisos import es_monitor, es_secretaria, puede_ver_tablero
from nucleo.roles import (
    ADMINISTRADOR,
    LIDER,
    MONITOR,
    SECRETARIA,
    puede_asignar_roles,
    sincronizar_roles,
)
from tests.factories import DignatarioFactory, UserFactory, crear_monitor
from tests.sistema.test_cache import _visitar, compartida  # noqa: F401 (a fixture)


def _grupo(nombre):
    return Group.objects.get(name=nombre)


def _cambio(usuario):
    return reverse("admin:auth_user_change", args=[usuario.pk])


def _formulario(usuario, **cambios):
    """The change form's POST as the browser sends it, with `cambios` on top."""
    datos = {
        "username": usuario.username,
        "first_name": usuario.first_name,
        "last_name": usuario.last_name,
        "email": usuario.email,
        "is_active": "on",
        "date_joined_0": timezone.localtime(usuario.date_joined).strftime("%d/%m/%Y"),
        "date_joined_1": timezone.localtime(usuario.date_joined).strftime("%H:%M:%S"),
        "cambios_de_rol-TOTAL_FORMS": "0",
        "cambios_de_rol-INITIAL_FORMS": "0",
        "cambios_de_rol-MIN_NUM_FORMS": "0",
        "cambios_de_rol-MAX_NUM_FORMS": "0",
    }
    datos.update(cambios)
    return {clave: valor for clave, valor in datos.items() if valor is not None}


def _roles(usuario):
    usuario.refresh_from_db()
    return (
        usuario.is_staff,
        usuario.is_superuser,
        set(usuario.groups.values_list("name", flat=True)),
        usuario.user_permissions.count(),
    )


@pytest.fixture
def administrador(db):
    usuario = UserFactory(username="administrador-prueba", grupo=ADMINISTRADOR)
    usuario.is_staff = True
    usuario.save()
    return usuario


@pytest.fixture
def cuenta_de_lider(db):
    return UserFactory(username="45123987", grupo=LIDER, first_name="Rosa")


# Who may assign roles ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_secretaria_posting_roles_on_a_leader_changes_nothing_but_the_name(
    client, secretaria, cuenta_de_lider
):
    client.force_login(secretaria)
    respuesta = client.post(
        _cambio(cuenta_de_lider),
        _formulario(
            cuenta_de_lider,
            first_name="Rosa Elena",
            is_superuser="on",
            is_staff="on",
            groups=[_grupo(MONITOR).pk, _grupo(SECRETARIA).pk],
            user_permissions=[Permission.objects.get(codename="asignar_roles").pk],
        ),
    )
    assert respuesta.status_code == 302, respuesta.context["adminform"].form.errors
    assert _roles(cuenta_de_lider) == (False, False, {LIDER}, 0)
    assert cuenta_de_lider.first_name == "Rosa Elena"  # the account itself is hers to edit


@pytest.mark.django_db
def test_secretaria_cannot_give_themselves_superuser_or_monitor(client, secretaria):
    client.force_login(secretaria)
    client.post(
        _cambio(secretaria),
        _formulario(secretaria, is_superuser="on", is_staff="on", groups=[_grupo(MONITOR).pk]),
    )
    assert _roles(secretaria) == (True, False, {SECRETARIA}, 0)
    assert not es_monitor(secretaria)


@pytest.mark.django_db
def test_role_administrator_assigns_a_role_and_it_is_in_the_history(
    client, administrador, cuenta_de_lider
):
    client.force_login(administrador)
    respuesta = client.post(
        _cambio(cuenta_de_lider),
        _formulario(cuenta_de_lider, groups=[_grupo(MONITOR).pk]),
    )
    assert respuesta.status_code == 302
    assert _roles(cuenta_de_lider) == (False, False, {MONITOR}, 0)
    # One row for the whole form (a group removed and one added), with who, from where, what.
    cambio = CambioDeRol.objects.get(usuario=cuenta_de_lider, autor=administrador)
    assert cambio.antes["grupos"] == [LIDER] and cambio.despues["grupos"] == [MONITOR]
    assert cambio.origen == _cambio(cuenta_de_lider)
    assert cambio.resumen() == "+ grupo «Monitor»; − grupo «Líder de Junta»"
    pagina = client.get(_cambio(cuenta_de_lider)).content.decode()
    assert "historial de roles" in pagina.lower() and "+ grupo «Monitor»" in pagina


@pytest.mark.django_db
def test_role_administrator_cannot_make_superusers_nor_change_their_own_roles(
    client, administrador, cuenta_de_lider
):
    client.force_login(administrador)
    client.post(
        _cambio(cuenta_de_lider),
        _formulario(cuenta_de_lider, is_superuser="on", groups=[_grupo(LIDER).pk]),
    )
    assert _roles(cuenta_de_lider) == (False, False, {LIDER}, 0)
    client.post(
        _cambio(administrador),
        _formulario(administrador, is_staff="on", groups=[_grupo(SECRETARIA).pk]),
    )
    assert _roles(administrador) == (True, False, {ADMINISTRADOR}, 0)


@pytest.mark.django_db
def test_superuser_assigns_any_role(client, cuenta_de_lider):
    jefe = User.objects.create_superuser("jefe", "jefe@example.org", "clave-de-prueba-123")
    client.force_login(jefe)
    client.post(
        _cambio(cuenta_de_lider),
        _formulario(cuenta_de_lider, is_staff="on", groups=[_grupo(ADMINISTRADOR).pk]),
    )
    assert _roles(cuenta_de_lider) == (True, False, {ADMINISTRADOR}, 0)
    assert puede_asignar_roles(cuenta_de_lider)


@pytest.mark.django_db
def test_secretaria_adding_a_user_sets_no_role(client, secretaria):
    client.force_login(secretaria)
    client.post(
        reverse("admin:auth_user_add"),
        {
            "username": "nuevo",
            "password1": "una-clave-bien-larga-2026",
            "password2": "una-clave-bien-larga-2026",
            "usable_password": "true",
            "is_staff": "on",
            "is_superuser": "on",
            "groups": [_grupo(MONITOR).pk],
        },
    )
    assert _roles(User.objects.get(username="nuevo")) == (False, False, set(), 0)


@pytest.mark.django_db
@pytest.mark.parametrize("otro", ["superusuario", "administrador", "monitor", "colega"])
def test_secretaria_cannot_edit_accounts_with_other_roles(client, secretaria, administrador, otro):
    cuentas = {
        "superusuario": lambda: User.objects.create_superuser("jefe", "j@example.org", "x"),
        "administrador": lambda: administrador,
        "monitor": crear_monitor,
        "colega": lambda: UserFactory(username="colega", grupo=SECRETARIA, is_staff=True),
    }
    cuenta = cuentas[otro]()
    clave = cuenta.password
    client.force_login(secretaria)
    # The page is read-only: a POST is refused, and so is setting a password (that would be
    # holding a monitor's or an administrator's key).
    assert client.post(_cambio(cuenta), _formulario(cuenta, is_active=None)).status_code == 403
    password = reverse("admin:auth_user_password_change", args=[cuenta.pk])
    respuesta = client.post(
        password, {"password1": "nueva-clave-2026", "password2": "nueva-clave-2026"}
    )
    assert respuesta.status_code == 403
    cuenta.refresh_from_db()
    assert cuenta.is_active and cuenta.password == clave
    assert client.get(_cambio(cuenta)).status_code == 200  # viewing stays


@pytest.mark.django_db
def test_secretaria_sets_a_leaders_password(client, secretaria, cuenta_de_lider):
    client.force_login(secretaria)
    password = reverse("admin:auth_user_password_change", args=[cuenta_de_lider.pk])
    client.post(password, {"password1": "nueva-clave-2026", "password2": "nueva-clave-2026"})
    cuenta_de_lider.refresh_from_db()
    assert cuenta_de_lider.check_password("nueva-clave-2026")


@pytest.mark.django_db
def test_the_secretaria_group_holds_no_role_assignment_permission(db):
    grupo = _grupo(SECRETARIA)
    grupo.permissions.add(
        *Permission.objects.filter(codename__in=["change_group", "asignar_roles"])
    )
    sincronizar_roles()  # every migrate puts the rule back
    codigos = set(grupo.permissions.values_list("codename", flat=True))
    assert {"view_user", "add_user", "change_user"} <= codigos
    assert not codigos & {"change_group", "add_group", "delete_user", "asignar_roles"}
    assert not puede_asignar_roles(UserFactory(grupo=SECRETARIA, is_staff=True))


@pytest.mark.django_db
def test_secretaria_cannot_open_the_groups_nor_the_role_history(client, secretaria):
    client.force_login(secretaria)
    grupo = _grupo(MONITOR)
    assert client.get(reverse("admin:auth_group_change", args=[grupo.pk])).status_code == 403
    assert client.get(reverse("admin:nucleo_cambioderol_changelist")).status_code == 403


@pytest.mark.django_db
def test_role_administrator_audits_every_change_but_edits_none(client, administrador, monitor):
    client.force_login(administrador)
    lista = client.get(reverse("admin:nucleo_cambioderol_changelist"))
    assert lista.status_code == 200 and "monitor-prueba" in lista.content.decode()
    cambio = CambioDeRol.objects.filter(usuario=monitor).first()
    url = reverse("admin:nucleo_cambioderol_change", args=[cambio.pk])
    assert client.post(url, {"antes": "{}"}).status_code == 403
    assert (
        client.post(reverse("admin:nucleo_cambioderol_delete", args=[cambio.pk])).status_code == 403
    )


@pytest.mark.django_db
def test_role_administrator_holds_no_secretaria_key(client, administrador):
    assert not es_secretaria(administrador) and not puede_ver_tablero(administrador)
    assert inicio_de(administrador) == reverse("admin:index")
    client.force_login(administrador)
    assert client.get(reverse("tablero:inicio")).status_code == 403
    assert client.get(reverse("admin:juntas_organizacion_changelist")).status_code == 403


# Secretaría and monitor never on one account ----------------------------------------------------


@pytest.mark.django_db
def test_admin_form_refuses_staff_and_monitor_together(client, administrador, cuenta_de_lider):
    client.force_login(administrador)
    respuesta = client.post(
        _cambio(cuenta_de_lider),
        _formulario(cuenta_de_lider, is_staff="on", groups=[_grupo(MONITOR).pk]),
    )
    assert respuesta.status_code == 200
    assert "no puede ser de monitor y a la vez de la Secretaría" in respuesta.content.decode()
    assert _roles(cuenta_de_lider) == (False, False, {LIDER}, 0)


@pytest.mark.django_db
def test_admin_form_turns_a_monitor_into_staff_when_the_monitor_group_goes(client, administrador):
    monitor = crear_monitor()
    client.force_login(administrador)
    respuesta = client.post(
        _cambio(monitor), _formulario(monitor, is_staff="on", groups=[_grupo(SECRETARIA).pk])
    )
    assert respuesta.status_code == 302
    assert _roles(monitor) == (True, False, {SECRETARIA}, 0)
    cambio = CambioDeRol.objects.get(usuario=monitor, autor=administrador)
    assert cambio.antes["staff"] is False and cambio.despues["staff"] is True


@pytest.mark.django_db
def test_groups_add_refuses_monitor_on_staff_from_either_side(secretaria):
    with pytest.raises(ValidationError, match="no puede ser de monitor"), transaction.atomic():
        secretaria.groups.add(_grupo(MONITOR))
    with pytest.raises(ValidationError, match="no puede ser de monitor"), transaction.atomic():
        _grupo(MONITOR).user_set.add(secretaria)
    assert _roles(secretaria)[2] == {SECRETARIA}


@pytest.mark.django_db
def test_groups_add_refuses_the_secretaria_group_on_a_monitor(monitor):
    with pytest.raises(ValidationError, match="no puede ser de monitor"), transaction.atomic():
        monitor.groups.add(_grupo(SECRETARIA))
    ambos = UserFactory(username="ambos", grupo=SECRETARIA)
    with pytest.raises(ValidationError, match="asigna los roles"), transaction.atomic():
        ambos.groups.add(_grupo(ADMINISTRADOR))


@pytest.mark.django_db
@pytest.mark.parametrize("marca", ["is_staff", "is_superuser"])
def test_saving_a_monitor_as_staff_or_superuser_is_refused(monitor, marca):
    setattr(monitor, marca, True)
    with pytest.raises(ValidationError, match="no puede ser de monitor"):
        monitor.save()
    assert _roles(monitor)[:2] == (False, False)


@pytest.mark.django_db
def test_an_old_incompatible_account_can_still_be_deactivated(monitor):
    User.objects.filter(pk=monitor.pk).update(is_staff=True)  # data from before the rule
    monitor.refresh_from_db()
    monitor.is_active = False
    monitor.save()
    assert not User.objects.get(pk=monitor.pk).is_active


# History on every path -------------------------------------------------------------------------


@pytest.mark.django_db
def test_role_changes_outside_the_admin_are_recorded(cuenta_de_lider):
    antes = CambioDeRol.objects.count()
    cuenta_de_lider.groups.remove(_grupo(LIDER))
    cuenta_de_lider.is_staff = True
    cuenta_de_lider.save()
    cuenta_de_lider.first_name = "Otra"  # no role changes: no row
    cuenta_de_lider.save()
    cambios = list(CambioDeRol.objects.filter(usuario=cuenta_de_lider).order_by("pk"))[-2:]
    assert CambioDeRol.objects.count() == antes + 2
    assert cambios[0].resumen() == "− grupo «Líder de Junta»"
    assert cambios[1].resumen() == "staff: no → sí"
    assert cambios[1].autor is None and cambios[1].origen == ""


@pytest.mark.django_db
def test_clearing_a_group_records_each_member(monitor):
    otro = crear_monitor("monitor-2")
    _grupo(MONITOR).user_set.clear()
    for usuario in (monitor, otro):
        ultimo = CambioDeRol.objects.filter(usuario=usuario).first()
        assert ultimo.antes["grupos"] == [MONITOR] and ultimo.despues["grupos"] == []


@pytest.mark.django_db
def test_a_login_writes_no_role_history(monitor):
    antes = CambioDeRol.objects.count()
    update_last_login(None, monitor)  # what every log-in does
    assert CambioDeRol.objects.count() == antes


# The leaders' accounts and the demo ------------------------------------------------------------


@pytest.mark.django_db
def test_leader_account_action_never_takes_over_an_account_with_another_role(
    client, secretaria, junta
):
    dignatario = DignatarioFactory(organizacion=junta, documento="73111222", activo=True)
    crear_monitor("73111222")  # an account that happens to carry that document as username
    client.force_login(secretaria)
    respuesta = client.post(
        reverse("admin:juntas_dignatario_changelist"),
        {"action": "crear_cuenta_de_lider", "_selected_action": [dignatario.pk]},
        follow=True,
    )
    assert "Pida al administrador de roles" in respuesta.content.decode()
    dignatario.refresh_from_db()
    assert dignatario.usuario is None
    assert _roles(User.objects.get(username="73111222"))[2] == {MONITOR}


@pytest.mark.django_db
def test_leader_account_action_needs_the_add_user_permission(client, junta):
    dignatario = DignatarioFactory(organizacion=junta, activo=True)
    sin_cuentas = UserFactory(username="solo-registro", is_staff=True)
    sin_cuentas.user_permissions.add(
        *Permission.objects.filter(
            content_type__app_label="juntas", codename__endswith="dignatario"
        )
    )
    client.force_login(sin_cuentas)
    client.post(
        reverse("admin:juntas_dignatario_changelist"),
        {"action": "crear_cuenta_de_lider", "_selected_action": [dignatario.pk]},
    )
    dignatario.refresh_from_db()
    assert dignatario.usuario is None


@pytest.mark.django_db
def test_demo_accounts_hold_compatible_roles_and_the_role_administrator(db, capsys):
    sembrador = demo.SembradorRegistro(random.Random(1), timezone.localdate(), None)
    sembrador.cuentas_base()
    secretaria = sembrador.cuentas_base()  # run twice: a re-seed keeps them valid
    assert secretaria.username == "secretaria"
    cuentas = {
        u.username: u for u in User.objects.filter(username__in=[c.usuario for c in demo.CUENTAS])
    }
    assert set(cuentas) == {"secretaria", "monitor", "lider", "lider2", "administrador"}
    assert es_secretaria(cuentas["secretaria"]) and not puede_asignar_roles(cuentas["secretaria"])
    assert es_monitor(cuentas["monitor"]) and not es_secretaria(cuentas["monitor"])
    assert puede_asignar_roles(cuentas["administrador"])
    assert not es_secretaria(cuentas["administrador"])
    call_command("cuentas_demo")
    assert "administrador" in capsys.readouterr().out


@pytest.mark.usefixtures("compartida")
def test_shared_cache_sees_a_role_removed_in_the_admin(client, administrador):
    monitor = crear_monitor()
    client.force_login(monitor)
    assert _visitar(client, reverse("tablero:inicio")).status_code == 200
    del_administrador = client.__class__()
    del_administrador.force_login(administrador)
    del_administrador.post(_cambio(monitor), _formulario(monitor, groups=[]))
    assert client.get(reverse("tablero:inicio")).status_code == 403
