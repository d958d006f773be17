"""Which Junta of the registry a SECOP II supplier is: by NIT (automatic) or, failing that, by
name (candidates for staff to confirm).

The registry is read once per run into two dictionaries (64,000 Juntas take well under a
second), so matching a page of rows costs no query.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from juntas.models import Organizacion

from .normalizacion import clave_de_junta, nit9

# A name shared by more Juntas than this (say «Centro» in a national registry) tells staff
# nothing: no candidate is proposed for it.
MAXIMO_CANDIDATAS = 5


@dataclass
class IndiceRegistro:
    por_nit: dict[str, int] = field(default_factory=dict)  # nine digits → organization id
    por_clave: dict[str, list[int]] = field(default_factory=dict)  # name key → ids

    @classmethod
    def cargar(cls) -> IndiceRegistro:
        """Every organization of the registry (Juntas and Asociaciones)."""
        por_nit, por_clave = {}, defaultdict(list)
        for pk, nit, nombre in Organizacion.objects.values_list("pk", "nit", "nombre").order_by(
            "pk"
        ):
            if nueve := nit9(nit):
                por_nit[nueve] = pk
            if clave := clave_de_junta(nombre, exigir_prefijo=False):
                por_clave[clave].append(pk)
        return cls(por_nit=por_nit, por_clave=dict(por_clave))

    def junta_por_nit(self, nit: str | None) -> int | None:
        return self.por_nit.get(nit) if nit else None

    def candidatas(self, nombre_proveedor: str) -> list[int]:
        """The Juntas whose name matches a supplier's that looks like a Junta's."""
        clave = clave_de_junta(nombre_proveedor)
        if clave is None:
            return []
        encontradas = self.por_clave.get(clave, [])
        return list(encontradas) if len(encontradas) <= MAXIMO_CANDIDATAS else []
