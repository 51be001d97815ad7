"""Template tags of the decisions part, used by the session page (templates/komite/sidang/) and the
item page: `{% agenda_keputusan item %}` (proposal, decision form or the recorded decision with
the difference marker) and `{% sidang_sebaran sidang %}` (the nine-box before → after calibration
with the distribution warnings). They read stored rows only."""

from __future__ import annotations

from django import template
from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from apps.core.permissions import role_has_permission

register = template.Library()


def _gaya(context) -> str:
    """The block's stylesheet, linked once per rendered page (a <link> in the body is valid HTML;
    the session page may also load it in its head)."""
    from django.templatetags.static import static

    if context.render_context.get("komite_keputusan_css"):
        return ""
    context.render_context["komite_keputusan_css"] = True
    return f'<link rel="stylesheet" href="{static("css/komite-keputusan.css")}">'


def _actor(context):
    actor = context.get("actor")
    if actor is None and context.get("request") is not None:
        actor = getattr(context["request"], "actor", None)
    return actor


@register.simple_tag(takes_context=True)
def sidang_sebaran(context, sidang, unit_kerja=None) -> str:
    """The session's nine-box before and after calibration, with the distribution warnings."""
    from ..selectors_keputusan import sidang_sebaran as sebaran_get

    html = render_to_string(
        "komite/agenda/_sebaran.html",
        {"sebaran": sebaran_get(sidang=sidang, unit_kerja=unit_kerja), "sidang": sidang},
        request=context.get("request"),
    )
    return mark_safe(_gaya(context) + html)  # noqa: S308 — our own rendered template


@register.simple_tag(takes_context=True)
def agenda_keputusan(context, agenda) -> str:
    """The decision block of one agenda item: proposal, decision form or the recorded decision."""
    from ..forms_keputusan import UsulanKalibrasiForm
    from ..models import AgendaSidang
    from ..selectors import anggota_terhalang, pemutus_periksa, pemutus_untuk
    from ..selectors_keputusan import (
        kalibrasi_penanda,
        keputusan_agenda_get,
        krs_pegawai_ids,
        penempatan_get,
        usulan_get,
    )
    from ..views_keputusan import keputusan_form

    actor = _actor(context)
    sidang = agenda.sidang
    data = {"agenda": agenda, "sidang": sidang, "actor": actor}
    keputusan = keputusan_agenda_get(agenda=agenda)
    data["keputusan"] = keputusan
    if agenda.jenis == AgendaSidang.Jenis.KALIBRASI:
        data["penempatan"] = penempatan_get(
            instansi=sidang.instansi, pegawai=agenda.pegawai_id, periode=sidang.periode
        )
        data["usulan"] = usulan_get(agenda=agenda)
    if keputusan is not None:
        data["penanda"] = kalibrasi_penanda(keputusan=keputusan)
    elif actor is not None and role_has_permission(role=actor.role, permission="komite.putus"):
        if sidang.status == sidang.Status.DRAF:
            data["alasan_tidak"] = _("usulan dan keputusan dicatat setelah sidang dimulai.")
        elif sidang.status != sidang.Status.BERLANGSUNG:
            data["alasan_tidak"] = _("sidang sudah ditutup; tidak ada yang dapat diubah.")
        else:
            # Membership, presence and quorum are the session's: computed once per page render.
            cache = context.render_context.setdefault("komite_pemutus", {})
            if sidang.pk not in cache:
                cache[sidang.pk] = pemutus_untuk(sidang=sidang, user=actor.user)
            pemutus = cache[sidang.pk]
            try:
                pemutus_periksa(agenda=agenda, user=actor.user, pemutus=pemutus)
            except ValidationError as error:
                data["alasan_tidak"] = " ".join(error.messages)
                data["boleh_putus"] = False
            else:
                data["boleh_putus"] = True
            # A proposal needs presence and no recusal, not yet the quorum.
            data["boleh_usul"] = (
                agenda.jenis == AgendaSidang.Jenis.KALIBRASI
                and pemutus.hadir
                and not anggota_terhalang(agenda=agenda, anggota=pemutus.anggota)
            )
        bound = context.get("form_agenda_pk") == agenda.pk
        if data.get("boleh_usul"):
            form = context.get("form_usulan") if bound else None
            usulan = data.get("usulan")
            data["form_usulan"] = form or UsulanKalibrasiForm(
                prefix=f"u{agenda.pk}",
                initial={"kotak_usulan": usulan.kotak_usulan, "alasan": usulan.alasan} if usulan else None,
            )
        if data.get("boleh_putus") and (agenda.jenis != AgendaSidang.Jenis.KALIBRASI or data.get("usulan")):
            form = context.get("form_keputusan") if bound else None
            data["form_keputusan"] = form or keputusan_form(agenda)
            if agenda.jenis == AgendaSidang.Jenis.SUKSESI:
                data["krs"] = krs_pegawai_ids(
                    instansi=sidang.instansi, jabatan_kunci_id=agenda.jabatan_kunci_id
                )
    html = render_to_string("komite/agenda/_keputusan.html", data, request=context.get("request"))
    return mark_safe(_gaya(context) + html)  # noqa: S308 — our own rendered template


@register.filter
def kesiapan_label(value: str) -> str:
    """ "siap_1_2" → "Siap 1–2 tahun" (selectors.kesiapan_label)."""
    from ..selectors import kesiapan_label as label

    return label(value)


@register.filter
def arahan_label(value: str) -> str:
    from ..services_keputusan import ARAHAN_JENIS

    return ARAHAN_JENIS.get(value, value)
