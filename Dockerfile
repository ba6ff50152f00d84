# One image for the web process, the Celery worker and Celery beat.
FROM python:3.12-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_DISABLE_PIP_VERSION_CHECK=1

# WeasyPrint needs Pango; Liberation fonts give PDFs a readable sans-serif.
RUN apt-get update \
    && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 fonts-liberation \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY pyproject.toml README.md ./
COPY requirements requirements
COPY coprod coprod
COPY network network
COPY projects projects
COPY reporting reporting
RUN pip install --no-cache-dir --require-hashes -r requirements/base.txt \
    && pip install --no-cache-dir --no-deps .
COPY . .
RUN SECRET_KEY=build-only DATABASE_URL=sqlite:////tmp/build.sqlite3 python manage.py collectstatic --no-input

RUN useradd --create-home coprod
USER coprod
EXPOSE 8000
CMD ["gunicorn", "coprod.wsgi", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
