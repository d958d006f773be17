"""Summary rows kept current as the data changes, so a dashboard adds up a few hundred rows
instead of reading every answer or attendance row.

An app declares a *class* of summaries: how the data splits into buckets (a territory's Juntas,
a range of people's ids) and how one bucket's aggregate is computed from the raw rows
(`calcular(clave) -> dict`, JSON-native; empty when the bucket holds nothing). It then says
which models feed it and which buckets a row belongs to (`depende`). From then on:

1. A save or delete of such a row marks its buckets pending, in the same transaction as the
   change (one upsert per bucket and transaction, into `ResumenPendiente`).
2. Right after the commit the process that wrote recomputes those buckets, each under a row
   lock (two writers of one bucket recompute one after the other, and the later one reads both
   changes), and clears their pending marks.
3. Readers (`leer`) take the stored rows and compute from the raw rows, without saving, any
   bucket still pending: a change whose recompute has not run yet, a process that died in
   between, a test whose transaction never commits. What they return is always what the raw
   rows say. Reads never write.
4. `manage.py reconstruir_resumenes` recomputes every bucket from scratch and reports any
   difference with what was stored (for cron and after a restore); bulk loads that skip the
   signals (seed_demo, the registry import) call `reconstruir()` themselves, and `migrate`
   builds the classes it finds unbuilt.

The core knows no app: each registers its classes from its `AppConfig.ready()`.
"""

import contextlib
import json
import logging
import queue
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import partial

from asgiref.local import Local
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import DEFAULT_DB_ALIAS, close_old_connections, connections, router, transaction
from django.db.models import Exists, Max, Subquery
from django.db.models.signals import post_delete, post_save, pre_save
from django.utils import timezone

from .models import Resumen, ResumenPendiente

log = logging.getLogger(__name__)

# The row that says a class was built at least once (a class without it is computed from the
# raw rows by readers until `reconstruir` runs: right after `migrate` adds a class, say).
CONSTRUIDO = "*"
# The row that holds a class's buckets folded into one (classes registered with `plegar`):
# rewritten by every recompute, under its own row lock, so that a dashboard that only needs the
# totals reads one row instead of hundreds (`leer_plegado`).
PLEGADO = "+"
ESPECIALES = (CONSTRUIDO, PLEGADO)


@dataclass
class Clase:
    nombre: str
    calcular_varias: Callable[[list[str]], dict[str, dict]]
    claves: Callable[[], Iterable[str]]
    lote: int = 500
    modelos: list = field(default_factory=list)
    plegar: Callable[[list[dict]], dict] | None = None

    def calcular(self, claves, calcular_varias=None) -> dict[str, dict]:
        """{bucket: its aggregate as stored (JSON), {} for an empty one} for `claves`, `lote`
        buckets per call of `calcular_varias` (a rebuild of thousands of buckets never holds
        all their raw rows at once)."""
        calcular_varias = calcular_varias or self.calcular_varias
        claves = sorted({str(c) for c in claves})
        calculadas = {}
        for inicio in range(0, len(claves), self.lote):
            grupo = claves[inicio : inicio + self.lote]
            calculadas.update(calcular_varias(grupo))
        return {c: _normal(calculadas.get(c)) for c in claves}


CLASES: dict[str, Clase] = {}


def registrar(
    nombre: str,
    *,
    claves: Callable[[], Iterable],
    calcular: Callable[[str], dict] | None = None,
    calcular_varias: Callable[[list[str]], dict[str, dict]] | None = None,
    lote: int = 500,
    plegar: Callable[[list[dict]], dict] | None = None,
):
    """Declare a class of summaries. `calcular(clave)` is the bucket's aggregate from the raw
    rows (a JSON-native dict, empty for an empty bucket), or `calcular_varias(claves)` gives
    {clave: aggregate} for several at once in a fixed number of queries (then reads, recomputes
    and rebuilds cost the same however many buckets they take, up to `lote` buckets per
    call); `claves()` lists every bucket that may hold data now (used to rebuild).
    `plegar(buckets)`, if given, folds a list of buckets' aggregates into one (what
    `leer_plegado` returns): it is stored with every recompute."""
    if calcular_varias is None:
        if calcular is None:
            raise ValueError(f"{nombre}: give calcular or calcular_varias.")

        def calcular_varias(lista, calcular=calcular):
            return {c: calcular(c) for c in lista}

    CLASES[nombre] = Clase(nombre, calcular_varias, claves, lote, plegar=plegar)


