# The Celery app loads with the project, in every Django process (web, tests, worker), so that
# @shared_task binds to it (Redis broker, JSON) without any app importing the project package.
from .celery import app as celery_app

__all__ = ["celery_app"]
