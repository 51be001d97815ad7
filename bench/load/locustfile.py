"""Locust scenario of the load benchmark: signed-in people walking the real journeys.

Started by bench/load_run.py (which prepares the data, the server and the worker, and writes
targets.json); by hand:

    LOAD_TARGETS=/path/to/targets.json .venv/bin/locust -f bench/load/locustfile.py \\
        --host http://127.0.0.1:8000 --headless --users 200 --spawn-rate 2 --run-time 5m

One Locust user class per role (bench/load/journeys.py: the pages in the order a person walks them,
the share of users per role, the accounts). Each simulated user signs in once through /masuk/
(CSRF token from the form, session cookie), then walks its role's pages in order, again and again,
with a think time of LOAD_WAIT_MIN..LOAD_WAIT_MAX seconds (default 3..10) between pages. A page
counts as an error unless it answers 200 straight away (a redirect to the sign-in page, a 403, a
404 or a 500 all count); requests are reported under the page's name, not its URL.
"""

from __future__ import annotations

import csv
import itertools
import json
import os
import random
import sys
import time
from pathlib import Path

from locust import HttpUser, between, events, task
from locust.exception import StopUser

sys.path.insert(0, str(Path(__file__).resolve().parent))

import journeys

TARGETS: dict = {}
WAIT = between(float(os.environ.get("LOAD_WAIT_MIN", "3")), float(os.environ.get("LOAD_WAIT_MAX", "10")))
_counters: dict[str, itertools.count] = {}


ENVIRONMENT = []


@events.init.add_listener
def _load_targets(environment, **_kwargs) -> None:
    ENVIRONMENT.append(environment)
    path = os.environ.get("LOAD_TARGETS")
    if path:
        TARGETS.update(json.loads(Path(path).read_text()))


_signed_in: list[bool] = []


def _steady_state(user_count: int) -> None:
    """With LOAD_RAMP_OUT set (bench/load_run.py): once every user has tried to sign in, store the
    sign-in figures and the totals of the ramp in that file, then start the figures again, so the
    pages are measured with all users on."""
    path = os.environ.get("LOAD_RAMP_OUT")
    if not path or not ENVIRONMENT:
        return
    stats = ENVIRONMENT[0].stats
    rows = {}
    for (name, method), entry in [*stats.entries.items(), (("Aggregated", ""), stats.total)]:
        if name.startswith("masuk") or name == "Aggregated":
            rows[f"{name} {method}".strip()] = {
                "n": entry.num_requests,
                "galat": entry.num_failures,
                "p50": entry.get_response_time_percentile(0.5),
                "p95": entry.get_response_time_percentile(0.95),
                "max": round(entry.max_response_time or 0),
            }
    Path(path).write_text(json.dumps({"pengguna": user_count, "baris": rows}))
    stats.reset_all()
    _steady.append(time.time())


_steady: list[float] = []
_requests: list[tuple] = []


@events.request.add_listener
def _record(request_type, name, response_time, exception, **_kwargs) -> None:
    """Every request once all users are on (LOAD_REQUESTS_OUT): its end time, page, milliseconds
    and whether it failed, so the runner can compute exact percentiles and split the run into
    windows (while the import's write and recompute run, and outside them)."""
    if _steady:
        _requests.append(
            (round(time.time(), 3), name, round(response_time, 1), 0 if exception is None else 1)
        )


@events.quitting.add_listener
def _write_requests(environment, **_kwargs) -> None:
    path = os.environ.get("LOAD_REQUESTS_OUT")
    if path:
        with open(path, "w", newline="") as out:
            writer = csv.writer(out)
            writer.writerow(["t", "halaman", "ms", "galat"])
            writer.writerows(_requests)


class _Role(HttpUser):
    abstract = True
    role = ""
    wait_time = WAIT

    def on_start(self) -> None:
        counter = _counters.setdefault(self.role, itertools.count())
        index = next(counter)
        self.rng = random.Random(f"{self.role}:{index}")
        self.username = journeys.account_for(self.role, index, TARGETS)
        self.pages = journeys.ROLES[self.role][0]
        self.step = self.rng.randrange(len(self.pages))  # not everyone starts on the home page
        response = journeys.login(self.client, self.username, name="masuk")
        ok = journeys.signed_in(response)
        _signed_in.append(ok)
        if len(_signed_in) == self.environment.parsed_options.num_users:
            _steady_state(sum(_signed_in))
        if not ok:
            # counted as an error of its own row, and this simulated user stops
            self.environment.events.request.fire(
                request_type="POST",
                name="masuk: gagal",
                response_time=0,
                response_length=0,
                response=response,
                context={},
                exception=RuntimeError(f"sign-in of {self.username} failed: {response.status_code}"),
            )
            raise StopUser

    @task
    def walk(self) -> None:
        page = self.pages[self.step % len(self.pages)]
        self.step += 1
        path, _kwargs = page.build(self.rng, TARGETS)
        with self.client.get(path, name=page.name, allow_redirects=False, catch_response=True) as response:
            if response.status_code != 200:
                where = response.headers.get("Location", "") or repr(response.error or "")
                response.failure(f"{response.status_code} {where}".strip())


class Asn(_Role):
    role = "asn"
    weight = journeys.ROLES["asn"][1]


class AdminBkd(_Role):
    role = "bkd"
    weight = journeys.ROLES["bkd"][1]


class Verifikator(_Role):
    role = "verifikator"
    weight = journeys.ROLES["verifikator"][1]


class Komite(_Role):
    role = "komite"
    weight = journeys.ROLES["komite"][1]


class Bkn(_Role):
    role = "bkn"
    weight = journeys.ROLES["bkn"][1]
