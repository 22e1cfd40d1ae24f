"""Run a real Kunnskapsbro installation as separate processes: a fresh database, web and workers.

Used by the scale-out test (``tests/scaleout/``) and the load test (``tests/load/``). Nothing
here imports Django: every step is the ``kunnskapsbro`` console script in a subprocess, with
the environment an operator would set (``DATABASE_URL``, ``KUNNSKAPSBRO_DATA_DIR``).

- ``fresh_database(workdir, prefix)`` makes an empty database — a new PostgreSQL database on the
  server named by ``DATABASE_URL`` (dropped afterwards), or one SQLite file in ``workdir``
  (shared by every process through WAL) when ``DATABASE_URL`` is not PostgreSQL.
- ``Stack`` runs commands and starts long-lived processes against it, and stops them all.

Every wait is bounded, every process is stopped (SIGTERM to its process group, then SIGKILL).
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.cookiejar import CookieJar
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_PG_SERVER = "postgres://postgres@127.0.0.1:5432/postgres"
COMMAND_TIMEOUT = 300.0
START_TIMEOUT = 90.0
STOP_TIMEOUT = 30.0


def kunnskapsbro_command() -> list[str]:
    """The console script of this virtualenv (or the module, if the script is missing)."""
    script = Path(sys.executable).parent / "kunnskapsbro"
    if script.exists():
        return [str(script)]
    return [sys.executable, "-m", "kunnskapsbro.cli"]


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def is_postgres_url(url: str | None) -> bool:
    return bool(url) and urllib.parse.urlsplit(url).scheme in {
        "postgres",
        "postgresql",
        "pgsql",
        "postgis",
    }


def with_database_name(url: str, name: str) -> str:
    parts = urllib.parse.urlsplit(url)
    return urllib.parse.urlunsplit(parts._replace(path="/" + name))


@dataclass
class Database:
    """Where the processes keep their data: ``url`` for PostgreSQL, else SQLite in ``data_dir``."""

    data_dir: Path
    url: str | None = None

    @property
    def vendor(self) -> str:
        return "postgresql" if self.url else "sqlite"

    @property
    def name(self) -> str:
        if self.url:
            return urllib.parse.urlsplit(self.url).path.lstrip("/")
        return str(self.data_dir / "kunnskapsbro.sqlite3")


@contextlib.contextmanager
def fresh_database(
    workdir: Path, *, prefix: str, server_url: str | None = None
) -> Iterator[Database]:
    """An empty database for one run, removed at the end.

    ``server_url`` (default: ``$DATABASE_URL``) names a PostgreSQL server: a database
    ``<prefix>_<random>`` is created there and dropped afterwards. Anything else means SQLite.
    """
    data_dir = workdir / "data"
    data_dir.mkdir(parents=True, exist_ok=True)
    server_url = os.environ.get("DATABASE_URL", "") if server_url is None else server_url
    if not is_postgres_url(server_url):
        yield Database(data_dir=data_dir)
        return

    import psycopg
    from psycopg import sql

    name = f"{prefix}_{secrets.token_hex(4)}"
    maintenance = with_database_name(server_url, "postgres")
    with psycopg.connect(maintenance, autocommit=True, connect_timeout=10) as conn:
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        yield Database(data_dir=data_dir, url=with_database_name(server_url, name))
    finally:
        with psycopg.connect(maintenance, autocommit=True, connect_timeout=10) as conn:
            conn.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )


@dataclass
class Process:
    name: str
    popen: subprocess.Popen[bytes]
    log_path: Path

    def log(self, tail: int = 4000) -> str:
        try:
            return self.log_path.read_text(errors="replace")[-tail:]
        except OSError:
            return ""

    def alive(self) -> bool:
        return self.popen.poll() is None

    def stop(self, timeout: float = STOP_TIMEOUT) -> int | None:
        """SIGTERM to the process group (gunicorn and its workers), then SIGKILL."""
        if self.popen.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.popen.pid, signal.SIGTERM)
            try:
                self.popen.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(self.popen.pid, signal.SIGKILL)
                self.popen.wait(timeout=10)
        return self.popen.returncode


@dataclass
class Stack:
    """Commands and processes against one database; ``close()`` stops every process."""

    database: Database
    workdir: Path
    secret_key: str = field(default_factory=lambda: secrets.token_urlsafe(50))
    processes: list[Process] = field(default_factory=list)

    def env(self) -> dict[str, str]:
        env = dict(os.environ)
        env.pop("DJANGO_SETTINGS_MODULE", None)
        env.pop("DATABASE_URL", None)
        if self.database.url:
            env["DATABASE_URL"] = self.database.url
        env["KUNNSKAPSBRO_DATA_DIR"] = str(self.database.data_dir)
        # One key for every process, as behind a load balancer: sessions work on any of them.
        env["KUNNSKAPSBRO_SECRET_KEY"] = self.secret_key
        env["PYTHONUNBUFFERED"] = "1"
        return env

    def run(self, *args: str, timeout: float = COMMAND_TIMEOUT, **env: str) -> str:
        """Run ``kunnskapsbro ARGS`` to completion; its stdout, or an error with its output."""
        result = subprocess.run(
            [*kunnskapsbro_command(), *args],
            cwd=REPO_ROOT,
            env={**self.env(), **env},
            capture_output=True,
            timeout=timeout,
            check=False,
        )
        if result.returncode != 0:
            raise RuntimeError(
                f"`kunnskapsbro {' '.join(args)}` exited {result.returncode}:\n"
                f"{result.stdout.decode(errors='replace')}\n{result.stderr.decode(errors='replace')}"
            )
        return result.stdout.decode()

    def start(self, name: str, *args: str) -> Process:
        log_path = self.workdir / f"{name}.log"
        with log_path.open("wb") as log:
            popen = subprocess.Popen(
                [*kunnskapsbro_command(), *args],
                cwd=REPO_ROOT,
                env=self.env(),
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        process = Process(name=name, popen=popen, log_path=log_path)
        self.processes.append(process)
        return process

    def start_web(self, name: str, *, workers: int = 1, port: int | None = None) -> WebProcess:
        port = port or free_port()
        process = self.start(
            name,
            "serve",
            "--no-demo",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--workers",
            str(workers),
        )
        web = WebProcess(process=process, base_url=f"http://127.0.0.1:{port}")
        return web

    def close(self) -> None:
        for process in reversed(self.processes):
            process.stop()

    def logs(self) -> str:
        return "\n".join(f"--- {p.name} ---\n{p.log()}" for p in self.processes)


@dataclass
class Response:
    status: int
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)


@dataclass
class WebProcess:
    process: Process
    base_url: str

    def wait_healthy(self, timeout: float = START_TIMEOUT) -> None:
        deadline = time.monotonic() + timeout
        last = "no answer"
        while time.monotonic() < deadline:
            if not self.process.alive():
                raise RuntimeError(
                    f"{self.process.name} exited with {self.process.popen.returncode}:\n"
                    f"{self.process.log()}"
                )
            try:
                response = request("GET", self.base_url + "/healthz", timeout=2)
                if response.status == 200 and response.json().get("status") == "ok":
                    return
                last = f"HTTP {response.status}"
            except OSError as exc:
                last = repr(exc)
            time.sleep(0.3)
        raise RuntimeError(
            f"{self.process.name} not healthy at {self.base_url}/healthz after {timeout:.0f} s "
            f"({last}):\n{self.process.log()}"
        )

    def call(
        self,
        method: str,
        path: str,
        *,
        token: str | None = None,
        body: Any = None,
        headers: dict[str, str] | None = None,
        opener: urllib.request.OpenerDirector | None = None,
    ) -> Response:
        all_headers = dict(headers or {})
        if token:
            all_headers["Authorization"] = f"Bearer {token}"
        return request(method, self.base_url + path, body=body, headers=all_headers, opener=opener)


def request(
    method: str,
    url: str,
    *,
    body: Any = None,
    headers: dict[str, str] | None = None,
    timeout: float = 15,
    opener: urllib.request.OpenerDirector | None = None,
) -> Response:
    """One HTTP request with urllib; an HTTP error status is a Response, not an exception."""
    data = None
    all_headers = {"Accept": "application/json", **(headers or {})}
    if body is not None:
        if isinstance(body, bytes):
            data = body
        else:
            data = json.dumps(body).encode()
            all_headers.setdefault("Content-Type", "application/json")
    req = urllib.request.Request(url, data=data, headers=all_headers, method=method)  # noqa: S310
    open_ = (opener or urllib.request.build_opener()).open
    try:
        with open_(req, timeout=timeout) as response:
            return Response(response.status, dict(response.headers), response.read())
    except urllib.error.HTTPError as exc:
        return Response(exc.code, dict(exc.headers), exc.read())


def session_opener() -> tuple[urllib.request.OpenerDirector, CookieJar]:
    """An opener that keeps cookies (a browser's session) and does not follow redirects."""

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args: Any, **kwargs: Any) -> None:
            return None

    jar = CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), NoRedirect())
    return opener, jar
