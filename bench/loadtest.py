"""Load test of the seed story's mix: `python -m bench.loadtest [baseline|cluster] …`.

Concurrent clerks, chairs and members (locust as a library, headless, loopback only, bounded by
--seconds after a ramp-up and a warm-up left out of the figures) do what the seed story has them
do: the dashboard, a search, a case page, a letter uploaded and read by a worker, the clerk
accepting what was read from it, a witness's reply to an inquiry by e-mail (through the mail
receiver), the chair's statistics and the member's own record. Then the run is checked for
loss: every upload filed exactly once, every reply matched to its inquiry, the audit chain
intact, the search index complete.

- `baseline`: one `commission serve` (waitress, its own worker threads) on one PostgreSQL
  database (or SQLite with --sqlite), as an installation runs today.
- `cluster`: the local cluster of bench/cluster.py (started if it does not answer).
  --kill-worker S kills a worker with SIGKILL S seconds into the run; --kill-replica S stops the
  replica at once S seconds in. Both report what failed over and what the run lost.
"""

from __future__ import annotations

# locust runs its users on gevent, whose patching of the standard library must come first.
import locust  # noqa: F401  # isort: skip

import argparse
import itertools
import json
import os
import signal
import smtplib
import subprocess
import sys
import threading
import time
import uuid
from dataclasses import dataclass, field
from email.message import EmailMessage
from pathlib import Path

from bench import cluster
from bench.common import COMMISSION, ROOT, print_machine

RUN = uuid.uuid4().hex[:10]
WORDS = ("Alliluyeva", "commission", "expelled", "brother", "family", "reinstated", "secretary")


@dataclass
class Target:
    url: str
    env: dict[str, str]
    mail_port: int
    logins: dict[str, str]
    tokens: list[str]
    cases: list[str]
    reply_address: str
    layout: cluster.Layout | None = None
    sent: dict[str, int] = field(default_factory=lambda: {"uploads": 0, "replies": 0})


