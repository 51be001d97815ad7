from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("masuk/", views.LoginView.as_view(), name="login"),
    path("keluar/", views.LogoutView.as_view(), name="logout"),
    path("akun/kata-sandi/", views.PasswordChangeView.as_view(), name="password_change"),
    path("akun/kata-sandi/selesai/", views.PasswordChangeDoneView.as_view(), name="password_change_done"),
]
