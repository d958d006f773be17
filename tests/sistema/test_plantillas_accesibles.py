"""Sweeps over every template of the project, for the defects a phone user hit once and that
must not come back anywhere:

- a table's scrolling box (`.table-responsive`) can be reached with the keyboard and is named
  (`tabindex="0"`, `role="region"` and a label), or a keyboard user cannot scroll it;
- a folded section (`<details>`) holding a form opens itself when that form has errors, or the
  error is hidden inside it (the «Devolver» form once stayed folded);
- chart labels are never cut by a character count in the template (`truncatechars`) on the
  dashboards: the full text wraps, or the chart shortens it with the full text in its tooltip.
"""

import re
from pathlib import Path

import pytest
from django.conf import settings

PLANTILLAS = sorted(
    p
    for carpeta in settings.TEMPLATES[0]["DIRS"]
    for p in Path(carpeta).rglob("*.html")
    if "admin" not in p.relative_to(carpeta).parts[:1]
)


def test_the_sweep_sees_the_templates():
    assert len(PLANTILLAS) > 50


@pytest.mark.parametrize("plantilla", PLANTILLAS, ids=lambda p: p.name)
def test_scrolling_table_boxes_are_reachable_and_named(plantilla):
    for etiqueta in re.findall(
        r"<div[^>]*class=\"[^\"]*table-responsive[^\"]*\"[^>]*>", plantilla.read_text()
    ):
        assert 'tabindex="0"' in etiqueta and 'role="region"' in etiqueta, etiqueta
        assert "aria-label" in etiqueta, etiqueta


@pytest.mark.parametrize("plantilla", PLANTILLAS, ids=lambda p: p.name)
def test_a_folded_form_opens_when_it_has_errors(plantilla):
    texto = plantilla.read_text()
    for apertura, cuerpo in re.findall(r"(<details[^>]*>)(.*?)</details>", texto, re.S):
        if "<form" in cuerpo and "errors" in cuerpo + apertura:
            assert re.search(r"\{% if [^%]*errors[^%]*%\}\s*open", apertura), apertura
        elif "<form" in cuerpo and "|crispy" in cuerpo:
            assert "open" in apertura, f"{plantilla.name}: {apertura} holds a form"


def test_the_milestone_timeline_does_not_cut_titles():
    cronograma = next(p for p in PLANTILLAS if p.name == "_cronograma.html").read_text()
    assert "truncatechars" not in cronograma
