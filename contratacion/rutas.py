"""The contracting route of a SECOP II contract, told from how SECOP II describes it: in
Python (`ruta_de`) and as a SQL expression with the same rules (`expresion_ruta`)."""

import re
import unicodedata

from django.db.models import Case, CharField, Q, Value, When
from django.utils.translation import gettext_lazy as _

from juntas.models import Ruta as RutaJunta


class Ruta:
    """The route of a contract: the four routes a Junta pursues (`juntas.models.Ruta`, where
    readiness is computed) and «otra modalidad» for every other SECOP II contract."""

    CONVENIO_SOLIDARIO = RutaJunta.CONVENIO_SOLIDARIO.value
    DESARROLLO = RutaJunta.DESARROLLO.value
    DECRETO_092 = RutaJunta.DECRETO_092.value
    MINIMA_CUANTIA = RutaJunta.MINIMA_CUANTIA.value
    OTRA = "otra"

    NOMBRES = {**{r.value: r.label for r in RutaJunta}, OTRA: _("Otra modalidad")}
    ORDEN = [*RutaJunta.values, OTRA]


def sin_tildes(patron: str) -> str:
    """A regex that matches a vowel with or without accent, in either case, in Python and in
    PostgreSQL (whose `~*` may not fold accented capitals under every collation)."""
    clases = {"a": "[aáAÁ]", "e": "[eéEÉ]", "i": "[iíIÍ]", "o": "[oóOÓ]", "u": "[uúüUÚÜ]"}
    return re.sub(r"[áéíóú]", lambda m: clases[_base(m.group())], patron)


def _base(letra):
    return unicodedata.normalize("NFD", letra)[0]


# (route, regex, fields it is looked for in), first match wins. Real spellings in SECOP II
# (jbjy-vk9h): `justificacion_modalidad_de` «Law2166of2021_Article95_SolidarityAgreements» and
# «Convenios Solidarios Regimen articulo 92 Ley 2166 de 2021» (sic) for convenios solidarios,
# «Presupuesto menor al 10% de la Menor Cuantía» for mínima cuantía; `tipo_de_contrato`
# «Decreto 092 de 2017» for non-profits; `modalidad_de_contratacion` «Mínima cuantía».
# Art. 63 has no code of its own in SECOP II [verificar]: it is recognised when the
# justification cites art. 141 of Ley 136 or art. 63 of Ley 2166.
_J, _T, _M = "justificacion_modalidad", "tipo", "modalidad"
REGLAS_DE_RUTA = [
    (Ruta.CONVENIO_SOLIDARIO, r"solidar|article_?95", (_J, _T, _M)),
    (
        Ruta.DESARROLLO,
        r"136[^0-9].*141|141[^0-9].*136|article_?63|art[^0-9]{0,10}63([^0-9]|$)",
        (_J, _T),
    ),
    (Ruta.DECRETO_092, r"0?92\s*(de|/)?\s*(del?\s*)?2017", (_J, _T, _M)),
    (Ruta.MINIMA_CUANTIA, sin_tildes(r"mínima\s*cuantía"), (_M,)),
    (Ruta.MINIMA_CUANTIA, sin_tildes(r"10\s*%.*menor\s*cuantía"), (_J,)),
]
_COMPILADAS = [(ruta, re.compile(p, re.IGNORECASE), campos) for ruta, p, campos in REGLAS_DE_RUTA]


def ruta_de(modalidad: str = "", justificacion: str = "", tipo: str = "") -> str:
    """The contracting route of a contract, from how SECOP II describes it (`Ruta.*`)."""
    valores = {_M: modalidad or "", _J: justificacion or "", _T: tipo or ""}
    for ruta, patron, campos in _COMPILADAS:
        if any(patron.search(valores[c]) for c in campos):
            return ruta
    return Ruta.OTRA


def expresion_ruta():
    """`ruta_de` as a SQL expression over `Contrato` (same rules, same order)."""
    casos = []
    for ruta, patron, campos in REGLAS_DE_RUTA:
        condicion = Q()
        for campo in campos:
            condicion |= Q(**{f"{campo}__iregex": patron})
        casos.append(When(condicion, then=Value(ruta)))
    return Case(*casos, default=Value(Ruta.OTRA), output_field=CharField())
