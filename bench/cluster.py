"""A local cluster on this machine: `python -m bench.cluster start|stop|status [--dir D]`.

Starts, in a folder under var/ (var/cluster by default), on loopback only:

- a PostgreSQL 15 primary (initdb from /usr/lib/postgresql/15/bin) on PORT,
- a streaming replica of it (pg_basebackup -R) on PORT+1,
- PgBouncer in transaction mode on PORT+2 in front of both (`commission` is the primary,
  `commission_replica` the replica), which the web processes and workers use,
- gunicorn with two web processes on WEB_PORT: several processes behind one address, natively,
  since gunicorn's workers share its one listening socket (no proxy of our own to run),
- two `commission worker` processes (one starting the periodic schedule),
- the mail receiver `commission mail receive` (LMTP) on MAIL_PORT.

The job queue is huey's PostgreSQL storage, which waits on LISTEN/NOTIFY: that needs a session
of its own, so the queue connects to the primary directly, not through PgBouncer in transaction
mode. Outgoing mail is not sent (the console backend writes it to the workers' logs).

PostgreSQL and PgBouncer refuse to run as root: when run as root they run as the `postgres`
user, which must own the folder (it is given to it). PgBouncer is a prerequisite
(`apt-get install pgbouncer`), checked before anything starts.
"""

from __future__ import annotations

import argparse
import os
import pwd
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from bench.common import COMMISSION, ROOT

PG_BIN = Path(os.environ.get("CLUSTER_PG_BIN", "/usr/lib/postgresql/15/bin"))
PGBOUNCER = shutil.which("pgbouncer") or "/usr/sbin/pgbouncer"
GUNICORN = ROOT / ".venv" / "bin" / "gunicorn"


@dataclass(frozen=True)
class Layout:
    folder: Path
    pg_port: int
    web_port: int
    mail_port: int

    @property
    def replica_port(self) -> int:
        return self.pg_port + 1

    @property
    def bouncer_port(self) -> int:
        return self.pg_port + 2

    @property
    def primary(self) -> Path:
        return self.folder / "primary"

    @property
    def replica(self) -> Path:
        return self.folder / "replica"

    @property
    def logs(self) -> Path:
        return self.folder / "logs"

    @property
    def pids(self) -> Path:
        return self.folder / "pids"

    @property
    def var(self) -> Path:
        return self.folder / "var"

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.web_port}"

    def environment(self) -> dict[str, str]:
        """What every process of the cluster (and the load test's checks) runs with."""
        env = dict(os.environ)
        env.update(
            {
                "COMMISSION_VAR_DIR": str(self.var),
                "DATABASE_URL": f"postgres://postgres@127.0.0.1:{self.bouncer_port}/commission",
                "DATABASE_REPLICA_URLS": (
                    f"postgres://postgres@127.0.0.1:{self.bouncer_port}/commission_replica"
                ),
                # A pooler in transaction mode keeps no prepared statements between transactions.
                "DATABASE_PREPARE": "false",
                "COMMISSION_JOB_QUEUE_URL": (
                    f"postgres://postgres@127.0.0.1:{self.pg_port}/commission"
                ),
                "COMMISSION_SERVE_JOB_WORKERS": "0",
                "MAIL_RECEIVE_PORT": str(self.mail_port),
                "MAIL_INBOX": str(self.var / "mail" / "inbox"),
                "EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend",
                "COMMISSION_SITE_URL": self.url,
                "MAIL_FETCH_MINUTES": "1",
            }
        )
        return env


def _as_postgres() -> list[str]:
    return ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []


def _run(command: list[str], **kwargs: object) -> None:
    subprocess.run(command, check=True, **kwargs)  # type: ignore[call-overload]


def _psql(layout: Layout, port: int, sql: str, database: str = "postgres") -> str:
    done = subprocess.run(
        [
            str(PG_BIN / "psql"),
            "-h",
            "127.0.0.1",
            "-p",
            str(port),
            "-U",
            "postgres",
            "-d",
            database,
            "-Atc",
            sql,
        ],
        capture_output=True,
        text=True,
        check=True,
        timeout=10,
    )
    return done.stdout.strip()


def _give_to_postgres(path: Path) -> None:
    if os.geteuid() != 0:
        return
    owner = pwd.getpwnam("postgres")
    for each in [path, *path.rglob("*")]:
        os.chown(each, owner.pw_uid, owner.pw_gid)


def _pg_ctl(data: Path, *args: str) -> None:
    _run(
        [*_as_postgres(), str(PG_BIN / "pg_ctl"), "-D", str(data), "-w", "-t", "60", *args],
        stdout=subprocess.DEVNULL,
    )


