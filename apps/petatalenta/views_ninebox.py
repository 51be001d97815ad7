"""The nine-box pages of the BKD: the grid, the people of one box, the placements that need data,
and the year-over-year transitions. The filters travel in the query string from page to page."""

from __future__ import annotations

from django.http import Http404
from django.views.generic import ListView, TemplateView

from apps.core.views import PermissionRequiredMixin

from . import selectors_ninebox as selectors
from .forms_ninebox import NineboxFilterForm
from .labels import LEVEL_SUMBU_LABEL, rekomendasi_kotak
from .periode import periode_sekarang


class NineboxMixin(PermissionRequiredMixin):
    required_permission = "talenta.view"

    def load_filters(self) -> None:
        instansi = self.actor.instansi
        self.form = NineboxFilterForm(
            self.request.GET,
            instansi=instansi,
            periode_pilihan=selectors.ninebox_periode_list(instansi=instansi),
            periode_bawaan=periode_sekarang(),
        )
        self.periode = self.form.periode_terpilih
        self.saringan = self.form.saringan()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            filter_form=self.form,
            periode=self.periode,
            saringan=self.saringan,
            filtered=self.saringan.aktif,
            qs=self.form.querystring(),
        )
        return context


class NineboxView(NineboxMixin, TemplateView):
    template_name = "petatalenta/ninebox/grid.html"

    def get_context_data(self, **kwargs):
        self.load_filters()
        context = super().get_context_data(**kwargs)
        context["grid"] = selectors.ninebox_grid(
            instansi=self.actor.instansi, periode=self.periode, saringan=self.saringan
        )
        return context


class NineboxKotakView(NineboxMixin, ListView):
    template_name = "petatalenta/ninebox/kotak.html"
    context_object_name = "penempatan_list"
    paginate_by = 50

    def get_queryset(self):
        kotak = self.kwargs["kotak"]
        if not 1 <= kotak <= 9:
            raise Http404
        self.load_filters()
        self.urut = self.request.GET.get("urut", "")
        if self.urut not in selectors.URUTAN_KOTAK:
            self.urut = selectors.URUTAN_BAWAAN
        self.tata = selectors.tata_aktif(instansi=self.actor.instansi)
        return selectors.ninebox_kotak_list(
            instansi=self.actor.instansi,
            periode=self.periode,
            kotak=kotak,
            saringan=self.saringan,
            urut=self.urut,
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        kotak = self.kwargs["kotak"]
        k, p = self.tata.posisi[kotak]
        context.update(
            kotak=kotak,
            label=self.tata.label[kotak],
            talent_pool=kotak in self.tata.talent_pool,
            tingkat=self.tata.tingkat(kotak),
            level_kinerja=LEVEL_SUMBU_LABEL[selectors.KINERJA_LEVELS[k]],
            level_potensial=LEVEL_SUMBU_LABEL[selectors.POTENSIAL_LEVELS[p]],
            rekomendasi=(
                rekomendasi_kotak(
                    level_kinerja=selectors.KINERJA_LEVELS[k], level_potensial=selectors.POTENSIAL_LEVELS[p]
                )
                if self.tata.label[kotak]
                else ""
            ),
            urut=self.urut,
        )
        return context


class NineboxPerluDataView(NineboxMixin, ListView):
    template_name = "petatalenta/ninebox/perlu_data.html"
    context_object_name = "penempatan_list"
    paginate_by = 50

    def get_queryset(self):
        self.load_filters()
        return selectors.ninebox_perlu_data_list(
            instansi=self.actor.instansi, periode=self.periode, saringan=self.saringan
        )


class NineboxTransisiView(NineboxMixin, TemplateView):
    template_name = "petatalenta/ninebox/transisi.html"

    def get_context_data(self, **kwargs):
        self.load_filters()
        context = super().get_context_data(**kwargs)
        context["transisi"] = selectors.ninebox_transisi(
            instansi=self.actor.instansi, periode=self.periode, saringan=self.saringan
        )
        return context
