"""The clerk's admin: the index links to the staff pages, the board inline is compact, the cells
of inlines and editable lists have accessible names."""

import pytest
from django.urls import reverse

from tests.factories import DignatarioFactory, OrganizacionFactory


@pytest.mark.django_db
def test_admin_index_links_to_the_staff_pages(client, secretaria):
    client.force_login(secretaria)
    html = client.get(reverse("admin:index")).content.decode()
    for nombre in (
        "tablero:inicio",
        "resultados:diagnostico",
        "estrategia:tablero",
        "estrategia:plan",
        "estrategia:sesiones",
    ):
        assert f'href="{reverse(nombre)}"' in html, nombre


@pytest.mark.django_db
def test_board_inline_is_compact_with_details_on_the_dignatario_page(client, secretaria):
    junta = OrganizacionFactory()
    dignatario = DignatarioFactory(organizacion=junta, documento="1047999888")
    client.force_login(secretaria)
    respuesta = client.get(reverse("admin:juntas_organizacion_change", args=[junta.pk]))
    html = respuesta.content.decode()
    formset = next(
        f
        for f in respuesta.context["inline_admin_formsets"]
        if f.opts.model.__name__ == "Dignatario"
    )
    assert [c["name"] for c in formset.fields()] == [
        "cargo",
        "suplente",
        "nombres",
        "apellidos",
        "activo",
    ]
    assert "1047999888" not in html  # the document is on the dignatario's own page
    assert reverse("admin:juntas_dignatario_change", args=[dignatario.pk]) in html
    assert f"{reverse('admin:juntas_dignatario_add')}?organizacion={junta.pk}" in html
    # Every field of the inline has a name (axe: label, select-name).
    assert f'aria-label="Cargo ({dignatario})"' in html
    assert f'aria-label="¿Eliminar? ({dignatario})"' in html


@pytest.mark.django_db
def test_editable_list_cells_have_names(client, secretaria):
    client.force_login(secretaria)
    html = client.get(reverse("admin:juntas_requisito_changelist")).content.decode()
    assert 'aria-label="Peso (' in html and 'aria-label="Orden (' in html
