"""Template tag of the documents part: the documents block of the session page
(`templates/komite/dokumen/_sidang.html` calls `{% sidang_dokumen sidang %}`)."""

from __future__ import annotations

from django import template
from django.template.loader import render_to_string

from apps.core.permissions import role_has_permission

from .. import selectors_dokumen as sel
from ..models import DokumenKomite

register = template.Library()


@register.simple_tag(takes_context=True)
def sidang_dokumen(context, sidang) -> str:
    """Buttons for the documents the session may have now, and its latest documents with their
    progress and downloads. Nothing for a caller without `komite.view`."""
    from ..views_dokumen import dokumen_persen, dokumen_teks

    request = context.get("request")
    actor = getattr(request, "actor", None)
    if sidang is None or actor is None or not role_has_permission(role=actor.role, permission="komite.view"):
        return ""
    dokumen = list(sel.dokumen_list(sidang=sidang)[:5])
    return render_to_string(
        "komite/dokumen/_blok_sidang.html",
        {
            "sidang": sidang,
            "jenis_list": sel.dokumen_jenis_list(sidang=sidang),
            "dokumen_list": [(d, dokumen_teks(d), dokumen_persen(d)) for d in dokumen],
            "berjalan": any(
                d.status in (DokumenKomite.Status.ANTRI, DokumenKomite.Status.PROSES) for d in dokumen
            ),
        },
        request=request,
    )