def depende(nombre: str, modelo, claves_de: Callable, *, antes: Callable | None = None):
    """Saves and deletes of `modelo` mark the buckets `claves_de(instancia)` of class `nombre`
    as pending. `antes(instancia)`, if given, is called before a save of an existing row and
    returns the buckets the row leaves (a Junta moving to another territory leaves its old
    one); it may read the database."""
    CLASES[nombre].modelos.append(modelo)
    _RECEPTORES.setdefault(modelo, []).append((nombre, claves_de))
    uid = f"resumen-{nombre}-{modelo._meta.label_lower}"

    def cambio(sender, instance, raw=False, using=DEFAULT_DB_ALIAS, **kwargs):
        if raw:
            return
        marcar(nombre, claves_de(instance), using=using)

    def previo(sender, instance, raw=False, using=DEFAULT_DB_ALIAS, **kwargs):
        if raw or instance.pk is None or instance._state.adding:
            return
        marcar(nombre, antes(instance), using=using)

    post_save.connect(cambio, sender=modelo, dispatch_uid=f"{uid}-save", weak=False)
    post_delete.connect(cambio, sender=modelo, dispatch_uid=f"{uid}-delete", weak=False)
    if antes is not None:
        pre_save.connect(previo, sender=modelo, dispatch_uid=f"{uid}-antes", weak=False)


# model → [(class, claves_de)], for `escritos`.
_RECEPTORES: dict = {}


def escritos(modelo, instancias, using: str = DEFAULT_DB_ALIAS):
    """Rows of `modelo` written without signals (`bulk_create`, say): mark what their saves
    would have marked, in every class that depends on the model."""
    instancias = list(instancias)
    for nombre, claves_de in _RECEPTORES.get(modelo, ()):
        claves = set()
        for instancia in instancias:
            claves.update(claves_de(instancia) or ())
        marcar(nombre, claves, using=using)


def quitar(nombre: str):
    """Forget a class and disconnect what fed it (tests register classes of their own)."""
    clase = CLASES.pop(nombre, None)
    for receptores in _RECEPTORES.values():
        receptores[:] = [(n, f) for n, f in receptores if n != nombre]
    for modelo in clase.modelos if clase else ():
        uid = f"resumen-{nombre}-{modelo._meta.label_lower}"
        post_save.disconnect(sender=modelo, dispatch_uid=f"{uid}-save")
        post_delete.disconnect(sender=modelo, dispatch_uid=f"{uid}-delete")
        pre_save.disconnect(sender=modelo, dispatch_uid=f"{uid}-antes")


# Marking -------------------------------------------------------------------------------------

_local = Local()


class _Lote:
    """The buckets whose pending mark this transaction already wrote (one upsert each)."""

    def __init__(self, using):
        self.using = using
        self.claves: set[tuple[str, str]] = set()

    def pendiente(self, conexion) -> bool:
        """Whether this transaction is still open: its callback is still waiting for the
        commit (a rollback drops it)."""
        return any(funcion is self for _ids, funcion, _robusta in conexion.run_on_commit)

    def __call__(self):  # the commit: the next transaction starts afresh
        if getattr(_local, self.using, None) is self:
            setattr(_local, self.using, None)


def _lote(using) -> _Lote | None:
    conexion = connections[using]
    if not conexion.in_atomic_block:
        return None
    lote = getattr(_local, using, None)
    if lote is None or not lote.pendiente(conexion):
        lote = _Lote(using)
        setattr(_local, using, lote)
        transaction.on_commit(lote, using=using, robust=True)
    return lote


