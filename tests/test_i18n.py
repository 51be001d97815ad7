"""Translations: Bahasa Indonesia is the source language, English is a translation.

The English catalog (locale/en/LC_MESSAGES/django.po) must be complete, keep every placeholder,
be compiled (django.mo holds exactly what django.po says) and be up to date with the code. The UI
speaks Indonesian by default and English when the user chooses it, with Indonesian date and number formats.
"""

from __future__ import annotations

import re
import shutil
from datetime import date
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import translation
from django.utils.formats import date_format, number_format

EN_PO = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES" / "django.po"
EN_MO = EN_PO.with_suffix(".mo")

# The ignores the catalog is generated with (makemessages -l en --ignore=… --no-obsolete).
MAKEMESSAGES_IGNORE = [".venv", "var", "tests", "bench"]

# `makemessages` drives xgettext, msguniq and msgmerge (Debian package gettext, installed by .ci/run).
# In CI a skip is a failure (tests/conftest.py), so this only lets machines without gettext run the rest.
needs_gettext = pytest.mark.skipif(
    not all(shutil.which(tool) for tool in ("xgettext", "msguniq", "msgmerge", "msgattrib")),
    reason="needs GNU gettext (xgettext, msguniq, msgmerge, msgattrib): apt-get install gettext",
)

# %(name)s, %s, %d, %.2f … (not %%) — python-format; {name} — python-brace-format.
PYTHON_FORMAT = re.compile(r"%(?:\([^)]*\))?[-#0 +]*(?:\*|\d+)?(?:\.(?:\*|\d+))?[diouxXeEfFgGcrsa]")
NAMED_PLACEHOLDER = re.compile(r"%\([^)]*\)[-#0 +]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa]")
BRACE_FORMAT = re.compile(r"(?<!\{)\{[^{}]*\}(?!\})")


def _key(entry) -> tuple[str | None, str, str]:
    return (entry.msgctxt, entry.msgid, entry.msgid_plural or "")


def _translations(entries) -> dict[tuple[str | None, str, str], str | tuple[str, ...]]:
    """msgid → msgstr (a tuple of the forms for plurals), as a comparable dict."""
    result = {}
    for entry in entries:
        if entry.msgid_plural:
            result[_key(entry)] = tuple(entry.msgstr_plural[i] for i in sorted(entry.msgstr_plural))
        else:
            result[_key(entry)] = entry.msgstr
    return result


def _placeholders(entry, text: str) -> list[str]:
    found = NAMED_PLACEHOLDER.findall(text)  # always: a lost %(nama)s fails silently at runtime
    if "python-format" in entry.flags:
        found = PYTHON_FORMAT.findall(text.replace("%%", ""))
    if "python-brace-format" in entry.flags:
        found += BRACE_FORMAT.findall(text.replace("{{", "").replace("}}", ""))
    return sorted(found)


@pytest.fixture(scope="module")
def en_po() -> polib.POFile:
    return polib.pofile(str(EN_PO))


def _active(po: polib.POFile) -> list[polib.POEntry]:
    return [e for e in po if not e.obsolete]


# --- the catalog itself ------------------------------------------------------------------------


def test_en_catalog_header(en_po):
    assert en_po.metadata["Language"] == "en"
    assert en_po.metadata["Content-Type"] == "text/plain; charset=UTF-8"
    assert en_po.metadata["Plural-Forms"] == "nplurals=2; plural=(n != 1);"
    assert not en_po.metadata_is_fuzzy, "remove '#, fuzzy' from the header of " + str(EN_PO)


def test_en_catalog_is_complete(en_po):
    entries = _active(en_po)
    assert entries, "the English catalog is empty"
    untranslated = [e.msgid for e in en_po.untranslated_entries()]
    fuzzy = [e.msgid for e in en_po.fuzzy_entries()]
    assert not untranslated, f"untranslated entries in {EN_PO}: {untranslated}"
    assert not fuzzy, f"fuzzy entries (check them, then drop the flag) in {EN_PO}: {fuzzy}"
    for entry in entries:
        if entry.msgid_plural:
            forms = entry.msgstr_plural
            assert sorted(forms) == [0, 1], f"{entry.msgid!r}: English needs msgstr[0] and msgstr[1]"
            assert all(forms.values()), f"{entry.msgid!r}: empty plural form"


def test_en_catalog_keeps_placeholders(en_po):
    problems = []
    for entry in _active(en_po):
        if entry.msgid_plural:
            pairs = [(entry.msgid, entry.msgstr_plural[0]), (entry.msgid_plural, entry.msgstr_plural[1])]
        else:
            pairs = [(entry.msgid, entry.msgstr)]
        for source, target in pairs:
            expected, actual = _placeholders(entry, source), _placeholders(entry, target)
            if set(expected) != set(actual):
                problems.append(f"{source!r} → {target!r}: placeholders {expected} ≠ {actual}")
    assert not problems, "\n".join(problems)


