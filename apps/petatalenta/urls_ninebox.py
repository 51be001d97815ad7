"""Routes: see apps/petatalenta/urls.py."""

from django.urls import path

from . import views_ninebox

urlpatterns = [
    path("sembilan-kotak/", views_ninebox.NineboxView.as_view(), name="ninebox"),
    path("sembilan-kotak/kotak/<int:kotak>/", views_ninebox.NineboxKotakView.as_view(), name="ninebox_kotak"),
    path(
        "sembilan-kotak/perlu-data/", views_ninebox.NineboxPerluDataView.as_view(), name="ninebox_perlu_data"
    ),
    path("sembilan-kotak/transisi/", views_ninebox.NineboxTransisiView.as_view(), name="ninebox_transisi"),
]