def _recalculados() -> dict:
    """When each bucket was last recomputed by this thread (monotonic clock)."""
    if getattr(_local, "recalculados", None) is None:
        _local.recalculados = {}
    return _local.recalculados


def _tras_commit(nombre, claves, registrado, using):
    """Recompute the buckets a change marked, once per commit however many rows it saved: a
    bucket already recomputed after this change was registered (by an earlier callback of
    the same commit) is skipped. With `RESUMENES_EN_SEGUNDO_PLANO` (the default outside
    tests) the buckets go to this process's worker thread instead, so the request that wrote
    does not wait for them."""
    if getattr(settings, "RESUMENES_EN_SEGUNDO_PLANO", True):
        _trabajador.encolar(nombre, claves, using)
        return
    hechas = _recalculados()
    faltan = {c for c in claves if hechas.get((nombre, c), float("-inf")) < registrado}
    if not faltan:
        return
    ahora = time.monotonic()
    actualizar(nombre, faltan, using=using)
    for clave in faltan:
        hechas[(nombre, clave)] = ahora


class _Trabajador:
    """One thread per process that recomputes the buckets committed changes marked, within
    moments, coalescing what arrives meanwhile (ten writes a second to one bucket: one
    recompute). Until it has, readers compute those buckets from the raw rows (their marks
    are in `ResumenPendiente`); a process that exits first leaves them there for the next
    change, `leer` and `reconstruir_resumenes`."""

    def __init__(self):
        self.cola = queue.SimpleQueue()
        self.hilo = None
        self.cerrojo = threading.Lock()

    def encolar(self, nombre, claves, using):
        with self.cerrojo:
            if self.hilo is None or not self.hilo.is_alive():
                self.hilo = threading.Thread(target=self._trabajar, name="resumenes", daemon=True)
                self.hilo.start()
        self.cola.put((using, nombre, frozenset(claves)))

    def _trabajar(self):
        while True:
            pendientes = {}
            using, nombre, claves = self.cola.get()
            pendientes.setdefault((using, nombre), set()).update(claves)
            while True:  # what arrived meanwhile goes in the same round
                try:
                    using, nombre, claves = self.cola.get_nowait()
                except queue.Empty:
                    break
                pendientes.setdefault((using, nombre), set()).update(claves)
            for (using, nombre), claves in sorted(pendientes.items()):
                try:
                    actualizar(nombre, claves, using=using)
                except Exception:  # noqa: BLE001 (marks stay pending; readers still see it)
                    log.exception("No se pudo recalcular el resumen «%s» %s", nombre, claves)
            close_old_connections()

    def esperar(self, segundos=10.0):
        """Until the queue is empty and the round in progress done (tests, the benchmark)."""
        limite = time.monotonic() + segundos
        while time.monotonic() < limite:
            if self.cola.empty() and not ResumenPendiente.objects.exists():
                return True
            time.sleep(0.05)
        return False


_trabajador = _Trabajador()


@contextlib.contextmanager
def sin_marcar():
    """Bulk loads: no marking in this thread while inside; the caller calls `reconstruir()`
    afterwards (seed_demo)."""
    anterior = getattr(_local, "sin_marcar", False)
    _local.sin_marcar = True
    try:
        yield
    finally:
        _local.sin_marcar = anterior


