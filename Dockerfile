# syntax=docker/dockerfile:1
# Muster production image. Build: docker build -t muster .
# Web (default): migrate, then gunicorn on $PORT.
# Worker, from the same image: docker run --env-file .env muster worker
ARG PYTHON_IMAGE=python:3.12-slim-bookworm

FROM ${PYTHON_IMAGE} AS build
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /app
RUN python -m venv /opt/venv
COPY requirements.txt .
RUN /opt/venv/bin/pip install -r requirements.txt
COPY . .
# collectstatic needs settings to import, not real secrets.
RUN DJANGO_SETTINGS_MODULE=config.settings.production SECRET_KEY=collectstatic ALLOWED_HOSTS=localhost \
    /opt/venv/bin/python manage.py collectstatic --noinput --verbosity 0

FROM ${PYTHON_IMAGE} AS runtime
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    DJANGO_SETTINGS_MODULE=config.settings.production \
    PORT=8000
RUN groupadd --system --gid 10001 muster \
    && useradd --system --uid 10001 --gid muster --home-dir /app --no-create-home muster
WORKDIR /app
COPY --from=build /opt/venv /opt/venv
COPY --from=build --chown=muster:muster /app /app
RUN mkdir -p /app/media && chown muster:muster /app/media
USER 10001:10001
EXPOSE 8000
# Asks as the site's own host: Django answers 400 to a Host (127.0.0.1) missing from ALLOWED_HOSTS.
HEALTHCHECK --interval=30s --timeout=5s CMD ["python", "-c", "import os, urllib.request as u; host = os.environ['ALLOWED_HOSTS'].split(',')[0].strip().lstrip('.*') or 'localhost'; u.urlopen(u.Request('http://127.0.0.1:' + os.environ.get('PORT', '8000') + '/healthz', headers={'Host': host}), timeout=4)"]
ENTRYPOINT ["/app/docker-entrypoint.sh"]
CMD ["web"]
