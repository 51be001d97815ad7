"""Assertions shared by the page tests."""

from __future__ import annotations


def assert_absent(response, *texts: str, status: int = 200) -> str:
    """The page answered `status` (200 unless told) and shows none of `texts`. A text is also
    absent from an error page, so the status is what makes the absence mean something. Returns
    the decoded page for further checks."""
    assert response.status_code == status, (response.status_code, getattr(response, "url", ""))
    content = response.content.decode()
    for text in texts:
        assert text not in content, text
    return content