def marcar(nombre: str, claves: Iterable, using: str = DEFAULT_DB_ALIAS):
    """Mark buckets of class `nombre` pending: in a transaction, recorded with it and
    recomputed once it commits; outside one, recomputed now."""
    if getattr(_local, "sin_marcar", False):
        return
    claves = {str(c) for c in claves or () if c is not None}
    if not claves:
        return
    lote = _lote(using)
    if lote is None:
        ResumenPendiente.objects.using(using).bulk_create(
            [ResumenPendiente(clase=nombre, clave=c) for c in claves],
            update_conflicts=True,
            unique_fields=["clase", "clave"],
            update_fields=["marcado"],
        )
        actualizar(nombre, claves, using=using)
        return
    nuevas = {c for c in claves if (nombre, c) not in lote.claves}
    if nuevas:
        ahora = timezone.now()
        ResumenPendiente.objects.using(using).bulk_create(
            [ResumenPendiente(clase=nombre, clave=c, marcado=ahora) for c in sorted(nuevas)],
            update_conflicts=True,
            unique_fields=["clase", "clave"],
            update_fields=["marcado"],
        )
        lote.claves.update((nombre, c) for c in nuevas)
    transaction.on_commit(
        partial(_tras_commit, nombre, frozenset(claves), time.monotonic(), using),
        using=using,
        robust=True,
    )


def marcar_todo(nombre: str | None = None, using: str = DEFAULT_DB_ALIAS):
    """After a change that touches every bucket (an instrument's round renamed, say): mark
    every bucket of `nombre` (of every class if None)."""
    for clase in [CLASES[nombre]] if nombre else CLASES.values():
        marcar(clase.nombre, list(clase.claves()) + _guardadas(clase.nombre, using), using)


def _guardadas(nombre, using):
    return list(
        Resumen.objects.using(using)
        .filter(clase=nombre)
        .exclude(clave__in=ESPECIALES)
        .values_list("clave", flat=True)
    )


# Recomputing ---------------------------------------------------------------------------------


def _normal(datos) -> dict:
    """As stored and read back (JSON): keys are strings, tuples are lists."""
    return json.loads(json.dumps(datos or {}, cls=DjangoJSONEncoder, sort_keys=True))


def actualizar(nombre: str, claves: Iterable[str], using: str = DEFAULT_DB_ALIAS):
    """Recompute buckets of class `nombre` from the raw rows and store them, in one
    transaction that holds each bucket's row lock (taken in a fixed order): a concurrent
    recompute of the same bucket waits and then reads this one's data too."""
    clase = CLASES[nombre]
    claves = sorted({str(c) for c in claves})
    if not claves:
        return
    with transaction.atomic(using=using):
        if clase.plegar is not None:
            _bloquear_plegado(nombre, using)
        inicio = timezone.now()
        filas = Resumen.objects.using(using).filter(clase=nombre, clave__in=claves)
        existentes = {f.clave: f for f in filas.select_for_update().order_by("clave")}
        faltan = [c for c in claves if c not in existentes]
        if faltan:
            Resumen.objects.using(using).bulk_create(
                [Resumen(clase=nombre, clave=c, datos={}) for c in faltan], ignore_conflicts=True
            )
            existentes = {f.clave: f for f in filas.select_for_update().order_by("clave")}
        vacias, cambiadas = [], []
        for clave, datos in clase.calcular(claves).items():
            fila = existentes[clave]
            if not datos:
                vacias.append(fila.pk)
            else:
                fila.datos, fila.calculado = datos, timezone.now()
                cambiadas.append(fila)
        if vacias:
            Resumen.objects.using(using).filter(pk__in=vacias).delete()
        if cambiadas:
            Resumen.objects.using(using).bulk_update(cambiadas, ["datos", "calculado"])
        ResumenPendiente.objects.using(using).filter(
            clase=nombre, clave__in=claves, marcado__lte=inicio
        ).delete()
        if clase.plegar is not None:
            _guardar_plegado(clase, using)
    # A later change in this thread's open transaction must write its pending mark again.
    lote = getattr(_local, using, None)
    if lote is not None:
        lote.claves -= {(nombre, c) for c in claves}


def _bloquear_plegado(nombre, using):
    """Take the fold's row lock first (before any bucket's: every writer of the class takes
    them in this order), so that the writers of a class fold one after the other and each
    fold reads every bucket committed before it."""
    filas = Resumen.objects.using(using).filter(clase=nombre, clave=PLEGADO)
    if not filas.select_for_update().exists():
        Resumen.objects.using(using).bulk_create(
            [Resumen(clase=nombre, clave=PLEGADO, datos={})], ignore_conflicts=True
        )
        filas.select_for_update().exists()


