FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    DJANGO_SETTINGS_MODULE=crimjust.settings.production

WORKDIR /app
COPY requirements.txt constraints.txt ./
RUN pip install --no-cache-dir -r requirements.txt -c constraints.txt
COPY . .
# collectstatic needs settings to import; these values exist only during the build.
RUN DJANGO_SECRET_KEY=build-only DATABASE_URL=postgres://build@localhost/build REDIS_URL=redis://localhost:6379/0 \
    python manage.py collectstatic --noinput \
 && useradd --system --uid 1000 crimjust && mkdir -p /app/media && chown crimjust /app/media
USER crimjust
EXPOSE 8000
CMD ["gunicorn", "crimjust.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--threads", "2"]
