"""Pages of the session documents (komite.view): the documents page of a session, queueing a
document (POST), its progress (status JSON for static/js/progress.js) and its download.

A session of another instansi, or a document of another session, is not found (404) exactly like
a missing one.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import NoReverseMatch, reverse
from django.utils.formats import number_format
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from apps.core.http import XLSX_CONTENT_TYPE, attachment_response
from apps.core.progress import progress_response
from apps.core.views import TenantMixin

from . import selectors_dokumen as sel
from .models import DokumenKomite, Sidang
from .services_dokumen import dokumen_buat, dokumen_unduh_catat


class SidangDokumenMixin(TenantMixin):
    required_permission = "komite.view"

    @cached_property
    def sidang(self) -> Sidang:
        return get_object_or_404(
            Sidang.objects.filter(instansi=self.instansi).select_related("instansi"), pk=self.kwargs["pk"]
        )

    def get_dokumen(self) -> DokumenKomite:
        dokumen = sel.dokumen_get(sidang=self.sidang, uuid=self.kwargs["uuid"])
        if dokumen is None:
            raise Http404
        return dokumen


def dokumen_teks(dokumen: DokumenKomite) -> str:
    """The line under a job's progress bar."""
    if dokumen.status == DokumenKomite.Status.GAGAL:
        return dokumen.pesan or _("Dokumen gagal dibuat.")
    if dokumen.status == DokumenKomite.Status.SELESAI:
        return _("Dokumen selesai dibuat.")
    if dokumen.status == DokumenKomite.Status.ANTRI or not dokumen.total_langkah:
        return _("Menunggu giliran…")
    return _("Langkah %(d)s dari %(t)s selesai (%(p)s%%).") % {
        "d": number_format(dokumen.selesai_langkah, force_grouping=True),
        "t": number_format(dokumen.total_langkah, force_grouping=True),
        "p": dokumen_persen(dokumen),
    }


def dokumen_persen(dokumen: DokumenKomite) -> int:
    if dokumen.status == DokumenKomite.Status.SELESAI:
        return 100
    if not dokumen.total_langkah:
        return 0
    return min(99, dokumen.selesai_langkah * 100 // dokumen.total_langkah)


def _reverse_atau_kosong(name: str, **kwargs) -> str:
    """The session pages belong to another part of the committee: link them when they exist."""
    try:
        return reverse(name, kwargs=kwargs or None)
    except NoReverseMatch:
        return ""


class DokumenListView(SidangDokumenMixin, TemplateView):
    """GET /komite/sidang/<pk>/dokumen/: what can be made now (buttons, or why not yet) and the
    session's documents with their progress and downloads."""

    template_name = "komite/dokumen/list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        dokumen = list(sel.dokumen_list(sidang=self.sidang)[:30])
        context.update(
            sidang=self.sidang,
            jenis_list=sel.dokumen_jenis_list(sidang=self.sidang),
            dokumen_list=[(d, dokumen_teks(d), dokumen_persen(d)) for d in dokumen],
            sidang_url=_reverse_atau_kosong("komite:sidang_detail", pk=self.sidang.pk),
            sidang_list_url=_reverse_atau_kosong("komite:sidang_list"),
            berjalan=any(
                d.status in (DokumenKomite.Status.ANTRI, DokumenKomite.Status.PROSES) for d in dokumen
            ),
        )
        return context


class DokumenBuatView(SidangDokumenMixin, View):
    """POST /komite/sidang/<pk>/dokumen/<jenis>/: queue the document, then its progress."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        tujuan = reverse("komite:dokumen_list", kwargs={"pk": self.sidang.pk})
        try:
            dokumen = dokumen_buat(sidang=self.sidang, actor=self.actor.user, jenis=self.kwargs["jenis"])
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
            return HttpResponseRedirect(tujuan)
        messages.success(
            request,
            _("%(jenis)s sedang dibuat; unduh setelah selesai.") % {"jenis": dokumen.get_jenis_display()},
        )
        return HttpResponseRedirect(f"{tujuan}#dokumen-{dokumen.uuid}")


class DokumenStatusView(SidangDokumenMixin, View):
    """GET /komite/sidang/<pk>/dokumen/<uuid>/status/: the job's progress as JSON."""

    http_method_names = ["get"]

    def get(self, request, *args, **kwargs):
        dokumen = self.get_dokumen()
        return progress_response(
            selesai=dokumen.status in (DokumenKomite.Status.SELESAI, DokumenKomite.Status.GAGAL),
            done=dokumen.selesai_langkah,
            total=dokumen.total_langkah,
            persen=dokumen_persen(dokumen),
            teks=dokumen_teks(dokumen),
        )


class DokumenUnduhView(SidangDokumenMixin, View):
    """GET /komite/sidang/<pk>/dokumen/<uuid>/unduh/: the finished file, as an attachment."""

    http_method_names = ["get"]

    def get(self, request, *args, **kwargs):
        return dokumen_berkas_response(dokumen=self.get_dokumen(), actor=self.actor.user)


def dokumen_berkas_response(*, dokumen: DokumenKomite, actor) -> HttpResponse:
    """The finished file as an attachment, its download audited; 404 while it is not finished or
    its file is gone (one home for the page and the API)."""
    from .pdf import dokumen_nama_berkas

    if dokumen.status != DokumenKomite.Status.SELESAI or not dokumen.berkas:
        raise Http404
    try:
        berkas = dokumen.berkas.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    dokumen_unduh_catat(dokumen=dokumen, actor=actor)
    content_type = (
        XLSX_CONTENT_TYPE if dokumen.jenis == DokumenKomite.Jenis.LAMPIRAN_XLSX else "application/pdf"
    )
    return attachment_response(berkas, filename=dokumen_nama_berkas(dokumen), content_type=content_type)
