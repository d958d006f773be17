"""The summary-row machinery (`nucleo.resumenes`) on a class of its own: barrios counted per UCG.

What the apps' classes rely on: a change marks its bucket in the same transaction, the bucket is
recomputed once the transaction commits (not before, not after a rollback), readers always get
what the raw rows say without writing, two writers of one bucket end with the right row, and the
rebuild command finds and fixes a row that drifted.
"""

import threading

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from django.db.models import Count
from django.utils import timezone

from juntas.models import Barrio, UnidadComunera
from nucleo import resumenes
from nucleo.models import Resumen, ResumenPendiente

CLASE = "prueba-barrios"


def _clave(ucg_id):
    return str(ucg_id) if ucg_id is not None else "rural"


def _calcular(clave):
    barrios = Barrio.objects.filter(
        unidad_comunera__isnull=clave == "rural",
        **({} if clave == "rural" else {"unidad_comunera_id": int(clave)}),
    )
    n = barrios.count()
    return {"n": n, "nombres": sorted(barrios.values_list("nombre", flat=True))} if n else {}


def _claves():
    return [
        _clave(f["unidad_comunera_id"])
        for f in Barrio.objects.values("unidad_comunera_id").annotate(n=Count("pk")).order_by()
    ]


def _antes(barrio):
    anterior = Barrio.objects.filter(pk=barrio.pk).values_list("unidad_comunera_id", flat=True)
    return [_clave(u) for u in anterior]


@pytest.fixture
def clase(db):
    resumenes.registrar(CLASE, calcular=_calcular, claves=_claves)
    resumenes.depende(CLASE, Barrio, lambda b: [_clave(b.unidad_comunera_id)], antes=_antes)
    resumenes.reconstruir([CLASE])
    yield CLASE
    resumenes.quitar(CLASE)


def _crudo():
    return {c: d for c in _claves() if (d := resumenes._normal(_calcular(c)))}


def _guardado():
    return dict(
        Resumen.objects.filter(clase=CLASE)
        .exclude(clave__in=resumenes.ESPECIALES)
        .values_list("clave", "datos")
    )


def test_a_change_is_marked_with_its_transaction_and_folded_in_after_the_commit(
    clase, django_capture_on_commit_callbacks
):
    ucg = UnidadComunera.objects.order_by("numero").first()
    antes = _guardado()
    with django_capture_on_commit_callbacks(execute=True) as llamadas, transaction.atomic():
        Barrio.objects.create(nombre="Barrio Nuevo", unidad_comunera=ucg)
        Barrio.objects.create(nombre="Otro Barrio", unidad_comunera=ucg)
        # Before the commit: stored row unchanged, one pending mark, readers see the change.
        assert _guardado() == antes
        assert list(
            ResumenPendiente.objects.filter(clase=CLASE).values_list("clave", flat=True)
        ) == [str(ucg.pk)]
        assert resumenes.leer(CLASE) == _crudo()
    assert len(llamadas) >= 1
    assert _guardado() == _crudo()
    assert "Barrio Nuevo" in _guardado()[str(ucg.pk)]["nombres"]
    assert not ResumenPendiente.objects.filter(clase=CLASE).exists()


def test_moving_a_row_updates_the_bucket_it_leaves_and_the_one_it_joins(
    clase, django_capture_on_commit_callbacks
):
    origen, destino = UnidadComunera.objects.order_by("numero")[:2]
    barrio = Barrio.objects.create(nombre="Barrio Viajero", unidad_comunera=origen)
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        barrio.unidad_comunera = destino
        barrio.save()
    guardado = _guardado()
    assert "Barrio Viajero" in guardado[str(destino.pk)]["nombres"]
    assert "Barrio Viajero" not in guardado.get(str(origen.pk), {}).get("nombres", [])
    assert guardado == _crudo()


def test_deleting_the_last_row_of_a_bucket_deletes_its_summary(
    clase, django_capture_on_commit_callbacks
):
    ucg = UnidadComunera.objects.order_by("numero").first()
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        Barrio.objects.filter(unidad_comunera=ucg).delete()
    assert str(ucg.pk) not in _guardado()
    assert _guardado() == _crudo()


def test_a_rolled_back_change_leaves_nothing_and_the_next_transaction_marks_again(
    clase, django_capture_on_commit_callbacks
):
    ucg = UnidadComunera.objects.order_by("numero").first()
    antes = _guardado()
    with django_capture_on_commit_callbacks(execute=True):
        try:
            with transaction.atomic():
                Barrio.objects.create(nombre="Barrio Fallido", unidad_comunera=ucg)
                raise RuntimeError
        except RuntimeError:
            pass
    assert _guardado() == antes
    assert not ResumenPendiente.objects.filter(clase=CLASE).exists()
    # The rolled-back transaction's marks must not make the next one skip its own.
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        Barrio.objects.create(nombre="Barrio Logrado", unidad_comunera=ucg)
        assert ResumenPendiente.objects.filter(clase=CLASE, clave=str(ucg.pk)).exists()
    assert "Barrio Logrado" in _guardado()[str(ucg.pk)]["nombres"]


