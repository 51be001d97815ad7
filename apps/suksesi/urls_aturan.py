"""Succession rule-set pages under /suksesi/aturan/ (namespace "suksesi"): aturan_list,
aturan_detail, aturan_ubah, aturan_salin, aturan_impor, aturan_ekspor, aturan_banding,
aturan_aktifkan, aturan_hapus. suksesi.view: list, detail, JSON export, diff; suksesi.manage: the
rest."""

from apps.petatalenta.aturan.urls import aturan_urlpatterns

from .forms_aturan import AturanSuksesiForm
from .services_aturan import JENIS_SUKSESI
from .views_aturan import AturanAktifkanView

urlpatterns = aturan_urlpatterns(
    jenis=JENIS_SUKSESI, form_editor=AturanSuksesiForm, aktifkan=AturanAktifkanView
)