def test_compiled_catalog_matches_po(en_po):
    assert EN_MO.exists(), "locale/en/LC_MESSAGES/django.mo is missing: run compilemessages"
    mo = polib.mofile(str(EN_MO))
    # msgfmt leaves out untranslated and fuzzy entries; everything else must be in the .mo as is.
    expected = _translations(e for e in _active(en_po) if e.translated() and "fuzzy" not in e.flags)
    compiled = _translations(mo)
    assert compiled == expected, (
        "locale/en/LC_MESSAGES/django.mo does not match django.po: run `python manage.py "
        "compilemessages -l en --ignore=.venv` (or make messages)"
    )
    assert mo.metadata.get("Plural-Forms") == en_po.metadata["Plural-Forms"]


def _copy_source_tree(destination: Path) -> None:
    """The project as makemessages sees it, without what it would skip anyway (dot-directories,
    STATIC_ROOT, MEDIA_ROOT, the --ignore'd directories) so the copy stays small."""
    base = Path(settings.BASE_DIR).resolve()
    skipped_roots = {Path(p).resolve() for p in (settings.STATIC_ROOT, settings.MEDIA_ROOT) if p}

    def ignore(directory: str, names: list[str]) -> set[str]:
        here = Path(directory).resolve()
        return {
            name
            for name in names
            if name.startswith(".")
            or name in MAKEMESSAGES_IGNORE
            or name == "__pycache__"
            or (here / name) in skipped_roots
        }

    shutil.copytree(base, destination, ignore=ignore, symlinks=True)


@needs_gettext
def test_en_catalog_is_up_to_date_with_the_code(tmp_path, monkeypatch, settings):
    """Runs makemessages on a copy of the tree, so neither the committed catalog nor the source
    directories (makemessages writes temporary *.html.py files next to templates) are touched."""
    source = tmp_path / "src"
    _copy_source_tree(source)
    settings.LOCALE_PATHS = [source / "locale"]
    monkeypatch.chdir(source)

    call_command(
        "makemessages",
        locale=["en"],
        ignore_patterns=MAKEMESSAGES_IGNORE,
        no_obsolete=True,
        verbosity=0,
    )

    committed = {_key(e) for e in _active(polib.pofile(str(EN_PO)))}
    extracted = {
        _key(e) for e in _active(polib.pofile(str(source / "locale" / "en" / "LC_MESSAGES" / "django.po")))
    }
    missing = sorted(extracted - committed, key=lambda k: (k[1], k[0] or ""))
    assert not missing, (
        "run make messages: these strings are in the code but not in locale/en/LC_MESSAGES/django.po "
        "(python manage.py makemessages -l en --ignore=.venv --ignore=var --ignore=tests --ignore=bench "
        "--no-obsolete, translate, compilemessages):\n" + "\n".join(m[1] for m in missing)
    )


# --- the UI ------------------------------------------------------------------------------------


@pytest.fixture
def en_login_heading(en_po) -> str:
    entry = en_po.find("Masuk ke Talenta")
    assert entry is not None and entry.msgstr, "'Masuk ke Talenta' is not translated"
    assert entry.msgstr != entry.msgid
    return entry.msgstr


@pytest.fixture(autouse=True)
def _default_language():
    """Requests activate their language in this thread; later tests must start from the default."""
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.mark.django_db
def test_ui_speaks_indonesian_by_default(client, en_login_heading):
    response = client.get("/masuk/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="id">' in html
    assert "Masuk ke Talenta" in html
    assert en_login_heading not in html


@pytest.mark.django_db
def test_ui_ignores_an_english_accept_language(client, en_login_heading):
    """English only when chosen (tests/accounts/test_bahasa.py): the browser's language is ignored."""
    response = client.get("/masuk/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="id">' in html
    assert "Masuk ke Talenta" in html
    assert en_login_heading not in html


@pytest.mark.django_db
def test_language_switcher_sets_english(client, en_login_heading):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/masuk/"})
    assert response.status_code == 302
    assert response["Location"] == "/masuk/"
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"

    page = client.get("/masuk/")
    html = page.content.decode()
    assert '<html lang="en">' in html
    assert en_login_heading in html
    assert page.status_code == 200 and "Masuk ke Talenta" not in html


@pytest.mark.django_db
def test_language_switcher_back_to_indonesian(client):
    client.post("/i18n/setlang/", {"language": "en", "next": "/masuk/"})
    client.post("/i18n/setlang/", {"language": "id", "next": "/masuk/"})
    html = client.get("/masuk/", HTTP_ACCEPT_LANGUAGE="en").content.decode()  # the cookie wins
    assert '<html lang="id">' in html
    assert "Masuk ke Talenta" in html


def test_indonesian_formats():
    with translation.override("id"):
        assert date_format(date(2026, 11, 22)) == "22 November 2026"
        assert number_format(1234567.5, 2, use_l10n=True, force_grouping=True) == "1.234.567,50"
