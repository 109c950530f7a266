"""Benchmark of the business registry at national scale, on PostgreSQL.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python bench/registry.py [--units 1100000]

It creates (and afterwards drops) a database of its own, ``portal_bench``, and prints, all measured
in the same run:
- the import of a generated national-size bulk file (real gzipped JSON shape) into an empty registry
  against two floors, each a plain COPY into an unindexed table: of the same rows mapped to the
  table's columns, and of the file's records as they are; the import's peak memory; and a second
  import of the same file (every unit unchanged);
- server time of the search page (by name, by organisation number, with two filters) against a bare
  view through the same middleware, a page in the portal's layout, and a bare view that runs the
  same search and returns its rows as plain text; p50/p95, and the search SQL time p95;
- the number of SQL queries of the search page with 20 units and with the full file.
"""

import argparse
import csv
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlparse, urlunparse

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def database_url(base: str, name: str) -> str:
    parsed = urlparse(base)
    return urlunparse(parsed._replace(path=f"/{name}"))


def admin_sql(base: str, statement: str) -> None:
    import psycopg

    with psycopg.connect(database_url(base, "postgres"), autocommit=True) as conn:
        conn.execute(statement)


def run_manage(*args, env) -> tuple[float, int, str]:
    """Run manage.py in a child process: (seconds, peak RSS in MB, stdout)."""
    started = time.perf_counter()
    process = subprocess.Popen([sys.executable, "manage.py", *args], cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True)
    out = process.stdout.read()
    _, status, usage = os.wait4(process.pid, 0)  # this child's own peak memory, unlike RUSAGE_CHILDREN
    elapsed = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status):
        raise SystemExit(f"manage.py {' '.join(args)} failed")
    return elapsed, usage.ru_maxrss // 1024, out.strip()


