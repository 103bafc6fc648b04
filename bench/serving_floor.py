"""What the serving stack allows on this machine, beside Accord's search.

A script, not a timed test: it prints numbers and asserts none.

    python bench/serving_floor.py --workdir DIR [--seconds 10] [--rounds 2]
        [--clients 16] [--datasette-cmd /tmp/dsvenv/bin/datasette | --datasette-req-s X]

`compare_datasette.py` asks for 25 times Datasette's throughput. Whether that
is within reach depends on what a request costs before Accord does any work of
its own, so this script serves three applications the same way, on granian with
the worker processes and threads `accord serve` uses (one worker per core, or
ACCORD_WORKERS; ACCORD_THREADS threads each, else 4), and drives each with the
same wrk command, clients and path rotation as the harness:

- *HTTP server only*: a WSGI function with one fixed answer
  (`serving_floor_app.hello`);
- *Django's request cycle*: Accord's own WSGI application, settings and
  middleware, at a URL whose view returns that fixed answer
  (`serving_floor_app.django_floor`);
- *Accord API search*: `accord serve --no-bundled` as shipped, the harness's
  distinct queries (`/api/v1/agreements?q=W&page_size=50`).

With `--datasette-cmd`, Datasette serves the harness's database beside them,
as the harness serves it (`datasette serve -i`, its time limits raised), on
the same queries as the API, and the CPU a request may take for 25 times its
rate is worked out from this run; `--datasette-req-s` gives that rate from an
earlier run instead.

The fixed answer is as long as the API's typical answer (the median of its
first 50 distinct queries), so each server writes as much. Every run starts its
server afresh and warms it for 3 s; the servers alternate within each round, in
reversed order every other round. Printed: req/s, p50 and p99 (medians over
the rounds), the server's CPU time per request (from /proc), and what each
layer adds.

Needs the work directory `compare_datasette.py` built (its Accord data
directory and its files of distinct query paths): run that first, and run this
with the Python Accord is installed in (it starts granian, which comes with
Accord, as `python -m granian`).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import urllib.request
from dataclasses import dataclass
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH_DIR))
from compare_datasette import (  # noqa: E402
    DATASETTE_FACETS,
    DATASETTE_SETTINGS,
    BenchError,
    Server,
    Settings,
    accord_env,
    free_port,
    serving,
    wrk_run,
)

try:
    # The defaults `accord serve` uses; granian comes with Accord.
    from accord.server.management.commands.serve import (
        default_threads,
        default_workers,
    )
except ImportError:
    sys.exit("serving_floor: run this with the Python Accord is installed in")

TARGETS = {
    "hello": "HTTP server only",
    "django": "Django's cycle",
    "api": "Accord API search",
    "datasette": "Datasette search",
}
WARMUP_SECONDS = 3
# API answers fetched, before any run, for the size of the fixed answer.
SAMPLE_ANSWERS = 50


@dataclass
class Run:
    target: str
    req_s: float
    p50_ms: float
    p99_ms: float
    cpu_ms: float
    errors: int
    load: float


def granian_server(name: str, target: str, env: dict[str, str], log: Path) -> Server:
    port = free_port()
    command = [
        sys.executable,
        "-m",
        "granian",
        "--interface",
        "wsgi",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--workers",
        str(default_workers()),
        "--blocking-threads",
        str(default_threads()),
        "--working-dir",
        str(BENCH_DIR),
        "--log-level",
        "warning",
    ]
    if target.endswith("()"):
        command += ["--factory", target.removesuffix("()")]
    else:
        command.append(target)
    return Server(name=name, command=command, env=env, port=port, log=log)


def accord_server(accord: list[str], env: dict[str, str], log: Path) -> Server:
    port = free_port()
    return Server(
        name="accord serve",
        command=[
            *accord,
            "serve",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--no-bundled",
        ],
        env=env,
        port=port,
        log=log,
    )


def typical_answer_bytes(server: Server, paths: list[str]) -> int:
    sizes = []
    for path in paths[:SAMPLE_ANSWERS]:
        with urllib.request.urlopen(server.base + path, timeout=60) as answer:  # noqa: S310
            sizes.append(len(answer.read()))
    return int(statistics.median(sizes))


def floor_paths(workdir: Path, api_paths: list[str]) -> Path:
    """The API's distinct query strings on the floor URL: the same query
    parsing work for Django, nothing searched."""
    floor = workdir / "paths" / "floor-distinct.txt"
    lines = ["/floor/?" + p.partition("?")[2] for p in api_paths]
    floor.write_text("\n".join(lines) + "\n")
    return floor


def timed(
    cfg: Settings, server: Server, target: str, paths: Path, offset: int
) -> tuple[Run, int]:
    # An answer of Datasette's without its three facets counts as an error.
    facets = len(DATASETTE_FACETS) if target == "datasette" else 0
    clients = cfg.clients[0]
    server.start()
    try:
        warm = wrk_run(cfg, server, paths, offset, clients, WARMUP_SECONDS, facets)
        offset = int(warm["next_offset"])
        server.wait_idle()
        load = os.getloadavg()[0]
        before = server.cpu()
        summary = wrk_run(cfg, server, paths, offset, clients, cfg.seconds, facets)
        cpu = server.cpu() - before
    finally:
        server.stop()
    done = summary["requests"]
    seconds = summary["duration_us"] / 1e6
    errors = summary["status"] + sum(
        summary[k] for k in ("connect", "read", "write", "timeout", "short")
    )
    run = Run(
        target=target,
        req_s=done / seconds if seconds else 0.0,
        p50_ms=summary["p50_us"] / 1000,
        p99_ms=summary["p99_us"] / 1000,
        cpu_ms=cpu * 1000 / done if done else 0.0,
        errors=errors,
        load=load,
    )
    print(
        f"  load {load:5.2f}  {TARGETS[target]:18} {run.req_s:9.1f} req/s  "
        f"p50 {run.p50_ms:6.1f} ms  p99 {run.p99_ms:6.1f} ms  "
        f"cpu {run.cpu_ms:6.3f} ms/req  errors {errors}",
        flush=True,
    )
    return run, int(summary["next_offset"])


def parse_args(argv: list[str] | None) -> tuple[Settings, float | None]:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--workdir", type=Path, required=True, help="compare_datasette.py's --workdir"
    )
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--accord-cmd", default="accord")
    parser.add_argument("--wrk", default="wrk")
    parser.add_argument(
        "--datasette-cmd",
        help="serve Datasette beside them (the harness's database and settings)",
    )
    parser.add_argument(
        "--datasette-req-s",
        type=float,
        default=None,
        help="Datasette's req/s from a compare_datasette run (distinct, same clients)",
    )
    args = parser.parse_args(argv)
    accord = shutil.which(args.accord_cmd)
    wrk = shutil.which(args.wrk)
    if not accord or not wrk:
        raise BenchError(
            f"needs `{args.accord_cmd}` (pip install -e .) and `{args.wrk}` "
            "(apt-get install wrk) on PATH"
        )
    datasette = []
    if args.datasette_cmd:
        found = shutil.which(args.datasette_cmd)
        if not found:
            raise BenchError(f"no datasette command {args.datasette_cmd!r}")
        datasette = [found]
    cfg = Settings(
        agreements=0,
        seconds=args.seconds,
        rounds=args.rounds,
        warmup=WARMUP_SECONDS,
        clients=[args.clients],
        mixes=["distinct"],
        workdir=args.workdir.resolve(),
        accord=[accord],
        datasette=datasette,
        sqlite_utils=[],
        wrk=wrk,
        timeout=60,
        skip_import=True,
    )
    return cfg, args.datasette_req_s


def main(argv: list[str] | None = None) -> int:
    try:
        cfg, datasette = parse_args(argv)
        return bench(cfg, datasette)
    except BenchError as exc:
        print(f"serving_floor: {exc}", file=sys.stderr)
        return 1


def bench(cfg: Settings, datasette: float | None) -> int:
    api_file = cfg.workdir / "paths" / "api-distinct.txt"
    data_dir = cfg.workdir / "accord"
    if not api_file.is_file() or not data_dir.is_dir():
        raise BenchError(
            f"no {api_file} or {data_dir}: run bench/compare_datasette.py "
            f"--workdir {cfg.workdir} first"
        )
    api_paths = [line for line in api_file.read_text().splitlines() if line]
    env = accord_env(data_dir)
    logs = cfg.workdir / "logs"
    logs.mkdir(exist_ok=True)
    api = accord_server(cfg.accord, env, logs / "floor-accord.log")
    with serving([api]):
        api.start()
        size = typical_answer_bytes(api, api_paths)
        api.stop()
    floor_env = {**env, "FLOOR_BODY_BYTES": str(size)}
    servers = {
        "hello": granian_server(
            "granian hello",
            "serving_floor_app:hello",
            floor_env,
            logs / "floor-hello.log",
        ),
        "django": granian_server(
            "granian django floor",
            "serving_floor_app:django_floor()",
            floor_env,
            logs / "floor-django.log",
        ),
        "api": api,
    }
    floor = floor_paths(cfg.workdir, api_paths)
    paths = {"hello": floor, "django": floor, "api": api_file}
    if cfg.datasette:
        servers["datasette"] = datasette_server(cfg, logs / "floor-datasette.log")
        paths["datasette"] = cfg.workdir / "paths" / "datasette-distinct.txt"
    print(
        f"granian, {default_workers()} worker(s) x {default_threads()} threads; wrk "
        f"{cfg.clients[0]} clients, {cfg.seconds} s runs after {WARMUP_SECONDS} s, "
        f"{cfg.rounds} round(s); answers of {size:,} bytes; load before "
        f"{os.getloadavg()[0]:.2f}"
    )
    runs: list[Run] = []
    offset = SAMPLE_ANSWERS  # the API's first queries were asked above
    with serving(list(servers.values())):
        for round_number in range(cfg.rounds):
            order = list(servers) if round_number % 2 == 0 else list(servers)[::-1]
            for target in order:
                run, offset = timed(cfg, servers[target], target, paths[target], offset)
                runs.append(run)
    report(runs, datasette)
    return 0


def datasette_server(cfg: Settings, log: Path) -> Server:
    """Datasette as the harness serves it, on the harness's database."""
    database = cfg.workdir / "datasette" / "db.db"
    if not database.is_file():
        raise BenchError(f"no {database}: run bench/compare_datasette.py first")
    port = free_port()
    settings = [w for k, v in DATASETTE_SETTINGS.items() for w in ("--setting", k, v)]
    command = [*cfg.datasette, "serve", "-i", str(database)]
    return Server(
        name="datasette serve",
        command=[*command, "--host", "127.0.0.1", "--port", str(port), *settings],
        env=dict(os.environ),
        port=port,
        log=log,
    )


