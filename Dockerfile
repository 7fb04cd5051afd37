# The front-end libraries (package-lock.json) are installed in a Node stage; only the files the
# pages use reach the image, served by whitenoise.
FROM node:20-slim AS assets
WORKDIR /build
COPY package.json package-lock.json ./
COPY scripts/vendor_assets.sh scripts/
RUN npm ci --no-audit --no-fund && sh scripts/vendor_assets.sh

FROM python:3.11-slim

# PROMETHEUS_MULTIPROC_DIR: where each gunicorn worker and Celery child writes its metrics for
# /metrics to add up (core.metrics); emptied at start. docker-compose and Kubernetes mount a tmpfs
# or an emptyDir of the container's own there.
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    DJANGO_SETTINGS_MODULE=crimjust.settings.production \
    PROMETHEUS_MULTIPROC_DIR=/tmp/prometheus

# WeasyPrint (PDF reports) draws text with Pango; gettext compiles the interface's catalogues.
RUN apt-get update && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core gettext \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY requirements.txt constraints.txt ./
RUN pip install --no-cache-dir -r requirements.txt -c constraints.txt
COPY . .
COPY --from=assets /build/static/vendor static/vendor
RUN python scripts/messages.py compile
# collectstatic needs settings to import; these values exist only during the build.
RUN DJANGO_SECRET_KEY=build-only DATABASE_URL=postgres://build@localhost/build REDIS_URL=redis://localhost:6379/0 \
    python manage.py collectstatic --noinput \
 && useradd --system --uid 1000 crimjust && mkdir -p /app/media "$PROMETHEUS_MULTIPROC_DIR" \
 && chown crimjust /app/media "$PROMETHEUS_MULTIPROC_DIR"
USER crimjust
EXPOSE 8000
CMD ["gunicorn", "crimjust.wsgi:application", "--config", "crimjust/gunicorn.conf.py", "--bind", "0.0.0.0:8000", "--workers", "3", "--threads", "2"]
