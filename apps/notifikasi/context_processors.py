"""The unread count of the top bar's bell, for signed-in users of an instansi (one COUNT)."""

from __future__ import annotations

from django.utils.functional import SimpleLazyObject


def notifikasi(request):
    actor = getattr(request, "actor", None)
    if actor is None or not actor.is_authenticated or actor.instansi is None:
        return {"notifikasi_belum_dibaca": 0}

    def count() -> int:
        from .selectors import notifikasi_belum_dibaca_count

        return notifikasi_belum_dibaca_count(instansi=actor.instansi, user=actor.user)

    # Lazy: counted only when a page renders the bell (once, inside the request's tenant scope).
    return {"notifikasi_belum_dibaca": SimpleLazyObject(count)}