def test_reading_never_writes_even_with_buckets_pending(clase):
    ucg = UnidadComunera.objects.order_by("numero").first()
    with transaction.atomic():  # never commits in this test: the mark stays pending
        Barrio.objects.create(nombre="Barrio Pendiente", unidad_comunera=ucg)
    antes = _guardado()
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as consultas:
        leido = resumenes.leer(CLASE)
    assert leido == _crudo()
    assert "Barrio Pendiente" in leido[str(ucg.pk)]["nombres"]
    assert _guardado() == antes
    assert all(q["sql"].lstrip().upper().startswith("SELECT") for q in consultas.captured_queries)


def test_an_unbuilt_class_is_read_from_the_raw_rows_and_built_after_migrate(clase):
    Resumen.objects.filter(clase=CLASE).delete()
    assert resumenes.leer(CLASE) == _crudo()
    resumenes.construir_faltantes()
    assert _guardado() == _crudo()
    assert Resumen.objects.filter(clase=CLASE, clave=resumenes.CONSTRUIDO).exists()


def test_the_command_reports_a_drifted_row_and_fixes_it(clase, capsys):
    clave = next(iter(_guardado()))
    Resumen.objects.filter(clase=CLASE, clave=clave).update(datos={"n": 999, "nombres": []})
    Resumen.objects.create(clase=CLASE, clave="12345", datos={"n": 1, "nombres": ["x"]})
    with pytest.raises(CommandError, match="2 diferencias"):
        call_command("reconstruir_resumenes", CLASE, "--revisar")
    salida = capsys.readouterr().out
    assert f"«{clave}»: distinto en n, nombres" in salida
    assert "«12345»: sobraba" in salida
    assert _guardado()[clave]["n"] == 999  # --revisar changes nothing
    call_command("reconstruir_resumenes", CLASE)
    assert "Corregidas 2 diferencias" in capsys.readouterr().out
    assert _guardado() == _crudo()
    call_command("reconstruir_resumenes", CLASE, "--revisar")
    assert "0 diferencias" in capsys.readouterr().out


def test_the_command_names_the_classes_it_knows():
    with pytest.raises(CommandError, match="Clase desconocida: nada"):
        call_command("reconstruir_resumenes", "nada")


def _escribir_en_dos_hilos(ucg_norte, ucg_sur) -> list:
    """Eight barrios «Norte n» in one UCG and eight «Sur n» in another (or the same), each in
    its own committed transaction, from two threads at once (two connections); the errors."""
    errores = []

    def escribir(prefijo, ucg):
        try:
            for n in range(8):
                with transaction.atomic():
                    Barrio.objects.create(nombre=f"{prefijo} {n}", unidad_comunera=ucg)
        except Exception as error:  # noqa: BLE001 (returned)
            errores.append(error)
        finally:
            connection.close()

    hilos = [
        threading.Thread(target=escribir, args=("Norte", ucg_norte)),
        threading.Thread(target=escribir, args=("Sur", ucg_sur)),
    ]
    for hilo in hilos:
        hilo.start()
    for hilo in hilos:
        hilo.join()
    return errores


@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_of_one_bucket_end_with_the_right_row():
    """Real commits from two threads (two connections) on one bucket: each recompute takes
    the bucket's row lock, so the last one to finish has read both writers' rows."""
    resumenes.registrar(CLASE, calcular=_calcular, claves=_claves)
    resumenes.depende(CLASE, Barrio, lambda b: [_clave(b.unidad_comunera_id)], antes=_antes)
    try:
        resumenes.reconstruir([CLASE])
        ucg = UnidadComunera.objects.order_by("numero").first()
        assert not _escribir_en_dos_hilos(ucg, ucg)
        guardado = _guardado()
        assert guardado == _crudo()
        assert sum("Norte" in n or "Sur" in n for n in guardado[str(ucg.pk)]["nombres"]) == 16
        assert not ResumenPendiente.objects.filter(clase=CLASE).exists()
        assert resumenes.reconstruir([CLASE], corregir=False)[CLASE]["diferencias"] == []
    finally:
        resumenes.quitar(CLASE)


