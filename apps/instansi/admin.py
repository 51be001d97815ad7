"""Operator admin: platform data only (regions, tenants, memberships). No tenant data models."""

from django.contrib import admin

from .models import Instansi, Membership, Wilayah


@admin.register(Wilayah)
class WilayahAdmin(admin.ModelAdmin):
    list_display = ["kode", "nama", "jenis", "induk"]
    list_filter = ["jenis"]
    search_fields = ["kode", "nama"]


@admin.register(Instansi)
class InstansiAdmin(admin.ModelAdmin):
    list_display = ["kode", "nama", "jenis", "provinsi", "aktif"]
    list_filter = ["jenis", "aktif", "provinsi"]
    search_fields = ["kode", "nama"]
    raw_id_fields = ["wilayah", "provinsi"]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "instansi", "dibuat_pada"]
    list_filter = ["role", "instansi"]
    search_fields = ["user__username", "user__nip"]
    raw_id_fields = ["user", "instansi"]
