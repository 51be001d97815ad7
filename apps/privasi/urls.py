from django.urls import path

from . import views

app_name = "privasi"

urlpatterns = [
    path("saya/data-pribadi/", views.DataPribadiView.as_view(), name="data_pribadi"),
]
