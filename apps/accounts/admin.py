from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from .models import User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "nip", "first_name", "last_name", "is_active", "is_superuser"]
    search_fields = ["username", "nip", "first_name", "last_name", "email"]
    fieldsets = (*BaseUserAdmin.fieldsets, ("ASN", {"fields": ["nip"]}))