def _commission_shell(env: dict[str, str], code: str) -> str:
    done = subprocess.run(
        [str(COMMISSION), "shell", "-c", code],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    if done.returncode != 0:
        raise SystemExit(f"`commission shell` failed:\n{done.stderr[-2000:]}")
    return done.stdout.strip()


# The demo ends with the story's inquiries withdrawn, so the run sends its own, one for each
# reply the witnesses will mail (through the service, as a clerk's "send" would).
_PREPARE = """
import datetime as dt, json
from django.conf import settings
from commission.cases.models import Case
from commission.core.services import system_actor
from commission.inquiries.services import ask
from commission.registry.models import Person
subject, recipient = Person.objects.filter(deceased=False).order_by("id")[:2]
tokens = [
    ask(actor=system_actor(), subject=subject, recipient=recipient, due_on=dt.date(2030, 1, 1),
        question="Load test {run}: who knows the subject's work?").reply_token
    for _ in range({count})
]
print(json.dumps({{
  "reply_address": settings.MAIL_REPLY_ADDRESS, "tokens": tokens,
  "cases": list(Case.objects.values_list("ref", flat=True)),
}}))
"""


def _prepare(url: str, env: dict[str, str], mail_port: int, replies: int) -> Target:
    logins_file = Path(env["COMMISSION_VAR_DIR"]) / "demo-logins.txt"
    logins = dict(line.split(" ", 1) for line in logins_file.read_text().splitlines())
    direct = {**env, "DATABASE_REPLICA_URLS": ""}
    code = _PREPARE.format(run=RUN, count=replies)
    found = json.loads(_commission_shell(direct, code).splitlines()[-1])
    return Target(
        url=url,
        env=env,
        mail_port=mail_port,
        logins=logins,
        tokens=found["tokens"],
        cases=found["cases"],
        reply_address=found["reply_address"],
    )


def _user_classes(target: Target) -> list[type]:
    from locust import HttpUser, between, task

    counter = itertools.count(1)
    upload_lock = threading.Lock()

    class Person(HttpUser):
        abstract = True
        host = target.url
        wait_time = between(0.5, 1.5)
        username = ""

        def on_start(self) -> None:
            self.client.get("/login/", name="sign in")
            token = self.client.cookies.get("csrftoken", "")
            self.client.post(
                "/login/",
                data={
                    "username": self.username,
                    "password": target.logins[self.username],
                    "csrfmiddlewaretoken": token,
                },
                headers={"Referer": f"{target.url}/login/"},
                name="sign in",
            )

        def _csrf(self) -> dict[str, str]:
            return {
                "X-CSRFToken": self.client.cookies.get("csrftoken", ""),
                "Referer": f"{target.url}/",
            }

        def _case(self) -> str:
            return target.cases[next(counter) % len(target.cases)]

    class Clerk(Person):
        weight = 3
        username = "clerk"

        @task(4)
        def dashboard(self) -> None:
            self.client.get("/dashboard/", name="dashboard")

        @task(4)
        def search(self) -> None:
            word = WORDS[next(counter) % len(WORDS)]
            self.client.get(f"/api/v1/search/?q={word}", name="search")

        @task(3)
        def case_page(self) -> None:
            self.client.get(f"/cases/{self._case()}/", name="case page")

        @task(1)
        def upload_read_and_accept(self) -> None:
            number = next(counter)
            text = (
                f"To the Central Commission, 20 December 1921.\n\nLoad test {RUN} letter "
                f"{number}: I write about comrade Ivanov number {number}, whom I have known "
                "at work for two years, and ask the commission to hear him.\n\nPetrov\n"
            )
            with upload_lock:
                target.sent["uploads"] += 1
            answer = self.client.post(
                "/api/v1/letters/",
                files={"file": (f"loadtest-{RUN}-{number}.txt", text)},
                headers=self._csrf(),
                name="upload",
            )
            if answer.status_code != 202:
                return
            status_url = answer.json()["status_url"]
            deadline = time.monotonic() + 60
            state = ""
            while time.monotonic() < deadline:
                polled = self.client.get(status_url, name="upload read (poll)")
                state = polled.json().get("state", "") if polled.ok else ""
                if state in ("done", "failed"):
                    break
                time.sleep(0.5)
            if state != "done":
                return
            for letter in polled.json()["report"]["letters"]:
                self.client.post(
                    f"/api/v1/letters/{letter}/accept-all/", headers=self._csrf(), name="accept"
                )

        @task(1)
        def inquiry_reply_by_mail(self) -> None:
            with upload_lock:
                if not target.tokens:
                    return  # every inquiry of the run has had its one reply
                token = target.tokens.pop()
            message = EmailMessage()
            message["From"] = "witness@example.org"
            mailbox, domain = target.reply_address.split("@", 1)
            message["To"] = f"{mailbox}+{token}@{domain}"
            message["Subject"] = f"Re: inquiry (load test {RUN})"
            message["Message-ID"] = f"<{uuid.uuid4().hex}.{RUN}@example.org>"
            message.set_content(
                f"Load test {RUN}: I knew her brother abroad and can speak for the family.\n"
            )
            started = time.perf_counter()
            error: Exception | None = None
            try:
                with smtplib.LMTP("127.0.0.1", target.mail_port, timeout=30) as lmtp:
                    lmtp.send_message(message)
                with upload_lock:
                    target.sent["replies"] += 1
            except (OSError, smtplib.SMTPException) as failed:
                error = failed
            self.environment.events.request.fire(
                request_type="LMTP",
                name="inquiry reply by e-mail",
                response_time=(time.perf_counter() - started) * 1000,
                response_length=0,
                exception=error,
                context={},
            )

    class Chair(Person):
        weight = 1
        username = "chair"

        @task(3)
        def dashboard(self) -> None:
            self.client.get("/dashboard/", name="dashboard")

        @task(2)
        def case_page(self) -> None:
            self.client.get(f"/cases/{self._case()}/", name="case page")

        @task(1)
        def statistics(self) -> None:
            self.client.get("/statistics/", name="statistics")

    class Member(Person):
        weight = 1
        username = "member"

        @task
        def own_record(self) -> None:
            self.client.get("/api/v1/me/", name="own record")

    return [Clerk, Chair, Member]


def _lag_sampler(target: Target, stop: threading.Event, lags: list[float | None]) -> None:
    while not stop.wait(2):
        if target.layout is not None:
            lags.append(cluster.replica_lag(target.layout))


def _faults(target: Target, args: argparse.Namespace, events: list[str]) -> list[threading.Timer]:
    layout = target.layout
    timers: list[threading.Timer] = []
    if layout is None:
        return timers
    if args.kill_worker is not None:

        def kill_worker() -> None:
            killed = cluster.stop_process(layout, "worker1", signal.SIGKILL)
            events.append(f"{args.kill_worker:.0f} s: worker1 killed (SIGKILL): {killed}")

        timers.append(threading.Timer(args.kill_worker, kill_worker))
    if args.kill_replica is not None:

        def kill_replica() -> None:
            cluster.replica_kill(layout)
            events.append(f"{args.kill_replica:.0f} s: replica stopped (immediate)")

        timers.append(threading.Timer(args.kill_replica, kill_replica))
    for timer in timers:
        timer.start()
    return timers


def _load(target: Target, args: argparse.Namespace) -> dict[str, object]:
    import gevent
    from locust.env import Environment

    environment = Environment(user_classes=_user_classes(target))
    runner = environment.create_local_runner()
    lags: list[float | None] = []
    events: list[str] = []
    stop = threading.Event()
    sampler = threading.Thread(target=_lag_sampler, args=(target, stop, lags), daemon=True)
    sampler.start()
    # The people arrive at --spawn-rate a second and each signs in (the password hasher, slow
    # on purpose); the measured window starts --warmup seconds after the last has arrived, with
    # the figures counted afresh, so that it holds the mix in its steady state, not the storm of
    # sign-ins at the start. The faults' times count from the start of that window.
    window: dict[str, float] = {}
    timers: list[threading.Timer] = []

    def measure() -> None:
        environment.stats.reset_all()
        window["started"] = time.monotonic()
        timers.extend(_faults(target, args, events))
        gevent.spawn_later(args.seconds, runner.quit)

    spawning = max(1.0, args.users / args.spawn_rate)
    runner.start(args.users, spawn_rate=args.spawn_rate)
    gevent.spawn_later(spawning + args.warmup, measure)
    runner.greenlet.join()
    elapsed = time.monotonic() - window["started"]
    stop.set()
    for timer in timers:
        timer.cancel()
    rows = []
    for (name, method), entry in sorted(environment.stats.entries.items()):
        rows.append(
            {
                "action": name,
                "method": method,
                "requests": entry.num_requests,
                "failures": entry.num_failures,
                "rps": entry.num_requests / elapsed,
                "p50": entry.get_response_time_percentile(0.5),
                "p95": entry.get_response_time_percentile(0.95),
                "p99": entry.get_response_time_percentile(0.99),
            }
        )
    # The mix's totals leave out signing in, which is slow on purpose (the password hasher)
    # and happens once per simulated person, not in the mix.
    from locust.stats import StatsEntry

    total = StatsEntry(environment.stats, "mix", "")
    for (name, _method), entry in environment.stats.entries.items():
        if name != "sign in":
            total.extend(entry)
    errors = [
        f"{e.method} {e.name}: {e.error} ×{e.occurrences}"
        for e in environment.stats.errors.values()
    ]
    known = [lag for lag in lags if lag is not None]
    return {
        "seconds": elapsed,
        "users": args.users,
        "rows": rows,
        "requests": total.num_requests,
        "failures": total.num_failures,
        "rps": total.num_requests / elapsed,
        "p50": total.get_response_time_percentile(0.5),
        "p95": total.get_response_time_percentile(0.95),
        "p99": total.get_response_time_percentile(0.99),
        "errors": errors,
        "lag_max": max(known) if known else None,
        "lag_unanswered": sum(1 for lag in lags if lag is None),
        "lag_samples": len(lags),
        "events": events,
    }


_CHECK = """
import json
from commission.documents.models import Document
from commission.intake.models import IncomingMail
from commission.jobs.models import Job
marker = "Load test {run} letter "
texts = list(Document.objects.filter(text__contains=marker).values_list("text", flat=True))
numbers = [t.split(marker, 1)[1].split(":", 1)[0] for t in texts]
mails = IncomingMail.objects.filter(subject__contains="(load test {run})")
print(json.dumps({{
  "letters": len(numbers), "distinct": len(set(numbers)),
  "mails": mails.count(), "matched": mails.exclude(inquiry=None).count(),
  "jobs_open": Job.objects.exclude(state__in=["done", "failed"]).count(),
  "jobs_failed": Job.objects.filter(state="failed").count(),
}}))
"""


def _nothing_lost(target: Target, wait_seconds: float) -> dict[str, object]:
    """Waits (bounded) for the workers to finish what the run asked, then checks."""
    direct = dict(target.env)
    if target.layout is not None:  # the checks read the primary, never a replica
        direct["DATABASE_REPLICA_URLS"] = ""
    deadline = time.monotonic() + wait_seconds
    while True:
        found = json.loads(_commission_shell(direct, _CHECK.format(run=RUN)).splitlines()[-1])
        settled = found["jobs_open"] == 0 and found["mails"] >= target.sent["replies"]
        if settled or time.monotonic() > deadline:
            break
        time.sleep(5)
    audit = subprocess.run(
        [str(COMMISSION), "audit", "verify"], env=direct, cwd=ROOT, capture_output=True, text=True
    )
    index = subprocess.run(
        [str(COMMISSION), "search", "check"], env=direct, cwd=ROOT, capture_output=True, text=True
    )
    found.update(
        uploads_sent=target.sent["uploads"],
        replies_sent=target.sent["replies"],
        audit_ok=audit.returncode == 0,
        audit=(audit.stdout + audit.stderr).strip()[-300:],
        index_ok=index.returncode == 0,
        index=(index.stdout + index.stderr).strip()[-300:],
    )
    return found


def _report(title: str, result: dict[str, object], lost: dict[str, object]) -> None:
    print(f"\n## {title}: {result['users']} users for {result['seconds']:.0f} s")
    print(
        f"{'action':28} {'requests':>8} {'fail':>5} {'req/s':>7} {'p50':>6} {'p95':>6} {'p99':>6}"
    )
    for row in result["rows"]:  # type: ignore[attr-defined]
        print(
            f"{row['action']:28} {row['requests']:8d} {row['failures']:5d} {row['rps']:7.2f} "
            f"{row['p50']:6.0f} {row['p95']:6.0f} {row['p99']:6.0f}"
        )
    print(
        f"{'mix (all but sign in)':28} {result['requests']:8d} {result['failures']:5d} "
        f"{result['rps']:7.2f} "
        f"{result['p50']:6.0f} {result['p95']:6.0f} {result['p99']:6.0f}  (ms)"
    )
    for error in result["errors"]:  # type: ignore[attr-defined]
        print(f"  error: {error}")
    if result["lag_samples"]:
        print(
            f"replica lag: max {result['lag_max']} s over {result['lag_samples']} samples, "
            f"{result['lag_unanswered']} unanswered"
        )
    for event in result["events"]:  # type: ignore[attr-defined]
        print(f"fault: {event}")
    print(
        f"uploads: {lost['uploads_sent']} sent, {lost['letters']} letters filed "
        f"({lost['distinct']} distinct); replies: {lost['replies_sent']} sent, "
        f"{lost['mails']} taken in, {lost['matched']} matched; jobs still open "
        f"{lost['jobs_open']}, failed {lost['jobs_failed']}; audit chain "
        f"{'intact' if lost['audit_ok'] else 'BROKEN: ' + str(lost['audit'])}; search index "
        f"{'complete' if lost['index_ok'] else 'INCOMPLETE: ' + str(lost['index'])}"
    )


def _baseline_target(args: argparse.Namespace) -> tuple[Target, subprocess.Popen[bytes]]:
    folder = Path(args.dir).resolve() / "baseline"
    var = folder / "var"
    var.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ)
    env.update(
        {
            "COMMISSION_VAR_DIR": str(var),
            "DATABASE_REPLICA_URLS": "",
            "EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend",
            "MAIL_RECEIVE_PORT": str(args.mail_port + 1),
            "MAIL_INBOX": str(var / "inbox"),
            "COMMISSION_SITE_URL": f"http://127.0.0.1:{args.web_port + 1}",
        }
    )
    if args.sqlite:
        env.pop("DATABASE_URL", None)
    else:
        name = f"commission_loadtest_{RUN}"
        subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", name], check=True)
        env["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:5432/{name}"
    subprocess.run([str(COMMISSION), "migrate", "--verbosity", "0"], env=env, cwd=ROOT, check=True)
    subprocess.run(
        [str(COMMISSION), "demo"], env=env, cwd=ROOT, check=True, stdout=subprocess.DEVNULL
    )
    log = (folder / "serve.log").open("ab")
    server = subprocess.Popen(
        [str(COMMISSION), "serve", "--port", str(args.web_port + 1)],
        env=env,
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    mail = subprocess.Popen(
        [str(COMMISSION), "mail", "receive", "--port", str(args.mail_port + 1)],
        env=env,
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    server.mail = mail  # type: ignore[attr-defined]
    layout = cluster.Layout(folder=folder, pg_port=0, web_port=args.web_port + 1, mail_port=0)
    cluster._wait_for_web(layout)
    target = _prepare(
        f"http://127.0.0.1:{args.web_port + 1}", env, args.mail_port + 1, args.replies
    )
    return target, server


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.loadtest",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("which", choices=("baseline", "cluster", "both"), default="both", nargs="?")
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=300, help="the measured window")
    parser.add_argument("--spawn-rate", type=float, default=5, help="people arriving a second")
    parser.add_argument(
        "--warmup", type=float, default=15, help="seconds after the last arrival before measuring"
    )
    parser.add_argument("--settle", type=float, default=180, help="wait for workers at most")
    parser.add_argument("--replies", type=int, default=200, help="inquiries sent for replies")
    parser.add_argument("--sqlite", action="store_true", help="baseline on SQLite")
    parser.add_argument("--kill-worker", type=float, metavar="S")
    parser.add_argument("--kill-replica", type=float, metavar="S")
    cluster.add_layout_arguments(parser)
    args = parser.parse_args(argv)
    print_machine()
    print(f"load: {os.getloadavg()}")
    if args.which in ("baseline", "both"):
        target, server = _baseline_target(args)
        try:
            result = _load(target, args)
            lost = _nothing_lost(target, args.settle)
        finally:
            os.killpg(server.pid, signal.SIGINT)
            os.killpg(server.mail.pid, signal.SIGTERM)  # type: ignore[attr-defined]
            server.wait(30)
        _report("one `commission serve` (baseline)", result, lost)
        if not args.sqlite:  # the baseline's database was made for this run only
            name = target.env["DATABASE_URL"].rsplit("/", 1)[1]
            subprocess.run(["dropdb", "-h", "127.0.0.1", "-U", "postgres", name], check=False)
    if args.which in ("cluster", "both"):
        layout = cluster.layout_from(args)
        if cluster.status(layout) != 0:
            cluster.start(layout)
        target = _prepare(layout.url, layout.environment(), layout.mail_port, args.replies)
        target.layout = layout
        try:
            result = _load(target, args)
        finally:
            if args.kill_replica is not None:
                cluster.replica_start(layout)
            if args.kill_worker is not None and cluster._pid(layout, "worker1") is None:
                cluster._spawn(layout, "worker1", [str(COMMISSION), "worker", "--workers", "2"])
        lost = _nothing_lost(target, args.settle)
        _report("cluster (2 web processes, 2 workers, primary + replica, PgBouncer)", result, lost)
    return 0


if __name__ == "__main__":
    sys.exit(main())
