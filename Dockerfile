# Production image: gunicorn serving Newsroom, static files collected at build time.
FROM python:3.12-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /app
COPY requirements.lock .
RUN pip install --no-cache-dir --require-hashes --no-deps -r requirements.lock

COPY . .
# collectstatic needs settings to import; this key is only used for that step.
RUN SECRET_KEY=collectstatic-only DEBUG=0 python manage.py collectstatic --noinput -v 0

RUN useradd --system --home /app newsroom && mkdir -p /app/var && chown newsroom /app/var
USER newsroom

EXPOSE 8000
# Threaded workers sized from the CPU count: see gunicorn.conf.py.
CMD ["gunicorn", "newsroom.wsgi", "--config", "gunicorn.conf.py"]
