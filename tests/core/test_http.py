"""The download response: a name can never break the Content-Disposition header, the browser never
guesses another content type, and personal data is never cached."""

from __future__ import annotations

import io
from urllib.parse import unquote

from apps.core.http import attachment_response, filename_safe


def test_bytes_are_an_attachment_with_the_given_type_and_no_cache():
    response = attachment_response(b"%PDF-1.7", filename="profil.pdf", content_type="application/pdf")
    assert response.content == b"%PDF-1.7"
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="profil.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-store"


def test_a_file_is_streamed_inline_and_a_non_personal_one_may_be_cached():
    response = attachment_response(
        io.BytesIO(b"\x89PNG"), filename="scan.png", content_type="image/png", inline=True, personal=False
    )
    assert b"".join(response.streaming_content) == b"\x89PNG"
    assert response["Content-Disposition"] == 'inline; filename="scan.png"'
    assert response["Content-Type"] == "image/png"
    assert "Cache-Control" not in response


def test_a_name_that_is_not_plain_ascii_cannot_break_the_header():
    response = attachment_response(
        b"x", filename='Surat "tugas"\r\nX-Evil: 1 ñ.pdf', content_type="text/plain"
    )
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment; filename*=utf-8''")
    assert "\r" not in disposition and "\n" not in disposition and '"' not in disposition
    assert unquote(disposition.split("''", 1)[1]) == 'Surat "tugas"\r\nX-Evil: 1 ñ.pdf'


def test_filename_safe_keeps_safe_ascii_and_the_suffix():
    assert filename_safe('..\\x/"Surat";<b>', suffix=".pdf") == "x_Surat_b.pdf"
    assert filename_safe("Ijazah S1", suffix=".pdf") == "Ijazah S1.pdf"
    assert filename_safe("///", suffix=".png", default="dokumen") == "dokumen.png"
    assert len(filename_safe("a" * 300, suffix=".pdf")) == 104
