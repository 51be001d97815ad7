"""`make demo`: the local settings, run like production. DEBUG is off whatever the environment says,
so nobody ever sees a debug page or the URL list (an unknown address gets the Indonesian 404); the
app serves its own static files (WhiteNoise, straight from the source folders: no collectstatic)."""

from .local import *  # noqa: F403

DEBUG = False
# Files are found once at start-up, as in production; local development keeps autorefresh.
WHITENOISE_AUTOREFRESH = False
