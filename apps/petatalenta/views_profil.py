"""Pages explaining one pegawai's placement: the BKD talent page of a pegawai (talenta.view), the
ASN's own page (portfolio.own, within what the instansi opened), the Profil Talenta PDF, and the
what-if of one pegawai (talenta.simulasi; the ASN's own, talenta.simulasi_saya)."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.views import View
from django.views.generic import TemplateView

from apps.core.http import attachment_response
from apps.core.views import PermissionRequiredMixin, TenantObjectMixin
from apps.pegawai.models import Pegawai
from apps.pegawai.selectors import unit_kerja_path
from apps.pegawai.selectors_portfolio import pegawai_get_own

from .forms_simulasi import SimulasiForm
from .selectors import pengaturan_talenta_get
from .selectors_profil import penempatan_penjelasan_get
from .selectors_simulasi import Perubahan, simulasi_dasar_get, simulasi_hitung


def periode_param(request) -> int | None:
    """`?periode=2025`; anything else means the latest period."""
    raw = request.GET.get("periode", "")
    return int(raw) if raw.isdigit() and 2000 <= int(raw) <= 2100 else None


class PegawaiTalentaMixin(TenantObjectMixin):
    required_permission = "talenta.view"
    model = Pegawai

    def get_pegawai(self) -> Pegawai:
        # Runs after the permission check of dispatch(): refused roles get 403, foreign ids 404.
        return get_object_or_404(
            self.get_queryset().select_related("unit_kerja__induk__induk"), pk=self.kwargs["pk"]
        )


class PegawaiTalentaView(PegawaiTalentaMixin, TemplateView):
    """GET /pegawai/<pk>/talenta/: the placement, why, what would move the pegawai up, history."""

    template_name = "petatalenta/profil/pegawai_talenta.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        pegawai = self.get_pegawai()
        context.update(
            pegawai=pegawai,
            unit_path=unit_kerja_path(pegawai.unit_kerja),
            p=penempatan_penjelasan_get(
                instansi=self.instansi, pegawai=pegawai, periode=periode_param(self.request)
            ),
        )
        return context


class ProfilPdfView(PegawaiTalentaMixin, View):
    """GET /pegawai/<pk>/talenta/profil.pdf: the Profil Talenta of a pegawai of the instansi."""

    http_method_names = ["get"]

    def get(self, request, *args, **kwargs):
        from .pdf import profil_pdf_filename, profil_pdf_generate  # WeasyPrint loads only when used

        pegawai = self.get_pegawai()
        pdf = profil_pdf_generate(
            instansi=self.instansi,
            pegawai=pegawai,
            actor=self.actor.user,
            periode=periode_param(request),
        )
        return attachment_response(pdf, filename=profil_pdf_filename(pegawai), content_type="application/pdf")


class SayaTalentaMixin(PermissionRequiredMixin):
    required_permission = "portfolio.own"

    def own_pegawai(self) -> Pegawai | None:
        return pegawai_get_own(actor=self.actor)

    def boleh_lihat(self) -> bool:
        return pengaturan_talenta_get(instansi=self.actor.instansi).asn_boleh_lihat_kotak


class SayaTalentaView(SayaTalentaMixin, TemplateView):
    """GET /saya/talenta/: the ASN's own placement, if the instansi opened it to ASN. Closed, the
    page still lists the data the placement is missing: that is the ASN's own data, which they
    can see (and partly fix) on Profil Saya anyway, and it reveals neither box nor score."""

    template_name = "petatalenta/profil/saya_talenta.html"

    def get(self, request, *args, **kwargs):
        pegawai = self.own_pegawai()
        if pegawai is None:
            return render(request, "pegawai/portfolio/belum_terhubung.html")
        boleh = self.boleh_lihat()
        p = penempatan_penjelasan_get(
            instansi=self.actor.instansi, pegawai=pegawai, periode=periode_param(request) if boleh else None
        )
        context = self.get_context_data(pegawai=pegawai, boleh_lihat=boleh, kekurangan=p.kekurangan)
        if boleh:
            context["p"] = p  # closed: box, scores and history never reach the template
        return self.render_to_response(context)


class SayaProfilPdfView(SayaTalentaMixin, View):
    """GET /saya/talenta/profil.pdf: the ASN's own Profil Talenta. Not opened by the instansi (or
    no linked pegawai) → 404: the ASN holds the permission, there is simply no such document for
    them, and 403 in this project means a role refused by the permission matrix."""

    http_method_names = ["get"]

    def get(self, request, *args, **kwargs):
        from .pdf import profil_pdf_filename, profil_pdf_generate  # WeasyPrint loads only when used

        pegawai = self.own_pegawai()
        if pegawai is None or not self.boleh_lihat():
            raise Http404
        pdf = profil_pdf_generate(
            instansi=self.actor.instansi,
            pegawai=pegawai,
            actor=self.actor.user,
            periode=periode_param(request),
        )
        return attachment_response(pdf, filename=profil_pdf_filename(pegawai), content_type="application/pdf")


# --- what-if ------------------------------------------------------------------------------------


class SimulasiMixin:
    """The what-if page (selectors_simulasi): the form prefilled with the pegawai's own values and,
    once submitted (GET with `hitung`), the simulated placement beside the current one. Nothing is
    written, not even an audit event: it reads what the talent page shows (pages never write on a
    GET)."""

    template_name = "petatalenta/simulasi/simulasi.html"

    def simulasi_konteks(self, *, instansi, pegawai) -> dict:
        dasar = simulasi_dasar_get(instansi=instansi, pegawai=pegawai)
        dikirim = "hitung" in self.request.GET
        form = SimulasiForm(self.request.GET if dikirim else None, dasar=dasar)
        perubahan = form.perubahan() if dikirim and form.is_valid() else Perubahan()
        return {
            "pegawai": pegawai,
            "dasar": dasar,
            "form": form,
            "dikirim": dikirim,
            # Invalid input: the current result only, the form says what is wrong.
            "hasil": simulasi_hitung(dasar=dasar, perubahan=perubahan),
        }


class PegawaiSimulasiView(SimulasiMixin, PegawaiTalentaMixin, TemplateView):
    """GET /pegawai/<pk>/talenta/simulasi/: the what-if of a pegawai for BKD, PPK and the Komite."""

    required_permission = "talenta.simulasi"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            untuk_asn=False, **self.simulasi_konteks(instansi=self.instansi, pegawai=self.get_pegawai())
        )
        return context


class SayaSimulasiView(SimulasiMixin, SayaTalentaMixin, TemplateView):
    """GET /saya/talenta/simulasi/: the ASN's what-if of themself, only where the instansi opened
    the talent map to ASN (otherwise, or without a linked pegawai: 404, as for the own PDF)."""

    required_permission = "talenta.simulasi_saya"

    def get_context_data(self, **kwargs):
        pegawai = self.own_pegawai()
        if pegawai is None or not self.boleh_lihat():
            raise Http404
        context = super().get_context_data(**kwargs)
        context.update(untuk_asn=True, **self.simulasi_konteks(instansi=self.actor.instansi, pegawai=pegawai))
        return context
