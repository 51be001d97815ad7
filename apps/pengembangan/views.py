"""IDP pages (docs/pengembangan.md). The ASN's own plan (`idp.own`), the atasan's approvals
(`idp.atasan`: only plans whose atasan is their own pegawai record), the BKD's and the Komite's
overviews (`idp.view`) and the BKD's editing (`idp.manage`). Thin: a form parses, one service or
selector does the work. Another instansi's plan, or another person's, answers 404."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from django.views import View
from django.views.generic import FormView, ListView, TemplateView

from apps.core.http import XLSX_CONTENT_TYPE, attachment_response
from apps.core.permissions import role_has_permission
from apps.core.spreadsheets import XlsxSheet, xlsx_write
from apps.core.views import TenantMixin, form_add_service_errors
from apps.pegawai.models import Pegawai
from apps.pegawai.selectors_portfolio import pegawai_get_own

from . import selectors
from .forms import IdpFilterForm, KegiatanForm, KembalikanForm, ProgresForm, SelesaiForm, SusunMassalForm
from .models import Idp, KegiatanIdp
from .services import (
    SUB_KE_RIWAYAT,
    idp_ajukan,
    idp_hapus,
    idp_kembalikan,
    idp_setujui,
    idp_susun,
    kegiatan_hapus,
    kegiatan_progres,
    kegiatan_selesaikan,
    kegiatan_tambah,
    kegiatan_ubah,
)
from .tasks import idp_susun_massal_task


def _tahun(request) -> int:
    try:
        tahun = int(request.GET.get("tahun", ""))
    except ValueError:
        return selectors.tahun_sekarang()
    return tahun if 2000 <= tahun <= 2100 else selectors.tahun_sekarang()


def _detail_context(idp: Idp) -> dict:
    kegiatan = selectors.kegiatan_list(idp=idp)
    return {"idp": idp, "kegiatan_list": kegiatan, "ringkas": selectors.idp_ringkas(kegiatan=kegiatan)}


def _service_error_message(request, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


# --- the ASN's own plan -------------------------------------------------------------------------------


class OwnMixin(TenantMixin):
    required_permission = "idp.own"

    @cached_property
    def pegawai(self) -> Pegawai | None:
        return pegawai_get_own(actor=self.actor)

    def kegiatan_own(self) -> KegiatanIdp:
        if self.pegawai is None:
            raise Http404
        kegiatan = (
            KegiatanIdp.objects.filter(
                instansi=self.instansi, pk=self.kwargs["pk"], idp__pegawai=self.pegawai
            )
            .select_related("idp", "idp__pegawai")
            .first()
        )
        if kegiatan is None:
            raise Http404
        return kegiatan


class IdpSayaView(OwnMixin, TemplateView):
    template_name = "pengembangan/idp_saya.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        tahun = _tahun(self.request)
        context.update(pegawai=self.pegawai, tahun=tahun, mode="asn")
        tampilan = selectors.idp_tampilan_asn(instansi=self.instansi)
        context.update(
            kotak_terlihat=tampilan.kotak_terlihat,
            alasan_tersembunyi=tampilan.alasan_tersembunyi,
            alasan_tersamar=selectors.ALASAN_TERSAMAR,
        )
        if self.pegawai is not None:
            idp = selectors.idp_milik(pegawai=self.pegawai, tahun=tahun)
            context["daftar_tahun"] = selectors.idp_tahun_milik(pegawai=self.pegawai)
            if idp is not None:
                context.update(_detail_context(idp))
        return context


class IdpSayaAjukanView(OwnMixin, View):
    def post(self, request, pk):
        if self.pegawai is None:
            raise Http404
        idp = Idp.objects.filter(instansi=self.instansi, pegawai=self.pegawai, pk=pk).first()
        if idp is None:
            raise Http404
        try:
            idp_ajukan(idp=idp, actor=self.actor.user)
        except ValidationError as error:
            _service_error_message(request, error)
        else:
            messages.success(request, _("IDP diajukan kepada atasan untuk disetujui."))
        return redirect(f"{reverse('pengembangan:idp_saya')}?tahun={idp.tahun}")


class KegiatanProgresView(OwnMixin, FormView):
    template_name = "pengembangan/idp_progres.html"
    form_class = ProgresForm

    @cached_property
    def kegiatan(self) -> KegiatanIdp:
        return self.kegiatan_own()

    def get_initial(self):
        return {"progres": self.kegiatan.progres, "catatan": self.kegiatan.catatan_progres}

    def get_context_data(self, **kwargs):
        return super().get_context_data(kegiatan=self.kegiatan, **kwargs)

    def post(self, request, *args, **kwargs):
        if "batal" in request.POST:
            try:
                kegiatan_progres(kegiatan=self.kegiatan, actor=self.actor.user, progres=0, batal=True)
            except ValidationError as error:
                _service_error_message(request, error)
            else:
                messages.success(request, _("Kegiatan dibatalkan."))
            return redirect(f"{reverse('pengembangan:idp_saya')}?tahun={self.kegiatan.idp.tahun}")
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        try:
            kegiatan_progres(
                kegiatan=self.kegiatan,
                actor=self.actor.user,
                progres=form.cleaned_data["progres"],
                catatan=form.cleaned_data["catatan"],
            )
        except ValidationError as error:
            form_add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Progres disimpan."))
        return redirect(f"{reverse('pengembangan:idp_saya')}?tahun={self.kegiatan.idp.tahun}")


class KegiatanSelesaiView(OwnMixin, FormView):
    template_name = "pengembangan/idp_selesai.html"
    form_class = SelesaiForm

    @cached_property
    def kegiatan(self) -> KegiatanIdp:
        return self.kegiatan_own()

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "kegiatan": self.kegiatan}

    def get_initial(self):
        k = self.kegiatan
        return {
            "tanggal_mulai": k.tanggal_mulai,
            "tanggal_selesai": min(k.tanggal_selesai, self.hari_ini),
            "jam_pelajaran": k.jam_pelajaran,
        }

    @cached_property
    def hari_ini(self):
        from django.utils import timezone

        return timezone.localdate()

    def get_context_data(self, **kwargs):
        model = SUB_KE_RIWAYAT.get(self.kegiatan.sub_jenis)
        return super().get_context_data(
            kegiatan=self.kegiatan, jadi_riwayat=model._meta.verbose_name if model else "", **kwargs
        )

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            selesai = kegiatan_selesaikan(
                kegiatan=self.kegiatan,
                actor=self.actor.user,
                berkas=data.get("berkas"),
                tanggal_mulai=data.get("tanggal_mulai"),
                tanggal_selesai=data.get("tanggal_selesai"),
                penyelenggara=data.get("penyelenggara") or "",
                nomor=data.get("nomor") or "",
                jam_pelajaran=data.get("jam_pelajaran"),
                catatan=data.get("catatan") or "",
            )
        except ValidationError as error:
            form_add_service_errors(form, error)
            return self.form_invalid(form)
        if selesai.riwayat_id:
            messages.success(
                self.request,
                _("Kegiatan selesai. Buktinya masuk portofolio dan menunggu verifikasi BKD."),
            )
        else:
            messages.success(self.request, _("Kegiatan selesai; bukti tersimpan pada kegiatan."))
        return redirect(f"{reverse('pengembangan:idp_saya')}?tahun={self.kegiatan.idp.tahun}")


# --- the atasan ----------------------------------------------------------------------------------------


class AtasanMixin(TenantMixin):
    required_permission = "idp.atasan"

    @cached_property
    def pegawai(self) -> Pegawai | None:
        return pegawai_get_own(actor=self.actor)

    @cached_property
    def idp(self) -> Idp:
        if self.pegawai is None:
            raise Http404
        idp = selectors.idp_atasan_get(atasan=self.pegawai, pk=self.kwargs["pk"])
        if idp is None:
            raise Http404
        return idp


class AtasanListView(AtasanMixin, ListView):
    template_name = "pengembangan/idp_atasan.html"
    context_object_name = "idp_list"
    paginate_by = 50

    def get_queryset(self):
        if self.pegawai is None:
            return Idp.objects.none()
        return selectors.idp_atasan_list(atasan=self.pegawai)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(pegawai=self.pegawai, **kwargs)
        for idp in context["idp_list"]:
            idp.porsi = selectors.porsi_dari_baris(idp)
        return context


class AtasanDetailView(AtasanMixin, TemplateView):
    template_name = "pengembangan/idp_detail.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            mode="atasan", kembalikan_form=KembalikanForm(), **_detail_context(self.idp), **kwargs
        )


class AtasanSetujuiView(AtasanMixin, View):
    def post(self, request, pk):
        try:
            idp_setujui(idp=self.idp, actor=self.actor.user, oleh_atasan=True)
        except ValidationError as error:
            _service_error_message(request, error)
        else:
            messages.success(request, _("IDP %(nama)s disetujui.") % {"nama": self.idp.pegawai.nama})
        return redirect("pengembangan:idp_atasan")


class AtasanKembalikanView(AtasanMixin, FormView):
    template_name = "pengembangan/idp_detail.html"
    form_class = KembalikanForm

    def get_context_data(self, **kwargs):
        context = super().get_context_data(mode="atasan", **_detail_context(self.idp), **kwargs)
        context["kembalikan_form"] = context.pop("form")
        return context

    def get(self, request, *args, **kwargs):
        return redirect("pengembangan:idp_atasan_detail", pk=self.idp.pk)

    def form_valid(self, form):
        try:
            idp_kembalikan(
                idp=self.idp, actor=self.actor.user, alasan=form.cleaned_data["alasan"], oleh_atasan=True
            )
        except ValidationError as error:
            form_add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("IDP dikembalikan kepada pegawai dengan alasan Anda."))
        return redirect("pengembangan:idp_atasan")


# --- BKD and Komite ------------------------------------------------------------------------------------


class IdpListView(TenantMixin, ListView):
    required_permission = "idp.view"
    template_name = "pengembangan/idp_list.html"
    context_object_name = "idp_list"
    paginate_by = 50

    def get_queryset(self):
        self.filter_form = IdpFilterForm(self.request.GET or None, instansi=self.instansi)
        filters = self.filter_form.cleaned_data if self.filter_form.is_valid() else {}
        self.tahun = filters.get("tahun") or selectors.tahun_sekarang()
        self.filtered = any(filters.get(k) for k in ("status", "perangkat_daerah", "kotak", "q"))
        return selectors.idp_list(
            instansi=self.instansi,
            tahun=self.tahun,
            status=filters.get("status") or "",
            perangkat_daerah=filters.get("perangkat_daerah"),
            kotak=filters.get("kotak"),
            q=(filters.get("q") or "").strip(),
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        for idp in context["idp_list"]:
            idp.porsi = selectors.porsi_dari_baris(idp)
        context.update(
            filter_form=self.filter_form,
            filtered=self.filtered,
            tahun=self.tahun,
            cakupan=selectors.idp_cakupan(instansi=self.instansi, tahun=self.tahun),
            prioritas=selectors.prioritas_hitung(instansi=self.instansi, tahun=self.tahun),
            boleh_kelola=role_has_permission(role=self.actor.role, permission="idp.manage"),
        )
        return context


class PrioritasView(TenantMixin, ListView):
    required_permission = "idp.view"
    template_name = "pengembangan/idp_prioritas.html"
    context_object_name = "baris_list"
    paginate_by = 50

    def get_queryset(self):
        self.tahun = _tahun(self.request)
        try:
            self.kotak = int(self.request.GET.get("kotak", "")) if self.request.GET.get("kotak") else None
        except ValueError:
            self.kotak = None
        if self.kotak not in (None, 4, 5, 6):
            self.kotak = None
        return selectors.prioritas_list(instansi=self.instansi, tahun=self.tahun, kotak=self.kotak)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            tahun=self.tahun,
            kotak=self.kotak,
            hitung=selectors.prioritas_hitung(instansi=self.instansi, tahun=self.tahun),
            boleh_kelola=role_has_permission(role=self.actor.role, permission="idp.manage"),
            **kwargs,
        )


class KrsIdpView(TenantMixin, ListView):
    required_permission = "idp.view"
    template_name = "pengembangan/idp_krs.html"
    context_object_name = "baris_list"
    paginate_by = 25

    def get_queryset(self):
        self.tahun = _tahun(self.request)
        return selectors.krs_idp_list(instansi=self.instansi, tahun=self.tahun)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(tahun=self.tahun, **kwargs)
        baris = list(context["baris_list"])
        rincian = selectors.krs_gap_rincian(instansi=self.instansi, penempatan=baris, tahun=self.tahun)
        for b in baris:
            b.rincian = rincian.get(b.pegawai_id, {})
        context["baris_list"] = baris
        context["hitung"] = selectors.krs_idp_hitung(instansi=self.instansi, tahun=self.tahun)
        return context


class BkdIdpMixin(TenantMixin):
    @cached_property
    def idp(self) -> Idp:
        idp = selectors.idp_get(instansi=self.instansi, pk=self.kwargs["pk"])
        if idp is None:
            raise Http404
        return idp


class IdpDetailView(BkdIdpMixin, TemplateView):
    required_permission = "idp.view"
    template_name = "pengembangan/idp_detail.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            mode="bkd",
            kembalikan_form=KembalikanForm(),
            boleh_kelola=role_has_permission(role=self.actor.role, permission="idp.manage"),
            **_detail_context(self.idp),
            **kwargs,
        )


class SusunMassalView(TenantMixin, FormView):
    required_permission = "idp.manage"
    template_name = "pengembangan/idp_susun.html"
    form_class = SusunMassalForm

    def get_initial(self):
        return {"tahun": selectors.tahun_sekarang()}

    def get_context_data(self, **kwargs):
        tahun = selectors.tahun_sekarang()
        return super().get_context_data(
            prioritas=selectors.prioritas_hitung(instansi=self.instansi, tahun=tahun),
            tahun_ini=tahun,
            **kwargs,
        )

    def form_valid(self, form):
        idp_susun_massal_task.delay(
            instansi_id=self.instansi.pk,
            tahun=form.cleaned_data["tahun"],
            actor_id=self.actor.user.pk,
            hanya_prioritas=form.cleaned_data["hanya_prioritas"],
        )
        messages.success(
            self.request,
            _(
                "Penyusunan draf IDP tahun %(tahun)s berjalan di latar belakang: kotak 4–6 lebih dahulu. "
                "Muat ulang daftar ini beberapa saat lagi."
            )
            % {"tahun": form.cleaned_data["tahun"]},
        )
        return redirect(f"{reverse('pengembangan:idp_list')}?tahun={form.cleaned_data['tahun']}")


class SusunPegawaiView(TenantMixin, View):
    required_permission = "idp.manage"

    def post(self, request, pegawai_pk):
        pegawai = Pegawai.objects.filter(instansi=self.instansi, pk=pegawai_pk, aktif=True).first()
        if pegawai is None:
            raise Http404
        tahun = _tahun(request)
        try:
            idp = idp_susun(pegawai=pegawai, tahun=tahun, actor=self.actor.user)
        except ValidationError as error:
            _service_error_message(request, error)
            return redirect(f"{reverse('pengembangan:idp_prioritas')}?tahun={tahun}")
        messages.success(
            request,
            _("Draf IDP %(nama)s disusun; periksa dan sesuaikan kegiatannya.") % {"nama": pegawai.nama},
        )
        return redirect("pengembangan:idp_detail", pk=idp.pk)


class IdpSetujuiView(BkdIdpMixin, View):
    required_permission = "idp.manage"

    def post(self, request, pk):
        try:
            idp_setujui(idp=self.idp, actor=self.actor.user)
        except ValidationError as error:
            _service_error_message(request, error)
        else:
            messages.success(request, _("IDP %(nama)s disetujui.") % {"nama": self.idp.pegawai.nama})
        return redirect("pengembangan:idp_detail", pk=self.idp.pk)


class IdpKembalikanView(BkdIdpMixin, FormView):
    required_permission = "idp.manage"
    template_name = "pengembangan/idp_detail.html"
    form_class = KembalikanForm

    def get(self, request, *args, **kwargs):
        return redirect("pengembangan:idp_detail", pk=self.idp.pk)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(
            mode="bkd", boleh_kelola=True, **_detail_context(self.idp), **kwargs
        )
        context["kembalikan_form"] = context.pop("form")
        return context

    def form_valid(self, form):
        try:
            idp_kembalikan(idp=self.idp, actor=self.actor.user, alasan=form.cleaned_data["alasan"])
        except ValidationError as error:
            form_add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("IDP dikembalikan kepada pegawai."))
        return redirect("pengembangan:idp_detail", pk=self.idp.pk)


class IdpHapusView(BkdIdpMixin, View):
    required_permission = "idp.manage"

    def post(self, request, pk):
        tahun = self.idp.tahun
        try:
            idp_hapus(idp=self.idp, actor=self.actor.user)
        except ValidationError as error:
            _service_error_message(request, error)
            return redirect("pengembangan:idp_detail", pk=self.idp.pk)
        messages.success(request, _("IDP dihapus."))
        return redirect(f"{reverse('pengembangan:idp_list')}?tahun={tahun}")


class KegiatanFormMixin(BkdIdpMixin):
    required_permission = "idp.manage"
    template_name = "pengembangan/idp_kegiatan_form.html"
    form_class = KegiatanForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instansi": self.instansi}

    def get_context_data(self, **kwargs):
        return super().get_context_data(idp=self.idp, **kwargs)


class KegiatanTambahView(KegiatanFormMixin, FormView):
    def get_initial(self):
        from django.utils import timezone

        hari_ini = timezone.localdate()
        import datetime as dt

        mulai = hari_ini if hari_ini.year == self.idp.tahun else dt.date(self.idp.tahun, 1, 1)
        return {
            "tanggal_mulai": mulai,
            "tanggal_selesai": dt.date(self.idp.tahun, 12, 31),
            "perkiraan_jam": 0,
            "penanggung_jawab": self.idp.atasan_id,
        }

    def form_valid(self, form):
        try:
            kegiatan_tambah(idp=self.idp, actor=self.actor.user, **form.cleaned_data)
        except ValidationError as error:
            form_add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Kegiatan ditambahkan."))
        return redirect("pengembangan:idp_detail", pk=self.idp.pk)


class KegiatanUbahView(KegiatanFormMixin, FormView):
    @cached_property
    def kegiatan(self) -> KegiatanIdp:
        kegiatan = selectors.kegiatan_get(idp=self.idp, pk=self.kwargs["kpk"])
        if kegiatan is None:
            raise Http404
        return kegiatan

    def get_initial(self):
        k = self.kegiatan
        return {
            "sub_jenis": k.sub_jenis,
            "nama": k.nama,
            "kompetensi_sasaran": k.kompetensi_sasaran,
            "alasan": k.alasan,
            "tanggal_mulai": k.tanggal_mulai,
            "tanggal_selesai": k.tanggal_selesai,
            "perkiraan_jam": k.perkiraan_jam,
            "jam_pelajaran": k.jam_pelajaran,
            "penanggung_jawab": k.penanggung_jawab_id,
        }

    def get_context_data(self, **kwargs):
        return super().get_context_data(kegiatan=self.kegiatan, **kwargs)

    def form_valid(self, form):
        try:
            kegiatan_ubah(kegiatan=self.kegiatan, actor=self.actor.user, **form.cleaned_data)
        except ValidationError as error:
            form_add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Kegiatan diperbarui."))
        return redirect("pengembangan:idp_detail", pk=self.idp.pk)


class KegiatanHapusView(BkdIdpMixin, View):
    required_permission = "idp.manage"

    def post(self, request, pk, kpk):
        kegiatan = selectors.kegiatan_get(idp=self.idp, pk=kpk)
        if kegiatan is None:
            raise Http404
        try:
            kegiatan_hapus(kegiatan=kegiatan, actor=self.actor.user)
        except ValidationError as error:
            _service_error_message(request, error)
        else:
            messages.success(request, _("Kegiatan dihapus."))
        return redirect("pengembangan:idp_detail", pk=self.idp.pk)


EKSPOR_KOLOM = (
    _l("NIP"),
    _l("Nama"),
    _l("Unit kerja"),
    _l("Kotak"),
    _l("Status IDP"),
    _l("Atasan"),
    _l("Jenis (70:20:10)"),
    _l("Bentuk kegiatan"),
    _l("Kegiatan"),
    _l("Kompetensi sasaran"),
    _l("Alasan"),
    _l("Mulai"),
    _l("Selesai"),
    _l("Perkiraan jam"),
    _l("JP"),
    _l("Status kegiatan"),
    _l("Progres (%)"),
)
CAKUPAN_KOLOM = (
    _l("Perangkat daerah"),
    _l("Pegawai aktif"),
    _l("Ada IDP"),
    _l("IDP disetujui"),
    _l("Cakupan (%)"),
    _l("Kegiatan"),
    _l("Kegiatan selesai"),
    _l("Penyelesaian (%)"),
)


class IdpEksporView(TenantMixin, View):
    """GET /pengembangan/idp/ekspor.xlsx?tahun=: every activity of the year's plans (one row each,
    with its pegawai and plan) and the coverage per perangkat daerah, for the BKD's own reports."""

    required_permission = "idp.view"
    http_method_names = ["get"]

    def get(self, request):
        tahun = _tahun(request)
        rows = []
        kegiatan = (
            KegiatanIdp.objects.filter(instansi=self.instansi, idp__tahun=tahun)
            .select_related("idp", "idp__pegawai", "idp__pegawai__unit_kerja", "idp__atasan")
            .order_by("idp__pegawai__nama", "idp_id", "urutan", "pk")
        )
        for k in kegiatan.iterator(chunk_size=2000):
            idp, g = k.idp, k.idp.pegawai
            rows.append(
                [
                    g.nip, g.nama_lengkap, g.unit_kerja.nama if g.unit_kerja else "", idp.kotak,
                    idp.get_status_display(), idp.atasan.nama if idp.atasan else "", k.get_jenis_display(),
                    k.get_sub_jenis_display(), k.nama, k.kompetensi_sasaran, k.alasan, k.tanggal_mulai,
                    k.tanggal_selesai, k.perkiraan_jam, k.jam_pelajaran, k.get_status_display(), k.progres,
                ]
            )  # fmt: skip
        cakupan = selectors.idp_cakupan(instansi=self.instansi, tahun=tahun)
        baris_cakupan = [
            [
                b.unit.nama if b.unit else _("Tanpa unit kerja"), b.pegawai, b.idp, b.disetujui, b.cakupan,
                b.kegiatan, b.selesai, b.penyelesaian,
            ]
            for b in [*cakupan.baris, cakupan.total]
        ]  # fmt: skip
        baris_cakupan[-1][0] = _("Jumlah")
        content = xlsx_write(
            [
                XlsxSheet(
                    title="Kegiatan IDP", headers=[str(h) for h in EKSPOR_KOLOM], rows=rows, text_columns=(0,)
                ),
                XlsxSheet(title="Cakupan", headers=[str(h) for h in CAKUPAN_KOLOM], rows=baris_cakupan),
            ]
        )
        return attachment_response(content, filename=f"idp-{tahun}.xlsx", content_type=XLSX_CONTENT_TYPE)
