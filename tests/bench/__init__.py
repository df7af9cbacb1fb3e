"""Load and fault benchmarks run against gunicorn, PostgreSQL and Redis (`make bench`)."""
