"""The journeys of the load benchmark: who signs in, which pages they walk through, in what order.

Plain Python (no Locust, no Django): bench/load/locustfile.py drives these journeys under load,
bench/load_run.py walks the same pages with one user as the baseline, and
tests/bench/test_load_journeys.py resolves every page against the URL conf, so a renamed URL breaks
the test suite, not the load run.

Each page is a `Page`: the name its figures are reported under, the Django URL name, and how its
kwargs are drawn from the targets the runner stores (`targets.json`: pegawai ids, key posts,
sessions, the verifier's waiting items, the national codes, the sign-in accounts).

Accounts (bench/load_data.py): every simulated ASN signs in as a different person (`load.asn.0001`
…): the ASN pages show one's own portfolio, placement and plans, and several hundred people doing
so is what the real load is. The staff roles are a handful of people per instansi in reality, so
the demo's accounts are reused with one session per simulated user: `admin.6271` (Admin BKD),
`verifikator`, the five Komite members, `bkn` and `bkn.krs`.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

LOGIN_PATH = "/masuk/"
PASSWORD = "Talenta-Demo-2026"  # noqa: S105 - the demo's and the load data's throwaway accounts


@dataclass(frozen=True)
class Page:
    name: str  # the row of the report
    url_name: str  # for reverse() in the smoke test
    path: str  # a format string over the kwargs
    kwargs: Callable[[random.Random, dict], dict] = field(default=lambda rng, t: {})
    query: Callable[[random.Random, dict], str] = field(default=lambda rng, t: "")

    def build(self, rng: random.Random, targets: dict) -> tuple[str, dict]:
        kwargs = self.kwargs(rng, targets)
        return self.path.format(**kwargs) + self.query(rng, targets), kwargs


def _pegawai(rng, t):
    return {"pk": rng.choice(t["pegawai"])}


def _q_pegawai(rng, t):
    # a BKD clerk mostly browses pages of the list, sometimes searches a name or NIP prefix
    r = rng.random()
    if r < 0.3:
        return f"?q={rng.choice(t['cari'])}"
    if r < 0.6:
        return f"?page={rng.randint(2, 50)}"
    return ""


def _verifikasi(rng, t):
    kode, pk = rng.choice(t["verifikasi"])
    return {"kode": kode, "pk": pk}


# --- pages per role, in the order a person walks them (one journey = one pass) ---------------------

ASN = [
    Page("asn: beranda", "pegawai:home_asn", "/asn/"),
    Page("asn: profil saya (portofolio)", "pegawai:profil_saya", "/saya/"),
    Page("asn: talenta saya", "petatalenta:saya_talenta", "/saya/talenta/"),
    Page("asn: suksesi saya", "suksesi:saya", "/suksesi/saya/"),
    Page("asn: idp saya", "pengembangan:idp_saya", "/pengembangan/idp/saya/"),
]

BKD = [
    Page("bkd: beranda", "instansi:home_admin_bkd", "/bkd/"),
    Page("bkd: sembilan kotak", "petatalenta:ninebox", "/talenta/sembilan-kotak/"),
    Page(
        "bkd: isi kotak",
        "petatalenta:ninebox_kotak",
        "/talenta/sembilan-kotak/kotak/{kotak}/",
        kwargs=lambda rng, t: {"kotak": rng.randint(1, 9)},
    ),
    Page("bkd: daftar pegawai", "pegawai:pegawai_list", "/pegawai/", query=_q_pegawai),
    Page("bkd: detail pegawai", "pegawai:pegawai_detail", "/pegawai/{pk}/", kwargs=_pegawai),
    Page("bkd: talenta pegawai", "petatalenta:pegawai_talenta", "/pegawai/{pk}/talenta/", kwargs=_pegawai),
    Page("bkd: kelengkapan", "pegawai:kelengkapan", "/kelengkapan/"),
]

VERIFIKATOR = [
    Page("verifikator: beranda", "instansi:home_verifikator", "/verifikator/"),
    Page("verifikator: antrean", "pegawai:verifikasi", "/verifikasi/"),
    Page(
        "verifikator: antrean per jenis",
        "pegawai:verifikasi_jenis",
        "/verifikasi/{kode}/",
        kwargs=lambda rng, t: {"kode": rng.choice(t["verifikasi"])[0]},
    ),
    Page(
        "verifikator: detail usulan",
        "pegawai:verifikasi_detail",
        "/verifikasi/{kode}/{pk}/",
        kwargs=_verifikasi,
    ),
]

KOMITE = [
    Page("komite: beranda", "instansi:home_komite", "/komite/"),
    Page("komite: kekuatan suksesi", "suksesi:bench", "/suksesi/"),
    Page("komite: jabatan kunci", "suksesi:jabatan_list", "/suksesi/jabatan-kunci/"),
    Page(
        "komite: calon jabatan kunci",
        "suksesi:jabatan_detail",
        "/suksesi/jabatan-kunci/{pk}/",
        kwargs=lambda rng, t: {"pk": rng.choice(t["jabatan_kunci"])},
    ),
    Page("komite: krs", "suksesi:krs", "/suksesi/krs/"),
    Page("komite: sidang", "komite:sidang_list", "/komite/sidang/"),
    Page(
        "komite: detail sidang",
        "komite:sidang_detail",
        "/komite/sidang/{pk}/",
        kwargs=lambda rng, t: {"pk": rng.choice(t["sidang"])},
    ),
]

BKN = [
    Page("bkn: nasional", "nasional:home", "/nasional/"),
    Page(
        "bkn: provinsi",
        "nasional:provinsi",
        "/nasional/provinsi/{kode}/",
        kwargs=lambda rng, t: {"kode": rng.choice(t["provinsi"])},
    ),
    Page(
        "bkn: instansi",
        "nasional:instansi",
        "/nasional/instansi/{kode}/",
        kwargs=lambda rng, t: {"kode": rng.choice(t["instansi"])},
    ),
]

# role -> (pages, share of the simulated users): ASN are most of the people signed in; BKD staff,
# verifiers, the Komite and BKN analysts are a few each.
ROLES: dict[str, tuple[list[Page], int]] = {
    "asn": (ASN, 24),
    "bkd": (BKD, 6),
    "verifikator": (VERIFIKATOR, 3),
    "komite": (KOMITE, 4),
    "bkn": (BKN, 3),
}


def accounts(role: str, targets: dict) -> list[str]:
    return targets["akun"][role]


def account_for(role: str, index: int, targets: dict) -> str:
    """The `index`-th simulated user of a role: ASN get one account each (wrapping around only when
    there are more simulated ASN than accounts), the staff roles share theirs."""
    names = accounts(role, targets)
    return names[index % len(names)]


def all_pages() -> list[Page]:
    return [page for pages, _w in ROLES.values() for page in pages]


# --- signing in ------------------------------------------------------------------------------------

_CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def csrf_token(html: str) -> str:
    match = _CSRF.search(html)
    if match is None:
        raise ValueError("no csrfmiddlewaretoken on the sign-in page")
    return match.group(1)


def login_form(html: str, username: str) -> dict:
    """What the sign-in form posts, the CSRF token taken from the page."""
    return {"csrfmiddlewaretoken": csrf_token(html), "username": username, "password": PASSWORD}


def login(session: Any, username: str, *, prefix: str = "", **extra) -> Any:
    """Session sign-in through the page, as a browser does: GET the form (CSRF cookie and token),
    POST username and password. Works with a requests.Session (`prefix` = the server's base URL)
    and with Locust's HttpSession (`extra`: name=…). Returns the POST's response; signed in when it
    redirects away from the sign-in page."""
    page = session.get(prefix + LOGIN_PATH, **extra)
    return session.post(
        prefix + LOGIN_PATH,
        data=login_form(page.text, username),
        headers={"Referer": prefix + LOGIN_PATH},
        allow_redirects=False,
        **extra,
    )


def signed_in(response) -> bool:
    return response.status_code == 302 and LOGIN_PATH not in response.headers.get("Location", "")