def _plegado_de(clase, buckets) -> dict:
    return _normal(clase.plegar([b for b in buckets if b]))


def _guardar_plegado(clase, using):
    """The class's stored buckets folded, stored (in the caller's transaction, which holds
    the fold's lock)."""
    buckets = (
        Resumen.objects.using(using)
        .filter(clase=clase.nombre)
        .exclude(clave__in=ESPECIALES)
        .values_list("datos", flat=True)
    )
    Resumen.objects.using(using).filter(clase=clase.nombre, clave=PLEGADO).update(
        datos=_plegado_de(clase, buckets), calculado=timezone.now()
    )


# Reading -------------------------------------------------------------------------------------


def leer(
    nombre: str,
    claves: Iterable[str] | None = None,
    *,
    calcular: Callable[[list[str]], dict[str, dict]] | None = None,
) -> dict[str, dict]:
    """{bucket: its aggregate} for class `nombre` (every bucket, or those in `claves`), as the
    raw rows say now: stored rows, with pending buckets computed here from the raw rows (not
    saved: reads never write), all of them in the same queries. Two queries when nothing is
    pending. `calcular(claves)`, if given, computes the pending buckets instead of the class's
    own function (the registry's documents computed for the day being read)."""
    clase = CLASES[nombre]
    using = router.db_for_read(Resumen)
    filas = Resumen.objects.using(using).filter(clase=nombre)
    if claves is not None:
        claves = {str(c) for c in claves}
        filas = filas.filter(clave__in=[*claves, CONSTRUIDO])
    datos = dict(filas.exclude(clave=PLEGADO).values_list("clave", "datos"))
    if datos.pop(CONSTRUIDO, None) is None:
        log.warning("Resúmenes «%s» sin construir: manage.py reconstruir_resumenes", nombre)
        todas = {str(c) for c in clase.claves()} if claves is None else claves
        return {c: d for c, d in clase.calcular(todas, calcular).items() if d}
    pendientes = ResumenPendiente.objects.using(using).filter(clase=nombre)
    if claves is not None:
        pendientes = pendientes.filter(clave__in=claves)
    pendientes = pendientes.values_list("clave", flat=True)
    for clave, calculada in clase.calcular(pendientes, calcular).items():
        if calculada:
            datos[clave] = calculada
        else:
            datos.pop(clave, None)
    return datos


def leer_plegado(nombre: str) -> dict:
    """The class's buckets folded into one (`plegar`), as the raw rows say now: the stored
    fold when it is current (one query: nothing pending, no bucket recomputed after it), else
    folded here from `leer`."""
    clase = CLASES[nombre]
    using = router.db_for_read(Resumen)
    buckets = Resumen.objects.using(using).filter(clase=nombre).exclude(clave__in=ESPECIALES)
    fila = (
        Resumen.objects.using(using)
        .filter(clase=nombre, clave=PLEGADO)
        .annotate(
            hasta=Subquery(
                buckets.order_by().values("clase").annotate(m=Max("calculado")).values("m")
            ),
            pendiente=Exists(ResumenPendiente.objects.using(using).filter(clase=nombre)),
        )
        .values_list("datos", "calculado", "hasta", "pendiente")
        .first()
    )
    if fila is not None and fila[0] and not fila[3] and (fila[2] is None or fila[2] <= fila[1]):
        return fila[0]
    return _plegado_de(clase, leer(nombre).values())


# Rebuilding ----------------------------------------------------------------------------------


