"""`manage.py seed_demo`: the whole demo, in layer order, idempotent."""

from django.conf import settings
from django.core.management.base import BaseCommand

from apps.core.roles import Role
from apps.core.tenancy import instansi_scope
from apps.demo.antrean_asesmen import antrean_asesmen_demo_seed
from apps.demo.aturan import aturan_demo_seed
from apps.demo.beranda import beranda_demo_seed
from apps.demo.idp import idp_demo_seed
from apps.demo.instansi import DEMO_INSTANSI, DEMO_PASSWORD, demo_seed
from apps.demo.komite import komite_demo_seed
from apps.demo.masukan import masukan_demo_seed
from apps.demo.notifikasi import notifikasi_demo_seed
from apps.demo.pegawai import demo_pengguna, pegawai_demo_seed
from apps.demo.suksesi import suksesi_demo_seed
from apps.demo.tahap import tahap_demo_seed
from apps.demo.talenta import talenta_demo_seed
from apps.instansi.models import Instansi
from apps.nasional.services import ringkasan_refresh
from apps.petatalenta.periode import periode_sekarang


class Command(BaseCommand):
    help = (
        "Seeds the demo tenants, organisation trees, one login per role, pegawai with portfolios, "
        "asesmen, SKP, the placements of this year and last, key posts, and the Komite Talenta's "
        "sessions (idempotent)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--pegawai",
            type=int,
            default=150,
            help="demo pegawai per instansi (default 150; tests use fewer)",
        )

    def handle(self, *args, **options):
        logins = demo_seed()
        daftar_instansi = [Instansi.objects.get(kode=kode) for kode, _nama_bkd in DEMO_INSTANSI]
        # Pegawai with portfolios in every verification state.
        for instansi in daftar_instansi:
            with instansi_scope(instansi):
                created = pegawai_demo_seed(instansi=instansi, jumlah=options["pegawai"])
            self.stdout.write(f"  {instansi.nama:<45} {created:>4} pegawai baru")
        # Asesmen, SKP and the placements of this year and last (the nine-box and its transitions).
        for instansi in daftar_instansi:
            with instansi_scope(instansi):
                hasil = talenta_demo_seed(instansi=instansi)
            ditempatkan = ", ".join(f"{periode}: {n}" for periode, n in sorted(hasil.ditempatkan.items()))
            self.stdout.write(
                f"  {instansi.nama:<45} {hasil.asesmen:>4} asesmen, {hasil.skp:>4} SKP baru; penempatan {ditempatkan}"
            )
        # Key posts (some vacant, some whose holder reaches BUP soon) and one Komite nomination.
        for instansi in daftar_instansi:
            with instansi_scope(instansi):
                suksesi = suksesi_demo_seed(instansi=instansi)
            self.stdout.write(
                f"  {instansi.nama:<45} {suksesi.jabatan:>4} jabatan kunci baru ({suksesi.lowong} lowong), "
                f"{suksesi.nominasi} nominasi"
            )
        # The Komite Talenta of the first instansi: members, the set 2025 session, a draft for this year.
        utama = daftar_instansi[0]
        with instansi_scope(utama):
            komite = komite_demo_seed(instansi=utama)
        self.stdout.write(
            f"  {utama.nama:<45} {komite.anggota:>4} anggota komite, {komite.sidang} sidang, "
            f"{komite.keputusan} keputusan{', ditetapkan PPK' if komite.ditetapkan else ''}"
        )
        # Implementation-stage declarations of the first instansi.
        with instansi_scope(utama):
            deklarasi = tahap_demo_seed(instansi=utama)
        self.stdout.write(f"  {utama.nama:<45} {deklarasi:>4} deklarasi tahap implementasi")
        # Kesesuaian bidang pendidikan and 360° feedback (issue #13), then this year's placements.
        for instansi in daftar_instansi:
            with instansi_scope(instansi):
                masukan = masukan_demo_seed(instansi=instansi)
            self.stdout.write(
                f"  {instansi.nama:<45} {masukan.sesuai:>4} pendidikan sesuai, {masukan.tidak_sesuai} tidak sesuai, "
                f"{masukan.umpan_balik} umpan balik 360°"
            )
        # Development plans (IDP): drafts for everyone, most of the middle boxes' approved.
        for instansi in daftar_instansi:
            with instansi_scope(instansi):
                idp = idp_demo_seed(instansi=instansi)
            self.stdout.write(f"  {instansi.nama:<45} {idp.dibuat:>4} IDP baru, {idp.disetujui} disetujui")
        # Home pages: waiting items of every age, and recent imports with their results.
        for instansi in daftar_instansi:
            with instansi_scope(instansi):
                antre, impor = beranda_demo_seed(instansi=instansi)
            self.stdout.write(
                f"  {instansi.nama:<45} {antre:>4} item menunggu verifikasi, {impor} impor contoh"
            )
        # Reminders through the real path (sources, ledger, preferences): the demo users' inboxes.
        for instansi in daftar_instansi:
            with instansi_scope(instansi):
                notif = notifikasi_demo_seed(instansi=instansi, utama=instansi == utama)
            self.stdout.write(
                f"  {instansi.nama:<45} {sum(notif.terkirim.values()):>4} pengingat baru, "
                f"{notif.kotak_masuk} notifikasi di kotak masuk"
            )
        # This year's assessment budget and the ranked assessment queue of every instansi.
        for nomor, instansi in enumerate(daftar_instansi):
            with instansi_scope(instansi):
                panjang = antrean_asesmen_demo_seed(instansi=instansi, utama=nomor == 0)
            self.stdout.write(f"  {instansi.nama:<45} {panjang:>4} pegawai dalam antrean asesmen")
        # A draf rule set under review in the first instansi, with its impact preview.
        with instansi_scope(utama):
            admin = demo_pengguna(utama, Role.ADMIN_BKD)
            usulan = aturan_demo_seed(instansi=utama, actor=admin)
        self.stdout.write(
            f"  {utama.nama:<45} draf aturan v{usulan.draf.versi}: {usulan.pindah_kotak} pegawai akan pindah kotak"
        )
        # The national summaries last, so they count everything above (the workers would refresh
        # them within seconds anyway; the demo must not depend on a worker running).
        # Last year's closing row too, from last year's placements, so BKN's trend has two points.
        for instansi in daftar_instansi:
            with instansi_scope(instansi):
                ringkasan_refresh(instansi=instansi, periode=periode_sekarang() - 1)
                ringkasan_refresh(instansi=instansi)
        lines = [f"Kata sandi semua akun demo: {DEMO_PASSWORD}", ""]
        lines += [f"  {login.username:<20} {login.role.label:<28} {login.instansi}" for login in logins]
        text = "\n".join(lines)
        path = settings.BASE_DIR / "var" / "demo-logins.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text + "\n", encoding="utf-8")
        self.stdout.write(text)
