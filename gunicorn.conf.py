"""gunicorn's settings (read from the working folder): threaded workers sized from the CPU count.

Each worker process serves several requests at once on threads, so a request waiting on the database or
on a slow client does not stop the others; in compose, nginx in front buffers slow clients as well.
GUNICORN_WORKERS and GUNICORN_THREADS override the sizes.
"""

import os


def _int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    return int(value) if value else default


cpus = os.cpu_count() or 1
bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
workers = _int("GUNICORN_WORKERS", min(2 * cpus + 1, 9))
worker_class = "gthread"
threads = _int("GUNICORN_THREADS", 4)
timeout = _int("GUNICORN_TIMEOUT", 60)
graceful_timeout = 30
keepalive = 5
max_requests = 2000  # workers are renewed now and then, with some jitter so they do not restart together
max_requests_jitter = 200
accesslog = "-"
