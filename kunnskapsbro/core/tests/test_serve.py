"""``kunnskapsbro serve`` starts a real gunicorn that answers and serves static files."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from django.conf import settings

import kunnskapsbro

TIMEOUT = 60.0
REPO_ROOT = Path(kunnskapsbro.__file__).resolve().parent.parent


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _command() -> list[str]:
    script = Path(sys.executable).parent / "kunnskapsbro"
    if script.exists():
        return [str(script)]
    return [sys.executable, "-m", "kunnskapsbro.cli"]


def _get(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 - local http
            return response.status, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


def test_serve_answers_and_serves_static_files(tmp_path):
    port = _free_port()
    env = dict(os.environ)
    env["KUNNSKAPSBRO_DATA_DIR"] = str(tmp_path / "data")  # SQLite here unless DATABASE_URL
    env.pop("DJANGO_SETTINGS_MODULE", None)
    log_path = tmp_path / "serve.log"
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            [*_command(), "serve", "--host", "127.0.0.1", "--port", str(port), "--workers", "1"],
            cwd=REPO_ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + TIMEOUT
        status = None
        while time.monotonic() < deadline:
            if process.poll() is not None:
                break
            try:
                status, body = _get(f"{base}/admin/login/")
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                status = None
            if status == 200:
                break
            time.sleep(0.5)
        output = log_path.read_text(errors="replace")
        assert status == 200, f"no HTTP 200 from {base}/admin/login/ in time:\n{output}"
        assert b"csrfmiddlewaretoken" in body

        static_status, css = _get(f"{base}/static/admin/css/base.css")
        assert static_status == 200
        assert b"{" in css

        output = log_path.read_text(errors="replace")
        assert f"Kunnskapsbro kjører på {base}/" in output
        assert settings.DEMO_USERNAME in output and settings.DEMO_PASSWORD in output
        if not os.environ.get("DATABASE_URL"):  # a fresh database gets the demo
            assert "Demo: TRD3.0 lastet" in output
            assert (tmp_path / "data" / "kunnskapsbro.sqlite3").exists()
        # The process is gunicorn itself now (exec), so SIGTERM stops it gracefully.
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=30) == 0
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)
