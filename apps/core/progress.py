"""The status.json of a long job (an import, a bulk recompute): one shape for static/js/progress.js."""

from __future__ import annotations

from django.http import JsonResponse


def progress_response(*, selesai: bool, done: int, total: int, persen: int, teks: str) -> JsonResponse:
    """`selesai`: the page reloads to show the result; `done` of `total` (total 0: not counted
    yet), `persen` 0–100 and `teks`, the line under the bar, in the user's language."""
    response = JsonResponse(
        {"selesai": selesai, "done": done, "total": total, "persen": persen, "teks": teks}
    )
    response["Cache-Control"] = "no-store"
    return response
