"""ASN pages: home with data completeness, Profil Saya, portfolio, documents."""

from __future__ import annotations

from pathlib import PurePath

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import FormView, TemplateView

from apps.core.http import attachment_response, filename_safe
from apps.core.permissions import role_has_permission
from apps.core.views import PermissionRequiredMixin, form_add_service_errors

from . import selectors_portfolio as selectors
from .forms_portfolio import KontakForm, riwayat_form_class
from .models import Dokumen, Pegawai, Riwayat, StatusVerifikasi
from .services import dokumen_store, pegawai_update_kontak, riwayat_create, riwayat_delete, riwayat_update

# Where the ASN fixes each completeness check (kode of apps/pegawai/kelengkapan.py):
# kode -> (short label for the banner, [(link text, url name, url kwargs), ...]).
# No links: BKD keeps these data.
PERBAIKAN = {
    "data_pokok": (gettext_lazy("data pokok"), []),
    "jabatan": (gettext_lazy("data jabatan"), []),
    "kontak": (gettext_lazy("kontak"), [(gettext_lazy("Ubah kontak"), "pegawai:kontak", {})]),
    "pendidikan": (
        gettext_lazy("riwayat pendidikan"),
        [(gettext_lazy("Tambah riwayat pendidikan"), "pegawai:riwayat_tambah", {"kode": "pendidikan"})],
    ),
    "riwayat_jabatan": (
        gettext_lazy("riwayat jabatan"),
        [(gettext_lazy("Tambah riwayat jabatan"), "pegawai:riwayat_tambah", {"kode": "jabatan"})],
    ),
    "pengembangan": (
        gettext_lazy("diklat atau sertifikat"),
        [
            (gettext_lazy("Tambah sertifikat"), "pegawai:riwayat_tambah", {"kode": "sertifikat"}),
            (gettext_lazy("Tambah diklat/pelatihan"), "pegawai:riwayat_tambah", {"kode": "diklat"}),
        ],
    ),
    "dokumen": (
        gettext_lazy("dokumen pendukung"),
        [(gettext_lazy("Unggah di Profil Saya"), "pegawai:profil_saya", {})],
    ),
}


def _kekurangan_rows(kekurangan: list[dict]) -> list[dict]:
    """The completeness notes with a short label and the links that fix each."""
    rows = []
    for entry in kekurangan:
        label, links = PERBAIKAN.get(entry.get("kode", ""), ("", []))
        tautan = [(teks, reverse(url_name, kwargs=kwargs)) for teks, url_name, kwargs in links]
        rows.append({**entry, "label": label, "tautan": tautan})
    return rows


class OwnPegawaiMixin(PermissionRequiredMixin):
    """Pages about the signed-in ASN's own pegawai record (`self.pegawai`, None if not linked)."""

    def dispatch(self, request, *args, **kwargs):
        self.pegawai: Pegawai | None = None
        return super().dispatch(request, *args, **kwargs)

    def load_pegawai(self) -> Pegawai | None:
        self.pegawai = selectors.pegawai_get_own(actor=self.actor)
        return self.pegawai


