"""Spanish labels with their accents: every export page of the admin, the libraries' messages
(django-import-export, django-axes) the admin shows."""

import re

import pytest
from django.contrib import admin
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext, ngettext
from import_export.admin import ExportMixin

# Spanish words that carry an accent, as they come out when one is missing.
SIN_TILDE = re.compile(
    r"\b(codigo|direccion|telefono|organizacion|personeria|eleccion|asociacion|numero|"
    r"localidad comun|descripcion|sesion|modulo|inscripcion|informacion|titulo|anio|"
    r"ultimo|categoria|observacion|participacion|evaluacion|calificacion|periodo fin|"
    r"razon|dias|pais|busqueda)\b",
    re.IGNORECASE,
)


@pytest.mark.django_db
def test_every_export_page_names_its_columns_with_accents(client, secretaria):
    secretaria.is_superuser = True
    secretaria.save()
    client.force_login(secretaria)
    exportables = [m for m, a in admin.site._registry.items() if isinstance(a, ExportMixin)]
    assert len(exportables) >= 2
    for modelo in exportables:
        url = reverse(f"admin:{modelo._meta.app_label}_{modelo._meta.model_name}_export")
        html = client.get(url).content.decode()
        etiquetas = [
            re.sub(r"\s*\([a-z_]+\)$", "", e.strip())  # the file's column name, in parentheses
            for e in re.findall(r"<label[^>]*>([^<]+)</label>", html)
        ]
        assert etiquetas, url
        malas = [e for e in etiquetas if SIN_TILDE.search(e)]
        assert not malas, (url, malas)
    html = client.get(reverse("admin:juntas_organizacion_export")).content.decode()
    for esperada in ("Código de registro", "Dirección", "Teléfono de contacto", "Número"):
        assert esperada in html


def test_the_libraries_strings_the_admin_shows_are_spanish():
    with translation.override("es-co"):
        assert gettext(
            "Import finished: {} new, {} updated, {} deleted and {} skipped {}."
        ).startswith("Importación terminada")
        assert gettext("access attempts") == "intentos de ingreso"
        assert gettext("Select all") == "Seleccionar todo"
        assert ngettext("Export %(len)s selected item.", "Export %(len)s selected items.", 2) == (
            "Exportar %(len)s elementos seleccionados."
        )


@pytest.mark.django_db
def test_admin_index_has_no_axes_in_english(client, secretaria):
    secretaria.is_superuser = True
    secretaria.save()
    client.force_login(secretaria)
    html = client.get(reverse("admin:index")).content.decode()
    assert "Seguridad del ingreso" in html and "Intentos de ingreso" in html
    assert ">Axes<" not in html and "Access attempts" not in html