def percentile(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, round(p / 100 * (len(values) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--units", type=int, default=1_100_000)
    parser.add_argument("--requests", type=int, default=100, help="requests per page variant")
    parser.add_argument("--keep", action="store_true", help="keep the portal_bench database afterwards")
    args = parser.parse_args()

    base = os.environ.get("DATABASE_URL", "")
    if not base.startswith("postgres"):
        raise SystemExit("Set DATABASE_URL to a PostgreSQL server (the bench makes its own database there).")
    bench_url = database_url(base, "portal_bench")
    work = ROOT / "var" / "bench"
    work.mkdir(parents=True, exist_ok=True)
    full_file = work / f"enheter_{args.units}.json.gz"
    small_file = work / "enheter_20.json.gz"
    # The 20-unit file puts every unit in the served municipalities, so each page variant finds something.
    for path, units, share in ((full_file, args.units, "0.05"), (small_file, 20, "1.0")):
        if not path.exists():
            print(f"generating {units} units …", flush=True)
            command = ["bench/generate_brreg.py", "--units", str(units), "--served-share", share, str(path)]
            subprocess.run([sys.executable, *command], cwd=ROOT, check=True)

    admin_sql(base, "DROP DATABASE IF EXISTS portal_bench")
    admin_sql(base, "CREATE DATABASE portal_bench")
    env = {**os.environ, "DATABASE_URL": bench_url, "DEBUG": "1", "REDIS_URL": ""}
    run_manage("migrate", "-v0", env=env)
    run_manage(
        "shell",
        "--no-imports",
        "-c",
        "from businesses.services.registry import load_reference_tables; load_reference_tables()",
        env=env,
    )

    os.environ.update({"DATABASE_URL": bench_url, "DJANGO_SETTINGS_MODULE": "portal.settings", "DEBUG": "1"})
    os.environ.pop("REDIS_URL", None)
    import django

    django.setup()
    from django.conf import settings

    settings.ALLOWED_HOSTS = ["testserver"]
    settings.ROOT_URLCONF = "bench.urls"

    print("\n== 20 units")
    run_manage("import_brreg", str(small_file), "--all", env=env)
    small_counts = page_query_counts()
    print(f"search page SQL queries: {small_counts}")

    print(f"\n== {args.units:,} units".replace(",", " "))
    # The national file is the registry's first load: into an empty table, as on a new installation.
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE businesses_business CASCADE")
    # The import runs first: a child forked from a large bench process would inherit its peak memory.
    seconds, peak, out = run_manage("import_brreg", str(full_file), "--all", "--keep-missing", env=env)
    print(out.splitlines()[-1])
    floor, raw_floor = copy_floor(full_file, work / "floor.csv")
    units = f"{args.units:,}".replace(",", " ")
    print(f"floor: COPY of the same {units} rows, mapped to the table's columns, into an unindexed table: {floor:.1f} s")
    print(f"       COPY of the file's {units} records as they are (JSON text) into an unindexed table: {raw_floor:.1f} s")
    print(
        f"import: {seconds:.1f} s = {seconds / floor:.2f} x the mapped-rows floor (target <= 3x), "
        f"{seconds / raw_floor:.2f} x the records floor; peak memory {peak} MB (target < 300 MB)"
    )
    again, _, out = run_manage("import_brreg", str(full_file), "--all", "--keep-missing", env=env)
    print(f"second import of the same file: {again:.1f} s ({out.splitlines()[-1].split(': ', 1)[1]})")
    run_manage(
        "shell",
        "--no-imports",
        "-c",
        "from django.db import connection; connection.cursor().execute('VACUUM ANALYZE businesses_business')",
        env=env,
    )

    large_counts = page_query_counts()
    print(f"search page SQL queries: {large_counts} (with 20 units: {small_counts})")
    search_timings(args.requests)
    if not args.keep:
        from django.db import connections

        connections.close_all()
        admin_sql(base, "DROP DATABASE IF EXISTS portal_bench")


def variants() -> dict[str, dict]:
    """The three page variants, aimed at a limited company in Bærum that the database holds."""
    from businesses.models import Business

    unit = Business.objects.filter(municipality_id="3201", organisation_form_id="AS").order_by("pk").first()
    words = " ".join(unit.name.split()[:2]).lower()
    spaced = f"{unit.orgnr[:3]} {unit.orgnr[3:6]} {unit.orgnr[6:]}"
    return {
        "by name": {"q": words},
        "by org.nr": {"q": spaced},
        "two filters": {"organisation_form": "AS", "status": "active"},
    }


def page_query_counts() -> dict[str, int]:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    client.get("/bedrifter/")  # the filter form's choices are cached from the first request on
    counts = {}
    for name, params in variants().items():
        with CaptureQueriesContext(connection) as queries:
            response = client.get("/bedrifter/", params)
        assert response.status_code == 200, response.status_code
        counts[name] = len(queries.captured_queries)
    return counts


def copy_floor(path: Path, rows_file: Path) -> tuple[float, float]:
    """Two floors, each a plain COPY into an unindexed table, of files prepared untimed beforehand:
    the file's units mapped to the table's columns (the rows the import writes), and the file's
    records as they are, one JSON text per row."""
    import orjson

    from businesses.bulk import BulkFile
    from businesses.records import fields_hash, unit_fields
    from businesses.services.registry import UNIT_FIELDS

    columns = ["orgnr", *UNIT_FIELDS["enheter"], "former_names", "source_hash", "updated"]
    now = time.strftime("%Y-%m-%d %H:%M:%S+00", time.gmtime())
    sections = {"SN2025": {}, "SN2007": {}}
    records_file = rows_file.with_suffix(".records")
    with BulkFile(path) as bulk, rows_file.open("w", encoding="utf-8", newline="") as out, records_file.open("wb") as raw:
        writer = csv.writer(out)
        for row in bulk.rows():
            # JSON never holds a raw control character, so \x01 can quote it for COPY's CSV format unescaped.
            raw.write(b"\x01" + orjson.dumps(row.record) + b"\x01\n")
            fields = unit_fields(row.record, kind="enheter", version="SN2025", sections=sections)
            fields["former_names"] = []
            digest = fields_hash(fields)
            fields |= {"source_hash": digest, "updated": now}
            writer.writerow(["\\N" if fields[c] is None else _copy_value(fields[c]) for c in columns])
    mapped = _timed_copy(
        "CREATE TABLE bench_floor (LIKE businesses_business INCLUDING DEFAULTS INCLUDING IDENTITY)",
        f"COPY bench_floor ({', '.join(columns)}) FROM STDIN WITH (FORMAT csv, NULL '\\N')",
        rows_file,
    )
    records = _timed_copy(
        "CREATE TABLE bench_floor (record text)",
        "COPY bench_floor (record) FROM STDIN WITH (FORMAT csv, QUOTE e'\\x01', DELIMITER e'\\x02')",
        records_file,
    )
    return mapped, records


def _timed_copy(create: str, copy_statement: str, data_file: Path) -> float:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS bench_floor")
        cursor.execute(create)
        started = time.perf_counter()
        with cursor.cursor.copy(copy_statement) as copy, data_file.open("rb") as data:
            while chunk := data.read(1 << 20):
                copy.write(chunk)
        elapsed = time.perf_counter() - started
        data_file.unlink()
        cursor.execute("DROP TABLE bench_floor")
    return elapsed


def _copy_value(value):
    import json

    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, bool):
        return "t" if value else "f"
    return value


def search_timings(requests: int) -> None:
    from django.db import connection
    from django.test import Client

    client = Client()
    sql_times: list[float] = []

    def timer(execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            sql_times.append(time.perf_counter() - started)

    def measure(path, params) -> tuple[list[float], list[float]]:
        client.get(path, params)  # warm up
        walls, sqls = [], []
        for _ in range(requests):
            sql_times.clear()
            with connection.execute_wrapper(timer):
                started = time.perf_counter()
                response = client.get(path, params)
                walls.append(time.perf_counter() - started)
            assert response.status_code == 200
            sqls.append(sum(sql_times))
        return walls, sqls

    bare, _ = measure("/bench/bare/", {})
    bare_p50, bare_p95 = statistics.median(bare) * 1000, percentile(bare, 95) * 1000
    print(f"bare view through the same middleware: p50 {bare_p50:.1f} ms, p95 {bare_p95:.1f} ms")
    layout, _ = measure("/tilgjengelighet/", {})
    layout_p95 = percentile(layout, 95) * 1000
    print(f"a page in the portal's layout with no data (accessibility statement): p95 {layout_p95:.1f} ms")
    for name, params in variants().items():
        walls, sqls = measure("/bedrifter/", params)
        searches, _ = measure("/bench/bare-search/", params)
        p50, p95 = statistics.median(walls) * 1000, percentile(walls, 95) * 1000
        search_p95 = percentile(searches, 95) * 1000
        print(
            f"search page {name}: p50 {p50:.1f} ms, p95 {p95:.1f} ms = {p95 / bare_p95:.1f} x the bare view (target <= 4x), "
            f"{p95 / layout_p95:.1f} x the layout page, {p95 / search_p95:.2f} x a bare view of the same search "
            f"(p95 {search_p95:.1f} ms); search SQL p95 {percentile(sqls, 95) * 1000:.1f} ms (target < 50 ms)"
        )


if __name__ == "__main__":
    main()