@dataclass
class Diferencia:
    clase: str
    clave: str
    guardado: dict | None
    calculado: dict | None

    def __str__(self):
        if self.guardado is None:
            return f"{self.clase} «{self.clave}»: faltaba"
        if self.calculado is None:
            return f"{self.clase} «{self.clave}»: sobraba"
        distintas = sorted(
            k
            for k in set(self.guardado) | set(self.calculado)
            if self.guardado.get(k) != self.calculado.get(k)
        )
        return f"{self.clase} «{self.clave}»: distinto en {', '.join(distintas[:8])}"


def reconstruir(
    nombres: Iterable[str] | None = None, *, corregir: bool = True, using=DEFAULT_DB_ALIAS
) -> dict[str, dict]:
    """Recompute every bucket of each class from the raw rows and compare with what is stored.
    With `corregir`, store the result (one transaction per class, pending marks cleared).
    Returns {class: {"filas": n, "diferencias": [Diferencia]}}."""
    informe = {}
    for nombre in nombres or sorted(CLASES):
        clase = CLASES[nombre]
        with transaction.atomic(using=using):
            if clase.plegar is not None:
                _bloquear_plegado(nombre, using)
            guardadas = {
                f.clave: f
                for f in Resumen.objects.using(using)
                .filter(clase=nombre)
                .select_for_update()
                .order_by("clave")
            }
            construido = guardadas.pop(CONSTRUIDO, None)
            plegado = guardadas.pop(PLEGADO, None)
            inicio = timezone.now()
            todas = {str(c) for c in clase.claves()} | set(guardadas)
            calculadas = {c: d for c, d in clase.calcular(todas).items() if d}
            diferencias = [
                Diferencia(
                    nombre,
                    clave,
                    guardadas[clave].datos if clave in guardadas else None,
                    calculadas.get(clave),
                )
                for clave in sorted(set(guardadas) | set(calculadas))
                if clave not in guardadas
                or clave not in calculadas
                or _normal(guardadas[clave].datos) != calculadas[clave]
            ]
            if clase.plegar is not None and construido is not None:
                esperado = _plegado_de(clase, calculadas.values())
                if plegado is None or _normal(plegado.datos) != esperado:
                    diferencias.append(
                        Diferencia(nombre, PLEGADO, plegado.datos if plegado else None, esperado)
                    )
            if corregir:
                Resumen.objects.using(using).filter(clase=nombre).exclude(
                    clave__in=[*calculadas, PLEGADO]
                ).delete()
                ahora = timezone.now()
                nuevas, cambiadas = [], []
                for clave, datos in calculadas.items():
                    fila = guardadas.get(clave)
                    if fila is None:
                        nuevas.append(Resumen(clase=nombre, clave=clave, datos=datos))
                    elif _normal(fila.datos) != datos:
                        fila.datos, fila.calculado = datos, ahora
                        cambiadas.append(fila)
                Resumen.objects.using(using).bulk_create(nuevas, batch_size=500)
                Resumen.objects.using(using).bulk_update(
                    cambiadas, ["datos", "calculado"], batch_size=500
                )
                Resumen.objects.using(using).update_or_create(
                    clase=nombre,
                    clave=CONSTRUIDO,
                    defaults={"datos": {"construido": ahora.isoformat()}, "calculado": ahora},
                )
                ResumenPendiente.objects.using(using).filter(
                    clase=nombre, marcado__lte=inicio
                ).delete()
                if clase.plegar is not None:
                    _guardar_plegado(clase, using)
            elif construido is None:
                diferencias.insert(0, Diferencia(nombre, CONSTRUIDO, None, {}))
        informe[nombre] = {"filas": len(calculadas), "diferencias": diferencias}
    return informe


def construir_faltantes(using=DEFAULT_DB_ALIAS):
    """Build the classes a database does not hold yet (a new class, a new database): called
    after `migrate` (and after a test database is flushed)."""
    construidas = set(
        Resumen.objects.using(using).filter(clave=CONSTRUIDO).values_list("clase", flat=True)
    )
    faltan = [n for n in sorted(CLASES) if n not in construidas]
    if faltan:
        reconstruir(faltan, using=using)
