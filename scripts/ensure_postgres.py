#!/usr/bin/env python3
"""Print a DATABASE_URL for a PostgreSQL server that answers, starting one if needed.

Order: $DATABASE_URL if set (must answer, or we fail naming it); else the local cluster on
127.0.0.1:5432 with trust auth (started with pg_ctlcluster if installed and down); else a throwaway
cluster under /tmp/jac-pg on port 55432 (initdb, trust, fsync off) that always works as root.
Messages go to stderr; only the URL goes to stdout, for `make test` to use.
"""

import glob
import os
import shutil
import subprocess
import sys
import time

import psycopg2

LOCAL = "postgres://postgres@127.0.0.1:5432/postgres"
DESECHABLE_DIR = "/tmp/jac-pg"
DESECHABLE_PUERTO = 55432
DESECHABLE = f"postgres://postgres@127.0.0.1:{DESECHABLE_PUERTO}/postgres"


def log(mensaje):
    print(f"ensure_postgres: {mensaje}", file=sys.stderr)


def responde(url, intentos=1):
    for intento in range(intentos):
        try:
            psycopg2.connect(url, connect_timeout=3).close()
            return True
        except psycopg2.OperationalError as error:
            ultimo = str(error).strip().splitlines()[0] if str(error).strip() else repr(error)
            if intento + 1 < intentos:
                time.sleep(0.5)
    log(f"{url.split('@')[-1]} no responde: {ultimo}")
    return False


def binarios():
    versiones = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), reverse=True)
    return os.path.dirname(versiones[0]) if versiones else None


def como_postgres(*args):
    if os.geteuid() == 0:
        args = ("runuser", "-u", "postgres", "--", *args)
    return subprocess.run(args, capture_output=True, text=True)


def arrancar_local():
    if not shutil.which("pg_ctlcluster") or not os.path.isdir("/etc/postgresql"):
        return False
    for version in os.listdir("/etc/postgresql"):
        log(f"arrancando el clúster local {version}/main")
        subprocess.run(
            ["pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "start"],
            capture_output=True,
        )
    return responde(LOCAL, intentos=10)


def desechable():
    bin_dir = binarios()
    if not bin_dir:
        return False
    if responde(DESECHABLE):
        return True
    datos = os.path.join(DESECHABLE_DIR, "data")
    os.makedirs(DESECHABLE_DIR, exist_ok=True)
    if os.geteuid() == 0:
        shutil.chown(DESECHABLE_DIR, "postgres", "postgres")
    if not os.path.isdir(datos):
        log(f"creando un clúster desechable en {datos}")
        r = como_postgres(
            f"{bin_dir}/initdb", "-D", datos, "-U", "postgres", "-A", "trust", "--no-sync"
        )
        if r.returncode:
            log(r.stderr.strip())
            return False
    opciones = (
        f"-p {DESECHABLE_PUERTO} -c listen_addresses=127.0.0.1 -k {DESECHABLE_DIR} "
        "-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
    )
    r = como_postgres(
        f"{bin_dir}/pg_ctl",
        "-D",
        datos,
        "-o",
        opciones,
        "-l",
        f"{DESECHABLE_DIR}/log",
        "-w",
        "start",
    )
    if r.returncode:
        log(r.stderr.strip() or r.stdout.strip())
    return responde(DESECHABLE, intentos=10)


def con_base(url_servidor):
    """The project's database on that server (created if missing), so DATABASE_URL is usable."""
    conexion = psycopg2.connect(url_servidor, connect_timeout=3)
    conexion.autocommit = True
    with conexion.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = 'jac_portal'")
        if cursor.fetchone() is None:
            cursor.execute("CREATE DATABASE jac_portal")
    conexion.close()
    return url_servidor.rsplit("/", 1)[0] + "/jac_portal"


def main():
    url = os.environ.get("DATABASE_URL")
    if url:
        if not url.startswith(("postgres://", "postgresql://")):
            log(f"DATABASE_URL={url} no es PostgreSQL: las pruebas corren sobre PostgreSQL.")
            return 1
        if responde(url, intentos=5):
            print(url)
            return 0
        log("DATABASE_URL está definida pero el servidor no responde: revise DATABASE_URL.")
        return 1
    if responde(LOCAL) or arrancar_local():
        print(con_base(LOCAL))
        return 0
    if desechable():
        print(con_base(DESECHABLE))
        return 0
    log(
        "No hay PostgreSQL disponible. Instale PostgreSQL o defina DATABASE_URL="
        "postgres://usuario:clave@servidor:5432/jac_portal apuntando a un servidor que responda."
    )
    return 1


if __name__ == "__main__":
    sys.exit(main())