class RequireOwnPegawaiMixin(OwnPegawaiMixin):
    """Pages that edit the ASN's own record. Without a linked pegawai record there is nothing to
    edit: every method answers with the same explanation (and changes nothing)."""

    def prepare(self) -> None:
        """Load what the page is about, once the pegawai is known (404 if it is not theirs)."""

    def dispatch_own(self, handler, request, *args, **kwargs):
        if self.load_pegawai() is None:
            return render(request, "pegawai/portfolio/belum_terhubung.html")
        self.prepare()
        return handler(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        return self.dispatch_own(super().get, request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        return self.dispatch_own(super().post, request, *args, **kwargs)


class HomeAsnView(OwnPegawaiMixin, TemplateView):
    required_permission = "home.asn"
    template_name = "pegawai/home_asn.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["instansi"] = self.actor.instansi
        pegawai = self.load_pegawai()
        context["pegawai"] = pegawai
        if pegawai is not None:
            kelengkapan = selectors.kelengkapan_get(pegawai=pegawai)
            context["kelengkapan"] = kelengkapan
            kurang = _kekurangan_rows(kelengkapan.kurang)
            context["kurang"] = kurang
            context["catatan"] = _kekurangan_rows(kelengkapan.catatan)
            context["lengkapi"] = ", ".join(str(row["label"]) for row in kurang if row["label"])
        return context


class ProfilSayaView(OwnPegawaiMixin, TemplateView):
    required_permission = "portfolio.own"
    template_name = "pegawai/portfolio/profil_saya.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        pegawai = self.load_pegawai()
        context["pegawai"] = pegawai
        if pegawai is not None:
            context["kelengkapan"] = selectors.kelengkapan_get(pegawai=pegawai)
            context["tanggal_pensiun"] = pegawai.tanggal_pensiun(
                selectors.pengaturan_bup(instansi=self.actor.instansi)
            )
            context["sections"] = selectors.portfolio_sections(pegawai=pegawai)
        return context


class KontakUpdateView(RequireOwnPegawaiMixin, FormView):
    required_permission = "portfolio.own"
    template_name = "pegawai/portfolio/kontak_form.html"
    form_class = KontakForm

    def get_initial(self):
        return {"email": self.pegawai.email, "telepon": self.pegawai.telepon, "alamat": self.pegawai.alamat}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["pegawai"] = self.pegawai
        return context

    def form_valid(self, form):
        try:
            pegawai_update_kontak(pegawai=self.pegawai, actor=self.actor.user, **form.cleaned_data)
        except ValidationError as error:
            form_add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Kontak disimpan."))
        return redirect("pegawai:profil_saya")


class RiwayatFormMixin(RequireOwnPegawaiMixin):
    """Add/edit one portfolio item of the ASN's own, with its supporting document."""

    required_permission = "portfolio.own"
    template_name = "pegawai/portfolio/riwayat_form.html"
    object: Riwayat | None = None

    def get_model(self) -> type[Riwayat]:
        model = selectors.riwayat_model_for_kode(self.kwargs["kode"], diisi_asn_only=True)
        if model is None:
            # Unknown kind, or hukuman disiplin (entered by BKD only).
            raise Http404
        return model

    def prepare(self) -> None:
        self.model = self.get_model()

    def get_form_class(self):
        return riwayat_form_class(self.model)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["ukuran_maks_kb"] = selectors.dokumen_ukuran_maks_kb(instansi=self.actor.instansi)
        kwargs["dokumen_wajib"] = self.object is None or self.object.dokumen_id is None
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["pegawai"] = self.pegawai
        context["label"] = self.model._meta.verbose_name
        context["kode"] = self.model.KODE
        context["object"] = self.object
        return context

    def save(self, *, data: dict, dokumen: Dokumen | None) -> Riwayat:
        raise NotImplementedError

    def form_valid(self, form):
        berkas = form.cleaned_data.get("berkas")
        stored: Dokumen | None = None
        try:
            with transaction.atomic():
                dokumen = None
                if berkas:
                    dokumen = stored = dokumen_store(
                        pegawai=self.pegawai, actor=self.actor.user, berkas=berkas
                    )
                item = self.save(data=form.riwayat_data(), dokumen=dokumen)
        except Exception as error:
            # The rows rolled back; the file dokumen_store wrote must not stay behind either.
            if stored is not None:
                stored.berkas.storage.delete(stored.berkas.name)
            if not isinstance(error, ValidationError):
                raise
            if self.object is not None:
                self.object.refresh_from_db()  # the service may have changed it in memory
            form_add_service_errors(form, error)
            return self.form_invalid(form)
        self.saved_message(item)
        return redirect(f"{reverse('pegawai:profil_saya')}#riwayat-{self.model.KODE}")

    def saved_message(self, item: Riwayat) -> None:
        messages.success(
            self.request,
            _("%(jenis)s “%(item)s” disimpan dan menunggu verifikasi.")
            % {"jenis": capfirst(str(self.model._meta.verbose_name)), "item": item},
        )


class RiwayatCreateView(RiwayatFormMixin, FormView):
    def save(self, *, data, dokumen):
        return riwayat_create(
            model=self.model, pegawai=self.pegawai, actor=self.actor.user, data=data, dokumen=dokumen
        )


class RiwayatUpdateView(RiwayatFormMixin, FormView):
    def prepare(self) -> None:
        super().prepare()
        self.object = selectors.riwayat_get_own(pegawai=self.pegawai, model=self.model, pk=self.kwargs["pk"])
        if self.object is None:
            raise Http404

    def get_initial(self):
        return {name: getattr(self.object, name) for name in riwayat_form_class(self.model).base_fields}

    def save(self, *, data, dokumen):
        self.diubah_sebelum = self.object.diubah_pada
        return riwayat_update(riwayat=self.object, actor=self.actor.user, data=data, dokumen=dokumen)

    def saved_message(self, item: Riwayat) -> None:
        if item.diubah_pada == self.diubah_sebelum:
            # riwayat_update saves nothing when nothing changed: the status stays as it was.
            messages.info(
                self.request,
                _("Tidak ada perubahan; status tetap: %(status)s.") % {"status": item.get_status_display()},
            )
            return
        if item.status == StatusVerifikasi.DISETUJUI and item.dokumen_baru_id is not None:
            messages.success(
                self.request,
                _("Dokumen baru untuk “%(item)s” menunggu verifikasi. Data tetap disetujui dan dihitung.")
                % {"item": item},
            )
            return
        super().saved_message(item)


class RiwayatDeleteView(RequireOwnPegawaiMixin, View):
    """POST /saya/riwayat/<kode>/<pk>/hapus/: withdraw an item not yet approved."""

    required_permission = "portfolio.own"
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        return self.dispatch_own(self.delete_own, request, *args, **kwargs)

    def delete_own(self, request, *args, **kwargs):
        model = selectors.riwayat_model_for_kode(kwargs["kode"], diisi_asn_only=True)
        if model is None:
            raise Http404
        item = selectors.riwayat_get_own(pegawai=self.pegawai, model=model, pk=kwargs["pk"])
        if item is None:
            raise Http404
        judul = str(item)
        try:
            riwayat_delete(riwayat=item, actor=self.actor.user)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("“%(item)s” dihapus.") % {"item": judul})
        return redirect(f"{reverse('pegawai:profil_saya')}#riwayat-{model.KODE}")


# --- documents -------------------------------------------------------------------------------------

DOKUMEN_PERMISSIONS = ("portfolio.own", "pegawai.view", "portfolio.verify")


def dokumen_filename(dokumen: Dokumen) -> str:
    """The uploader's file name reduced to safe ASCII, with the extension of the real content."""
    stem = PurePath(dokumen.nama_asli.replace("\\", "/")).stem
    return filename_safe(stem, suffix=dokumen.ekstensi, default="dokumen")


class DokumenView(View):
    """GET /dokumen/<uuid>/: the file, to its owner and to the instansi's BKD staff only.

    Everyone else who may hold documents at all (another ASN, any user of another instansi) gets
    the same 404 as for a uuid that does not exist. Roles that never see documents get 403.
    """

    http_method_names = ["get", "head"]

    def get(self, request, uuid):
        actor = request.actor
        if not actor.is_authenticated:
            return redirect_to_login(request.get_full_path())
        held = {code for code in DOKUMEN_PERMISSIONS if role_has_permission(role=actor.role, permission=code)}
        if not held:
            raise PermissionDenied
        if actor.instansi is None:
            raise Http404
        staff = bool(held & {"pegawai.view", "portfolio.verify"})
        dokumen = selectors.dokumen_get(
            instansi=actor.instansi, uuid=uuid, owner=None if staff else actor.user
        )
        if dokumen is None:
            raise Http404
        try:
            handle = dokumen.berkas.open("rb")
        except (FileNotFoundError, ValueError) as error:
            raise Http404 from error
        # A PDF can carry script and forms: it is always saved, then opened by a PDF reader outside
        # this origin. A JPG/PNG (the type checked from the content) is shown in the tab.
        return attachment_response(
            handle,
            filename=dokumen_filename(dokumen),
            content_type=dokumen.content_type,
            inline=dokumen.content_type != Dokumen.Jenis.PDF,
        )
