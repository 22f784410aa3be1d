FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1
WORKDIR /app
COPY . .
# gettext compiles the translation catalogues (locale/*.po) into the .mo files Django reads.
RUN apt-get update && apt-get install -y --no-install-recommends gettext && rm -rf /var/lib/apt/lists/* \
 && pip install --upgrade pip && pip install . \
 && DJANGO_SETTINGS_MODULE=igfmag.settings.production DJANGO_SECRET_KEY=collectstatic-only-$(date +%s%N)-not-a-secret-xxxxxxxxxxxxxxxxxxxx \
    DJANGO_ALLOWED_HOSTS=build DATABASE_URL=sqlite:////tmp/build.sqlite3 REDIS_URL=redis://build:6379/0 \
    sh -c 'python manage.py collectstatic --noinput && python manage.py catalogues --compile-only' \
 && useradd --create-home igfmag && rm -rf var && mkdir -p var /srv/media && chown igfmag var /srv/media
USER igfmag
ENV DJANGO_SETTINGS_MODULE=igfmag.settings.production
EXPOSE 8000
CMD ["gunicorn", "igfmag.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-", \
     "--logger-class", "igfmag.access_log.RedactingLogger"]
