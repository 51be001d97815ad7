from django.urls import path

from . import views_portfolio

urlpatterns = [
    path("asn/", views_portfolio.HomeAsnView.as_view(), name="home_asn"),
]
