#!/bin/sh
# Container entry point: "web" migrates then serves; "worker" runs background tasks;
# anything else runs as a command (e.g. "python manage.py createsuperuser").
set -eu
case "${1:-web}" in
    web)
        python manage.py migrate --noinput
        python manage.py createcachetable
        exec gunicorn config.wsgi:application --bind "0.0.0.0:${PORT}" \
            --workers "${WEB_CONCURRENCY:-2}" --access-logfile - --forwarded-allow-ips "*"
        ;;
    worker)
        exec python manage.py db_worker
        ;;
    *)
        exec "$@"
        ;;
esac
