# Deliberately empty: importing the package (e.g. `python -m talenta.embedded`) has no side effects.
# The Celery app is loaded by apps.core's AppConfig.ready(), and `celery -A talenta` finds
# talenta/celery.py by itself.