def _start_primary(layout: Layout) -> None:
    if not (layout.primary / "PG_VERSION").exists():
        layout.primary.mkdir(parents=True, exist_ok=True)
        _give_to_postgres(layout.folder)
        _run(
            [
                *_as_postgres(),
                str(PG_BIN / "initdb"),
                "-D",
                str(layout.primary),
                "-U",
                "postgres",
                "--auth=trust",
                "-E",
                "UTF8",
                "--locale=C.UTF-8",
            ],
            stdout=subprocess.DEVNULL,
        )
        with (layout.primary / "postgresql.conf").open("a") as conf:
            conf.write(
                f"\nlisten_addresses = '127.0.0.1'\nport = {layout.pg_port}\n"
                f"unix_socket_directories = '{layout.folder}'\n"
                "wal_level = replica\nmax_wal_senders = 5\nhot_standby = on\n"
                "max_connections = 200\nshared_buffers = 256MB\nsynchronous_commit = off\n"
                # The replica answers queries while it replays; a long read there may hold
                # replay up to this long before it is cancelled.
                "max_standby_streaming_delay = 5s\nhot_standby_feedback = on\n"
            )
    _pg_ctl(layout.primary, "-l", str(layout.logs / "primary.log"), "start")


def _start_replica(layout: Layout) -> None:
    if not (layout.replica / "PG_VERSION").exists():
        _run(
            [
                *_as_postgres(),
                str(PG_BIN / "pg_basebackup"),
                "-h",
                "127.0.0.1",
                "-p",
                str(layout.pg_port),
                "-U",
                "postgres",
                "-D",
                str(layout.replica),
                "-R",
                "-X",
                "stream",
            ]
        )
        with (layout.replica / "postgresql.conf").open("a") as conf:
            conf.write(
                f"\nport = {layout.replica_port}\nunix_socket_directories = '{layout.folder}'\n"
            )
    _pg_ctl(layout.replica, "-l", str(layout.logs / "replica.log"), "start")


def _start_bouncer(layout: Layout) -> None:
    ini = layout.folder / "pgbouncer.ini"
    users = layout.folder / "pgbouncer-users.txt"
    users.write_text('"postgres" ""\n')
    ini.write_text(
        "[databases]\n"
        f"commission = host=127.0.0.1 port={layout.pg_port} dbname=commission\n"
        f"commission_replica = host=127.0.0.1 port={layout.replica_port} dbname=commission\n"
        "[pgbouncer]\n"
        f"listen_addr = 127.0.0.1\nlisten_port = {layout.bouncer_port}\n"
        f"unix_socket_dir = {layout.folder}\n"
        f"auth_type = trust\nauth_file = {users}\n"
        "pool_mode = transaction\nmax_client_conn = 500\ndefault_pool_size = 20\n"
        # Django sets these per connection; in transaction mode they would leak between
        # clients, so PgBouncer keeps them per client and sets them itself.
        "ignore_startup_parameters = extra_float_digits,options\n"
        f"logfile = {layout.logs / 'pgbouncer.log'}\npidfile = {layout.pids / 'pgbouncer.pid'}\n"
    )
    _give_to_postgres(layout.folder)
    _run([*_as_postgres(), PGBOUNCER, "-d", str(ini)])


def _spawn(layout: Layout, name: str, command: list[str]) -> None:
    log = (layout.logs / f"{name}.log").open("ab")
    child = subprocess.Popen(
        command,
        env=layout.environment(),
        stdout=log,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
        start_new_session=True,
        cwd=ROOT,
    )
    (layout.pids / f"{name}.pid").write_text(str(child.pid))


def _wait_for_web(layout: Layout, seconds: float = 60) -> None:
    import urllib.request

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{layout.url}/login/", timeout=5):
                return
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"The web processes did not answer at {layout.url} within {seconds:.0f} s.")


def start(layout: Layout, *, demo: bool = True) -> None:
    if not Path(PGBOUNCER).exists():
        raise SystemExit(
            "The cluster needs PgBouncer: install it with `apt-get install pgbouncer`."
        )
    if not GUNICORN.exists():
        raise SystemExit("The cluster needs gunicorn: run `.venv/bin/pip install -e '.[dev]'`.")
    for each in (layout.folder, layout.logs, layout.pids, layout.var):
        each.mkdir(parents=True, exist_ok=True)
    _give_to_postgres(layout.folder)
    _start_primary(layout)
    if not _psql(layout, layout.pg_port, "SELECT 1 FROM pg_database WHERE datname='commission'"):
        _psql(layout, layout.pg_port, "CREATE DATABASE commission")
    _start_replica(layout)
    _start_bouncer(layout)
    env = layout.environment()
    # Migrations and the demo go to the primary directly: DDL has no business in a pool.
    direct = {
        **env,
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:{layout.pg_port}/commission",
        "DATABASE_REPLICA_URLS": "",
    }
    _run([str(COMMISSION), "migrate", "--verbosity", "0"], env=direct, cwd=ROOT)
    if demo:
        _run([str(COMMISSION), "demo"], env=direct, cwd=ROOT, stdout=subprocess.DEVNULL)
    _spawn(
        layout,
        "web",
        [
            str(GUNICORN),
            "commission.wsgi:application",
            "--workers",
            "2",
            "--threads",
            "8",
            "--worker-class",
            "gthread",
            "--bind",
            f"127.0.0.1:{layout.web_port}",
            "--timeout",
            "60",
            "--graceful-timeout",
            "10",
            # Idle keep-alive connections are kept longer than a client pauses between requests
            # (gunicorn's default is 2 s), so a request is never sent on a connection the server
            # is closing at that moment, which the client sees as "connection reset by peer".
            "--keep-alive",
            "75",
        ],
    )
    _spawn(layout, "worker1", [str(COMMISSION), "worker", "--workers", "2"])
    _spawn(layout, "worker2", [str(COMMISSION), "worker", "--workers", "2", "--no-periodic"])
    _spawn(layout, "mail", [str(COMMISSION), "mail", "receive", "--port", str(layout.mail_port)])
    _wait_for_web(layout)
    print(f"The cluster answers at {layout.url}; its files are in {layout.folder}.")