def report(runs: list[Run], datasette: float | None) -> None:
    measured = [t for t in TARGETS if any(r.target == t for r in runs)]

    def median_of(target: str, attribute: str) -> float:
        return statistics.median(
            getattr(r, attribute) for r in runs if r.target == target
        )

    print()
    print("| target | req/s (p50 / p99 ms) | server CPU a request | errors |")
    print("| --- | --- | --- | --- |")
    for target in measured:
        title = TARGETS[target]
        errors = sum(r.errors for r in runs if r.target == target)
        print(
            f"| {title} | {median_of(target, 'req_s'):,.1f} "
            f"({median_of(target, 'p50_ms'):.1f} / {median_of(target, 'p99_ms'):.1f}) "
            f"| {median_of(target, 'cpu_ms'):.3f} ms | {errors} |"
        )
    loads = [r.load for r in runs]
    print(f"load average before the runs: {min(loads):.2f}-{max(loads):.2f}")
    server, cycle, search = (median_of(t, "cpu_ms") for t in ("hello", "django", "api"))
    print()
    print(f"Django's request cycle beyond the HTTP server: {cycle - server:.3f} ms")
    print(f"Accord's own work beyond Django's cycle: {search - cycle:.3f} ms")
    if "datasette" in measured:
        datasette = median_of("datasette", "req_s")
    if datasette:
        target = 25 * datasette
        cores = len(os.sched_getaffinity(0))
        budget = cores / target * 1000
        print(
            f"25x Datasette ({datasette:,.1f} req/s) = {target:,.0f} req/s: at most "
            f"{budget:.3f} ms of CPU a request on {cores} cores, wrk's share "
            f"included; left beside Django's cycle: {budget - cycle:.3f} ms, "
            f"beside the HTTP server alone: {budget - server:.3f} ms"
        )
    if "datasette" in measured:
        ratio = median_of("api", "req_s") / median_of("datasette", "req_s")
        print(f"Accord API / Datasette in this run: {ratio:.2f}")
    share = median_of("api", "req_s") / median_of("django", "req_s")
    print(f"serving_floor_api_over_django: {share:.4f}")


if __name__ == "__main__":
    sys.exit(main())
