"""Browser tests share one live database per worker. A transactional test without a serialized
rollback lets Django's flush recreate the content types; the next test that restores the
serialized database then fails on duplicates, depending only on test order."""

from pathlib import Path


def test_every_browser_test_module_restores_the_serialized_database():
    missing = [
        path.name
        for path in sorted(Path(__file__).parent.glob("test_*.py"))
        if path.name != Path(__file__).name
        and "serialized_rollback=True" not in path.read_text(encoding="utf-8")
    ]
    assert missing == []