@pytest.mark.django_db(transaction=True)
def test_the_worker_thread_folds_committed_changes_in_and_readers_see_them_before(settings):
    """As deployed: the request that wrote does not recompute; this process's worker thread
    does, moments later; meanwhile readers compute the pending bucket from the raw rows."""
    settings.RESUMENES_EN_SEGUNDO_PLANO = True
    resumenes.registrar(CLASE, calcular=_calcular, claves=_claves)
    resumenes.depende(CLASE, Barrio, lambda b: [_clave(b.unidad_comunera_id)], antes=_antes)
    try:
        resumenes.reconstruir([CLASE])
        ucg = UnidadComunera.objects.order_by("numero").first()
        for n in range(5):
            with transaction.atomic():
                Barrio.objects.create(nombre=f"Barrio del hilo {n}", unidad_comunera=ucg)
        assert "Barrio del hilo 4" in resumenes.leer(CLASE)[str(ucg.pk)]["nombres"]
        assert resumenes._trabajador.esperar()
        assert _guardado() == _crudo()
        assert "Barrio del hilo 4" in _guardado()[str(ucg.pk)]["nombres"]
    finally:
        resumenes.quitar(CLASE)


# Folded classes: the buckets kept folded into one row ------------------------------------------


def _plegar(buckets):
    return {
        "n": sum(b["n"] for b in buckets),
        "nombres": sorted(n for b in buckets for n in b["nombres"]),
    }


def _plegado_crudo():
    return resumenes._normal(_plegar(list(_crudo().values())))


def _fila_plegada():
    return Resumen.objects.filter(clase=CLASE, clave=resumenes.PLEGADO).first()


@pytest.fixture
def plegada(db):
    resumenes.registrar(CLASE, calcular=_calcular, claves=_claves, plegar=_plegar)
    resumenes.depende(CLASE, Barrio, lambda b: [_clave(b.unidad_comunera_id)], antes=_antes)
    resumenes.reconstruir([CLASE])
    yield CLASE
    resumenes.quitar(CLASE)


def test_a_folded_class_is_read_from_one_row_and_the_fold_follows_each_recompute(
    plegada, django_capture_on_commit_callbacks, django_assert_num_queries
):
    assert _fila_plegada().datos == _plegado_crudo()
    assert resumenes.PLEGADO not in resumenes.leer(CLASE)  # never taken for a bucket
    esperado = _plegado_crudo()
    with django_assert_num_queries(1):
        assert resumenes.leer_plegado(CLASE) == esperado
    ucg = UnidadComunera.objects.order_by("numero").first()
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        Barrio.objects.create(nombre="Barrio Plegado", unidad_comunera=ucg)
        # Pending: the stored fold is not current; the reader folds what the raw rows say.
        assert "Barrio Plegado" not in _fila_plegada().datos["nombres"]
        assert "Barrio Plegado" in resumenes.leer_plegado(CLASE)["nombres"]
    assert "Barrio Plegado" in _fila_plegada().datos["nombres"]
    esperado = _plegado_crudo()
    with django_assert_num_queries(1):
        assert resumenes.leer_plegado(CLASE) == esperado


def test_a_fold_older_than_a_bucket_is_not_used_and_the_rebuild_reports_it(plegada, capsys):
    Resumen.objects.filter(clase=CLASE, clave=resumenes.PLEGADO).update(
        datos={"n": 1, "nombres": ["viejo"]}
    )
    # A bucket recomputed after the fold (its writer died before folding, say): not current.
    clave = next(iter(_guardado()))
    Resumen.objects.filter(clase=CLASE, clave=clave).update(calculado=timezone.now())
    assert resumenes.leer_plegado(CLASE) == _plegado_crudo()
    with pytest.raises(CommandError, match="1 diferencias"):
        call_command("reconstruir_resumenes", CLASE, "--revisar")
    assert "«+»: distinto en n, nombres" in capsys.readouterr().out
    call_command("reconstruir_resumenes", CLASE)
    assert _fila_plegada().datos == _plegado_crudo()


@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_of_different_buckets_leave_a_fold_with_both():
    """Two threads commit to two buckets at once: the fold's row lock makes the second fold
    wait for the first writer's commit, so the last fold holds both changes."""
    resumenes.registrar(CLASE, calcular=_calcular, claves=_claves, plegar=_plegar)
    resumenes.depende(CLASE, Barrio, lambda b: [_clave(b.unidad_comunera_id)], antes=_antes)
    try:
        resumenes.reconstruir([CLASE])
        una, otra = UnidadComunera.objects.order_by("numero")[:2]
        assert not _escribir_en_dos_hilos(una, otra)
        plegado = _fila_plegada().datos
        assert plegado == _plegado_crudo()
        assert sum(n.startswith(("Norte", "Sur")) for n in plegado["nombres"]) == 16
        assert resumenes.reconstruir([CLASE], corregir=False)[CLASE]["diferencias"] == []
    finally:
        resumenes.quitar(CLASE)
