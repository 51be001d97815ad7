from django.apps import AppConfig


class PetatalentaConfig(AppConfig):
    name = "apps.petatalenta"
    label = "petatalenta"
    verbose_name = "Peta Talenta"
