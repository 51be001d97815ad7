"""The form page that records something about one pegawai of the instansi (an asesmen, an SKP, …):
`?pegawai=<id>` fixes the pegawai (a foreign or unknown id is a 404); without it the form asks for
the NIP, resolved inside the instansi. The record itself goes through the subclass's service call,
whose ValidationError lands on the form."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.utils.translation import gettext as _
from django.views.generic import FormView

from apps.core.views import PermissionRequiredMixin, form_add_service_errors

from .forms_bkd import PegawaiRecordForm
from .models import Pegawai
from .selectors import pegawai_by_nip, pegawai_get


class PegawaiRecordFormView(PermissionRequiredMixin, FormView):
    """Subclasses set `form_class` (a PegawaiRecordForm) and implement `record()`."""

    def load_pegawai(self) -> None:
        # Runs after the permission check of dispatch(): refused roles get 403, foreign ids 404.
        self.pegawai = None
        raw = self.request.GET.get("pegawai")
        if raw not in (None, ""):
            self.pegawai = pegawai_get(instansi=self.actor.instansi, pk=raw)
            if self.pegawai is None:
                raise Http404

    def get(self, request, *args, **kwargs):
        self.load_pegawai()
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        self.load_pegawai()
        return super().post(request, *args, **kwargs)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["dengan_nip"] = self.pegawai is None
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["pegawai"] = self.pegawai
        return context

    def form_valid(self, form: PegawaiRecordForm):
        pegawai = self.pegawai
        if pegawai is None:
            pegawai = pegawai_by_nip(instansi=self.actor.instansi, nip=form.cleaned_data["nip"])
            if pegawai is None:
                form.add_error("nip", _("NIP tidak terdaftar di instansi ini."))
                return self.form_invalid(form)
        try:
            return self.record(form=form, pegawai=pegawai)
        except ValidationError as error:
            form_add_service_errors(form, error)
            return self.form_invalid(form)

    def record(self, *, form: PegawaiRecordForm, pegawai: Pegawai) -> HttpResponse:
        """Call the service with the form's values; answer the page after a successful write."""
        raise NotImplementedError