def _pid(layout: Layout, name: str) -> int | None:
    path = layout.pids / f"{name}.pid"
    try:
        pid = int(path.read_text().strip())
        os.kill(pid, 0)
    except (FileNotFoundError, ValueError, ProcessLookupError):
        return None
    return pid


PROCESSES = ("web", "worker1", "worker2", "mail")


def stop_process(layout: Layout, name: str, sig: int = signal.SIGTERM) -> bool:
    pid = _pid(layout, name)
    if pid is None:
        return False
    try:
        os.killpg(pid, sig)  # the process and its children (gunicorn's workers)
    except ProcessLookupError:
        os.kill(pid, sig)  # PgBouncer runs as a daemon, not leading a group of its own
    return True


def stop(layout: Layout) -> None:
    for name in PROCESSES:
        stop_process(layout, name, signal.SIGINT if name.startswith("worker") else signal.SIGTERM)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and any(_pid(layout, n) for n in PROCESSES):
        time.sleep(0.5)
    for name in PROCESSES:
        stop_process(layout, name, signal.SIGKILL)
    stop_process(layout, "pgbouncer")
    for data in (layout.replica, layout.primary):
        if (data / "postmaster.pid").exists():
            _pg_ctl(data, "-m", "fast", "stop")
    print("The cluster is stopped.")


def replica_lag(layout: Layout) -> float | None:
    """Seconds the replica's replay is behind the primary, or None when it does not answer."""
    try:
        return float(
            _psql(
                layout,
                layout.replica_port,
                "SELECT CASE WHEN pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN 0 "
                "ELSE EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp()) END",
            )
        )
    except (subprocess.SubprocessError, ValueError):
        return None


def replica_start(layout: Layout) -> None:
    _start_replica(layout)


def replica_kill(layout: Layout) -> None:
    """Stops the replica at once, as a crash would (pg_ctl -m immediate)."""
    _pg_ctl(layout.replica, "-m", "immediate", "stop")


def status(layout: Layout) -> int:
    up = True
    for name, port in (
        ("primary", layout.pg_port),
        ("replica", layout.replica_port),
        ("pgbouncer", layout.bouncer_port),
    ):
        ready = (
            subprocess.run(
                [str(PG_BIN / "pg_isready"), "-h", "127.0.0.1", "-p", str(port)],
                capture_output=True,
            ).returncode
            == 0
        )
        up &= ready
        print(f"{name:10} port {port}: {'answers' if ready else 'does not answer'}")
    for name in PROCESSES:
        pid = _pid(layout, name)
        up &= pid is not None
        print(f"{name:10} {'runs as ' + str(pid) if pid else 'is not running'}")
    lag = replica_lag(layout)
    print(f"replica lag: {'unknown' if lag is None else f'{lag:.2f} s'}")
    print(f"web: {layout.url}")
    return 0 if up else 1


def layout_from(args: argparse.Namespace) -> Layout:
    return Layout(
        folder=Path(args.dir).resolve(),
        pg_port=args.pg_port,
        web_port=args.web_port,
        mail_port=args.mail_port,
    )


def add_layout_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--dir", default=str(ROOT / "var" / "cluster"))
    parser.add_argument("--pg-port", type=int, default=5440, help="primary; +1 replica, +2 pool")
    parser.add_argument("--web-port", type=int, default=8100)
    parser.add_argument("--mail-port", type=int, default=8125)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.cluster",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("action", choices=("start", "stop", "status"))
    parser.add_argument("--no-demo", action="store_true", help="do not load the demo's story")
    add_layout_arguments(parser)
    args = parser.parse_args(argv)
    layout = layout_from(args)
    if args.action == "start":
        start(layout, demo=not args.no_demo)
        return 0
    if args.action == "stop":
        stop(layout)
        return 0
    return status(layout)


if __name__ == "__main__":
    sys.exit(main())
