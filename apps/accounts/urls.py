from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("masuk/", views.LoginView.as_view(), name="login"),
    path("keluar/", views.LogoutView.as_view(), name="logout"),
    path("akun/kata-sandi/", views.PasswordChangeView.as_view(), name="password_change"),
    path("akun/kata-sandi/selesai/", views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("akun/token/", views.ApiTokenView.as_view(), name="api_token"),
    path("akun/token/cabut-semua/", views.ApiTokenRevokeAllView.as_view(), name="api_token_revoke_all"),
    path("akun/token/<uuid:kode>/cabut/", views.ApiTokenRevokeView.as_view(), name="api_token_revoke"),
]
