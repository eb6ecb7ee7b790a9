# peewee (imported by some scripts, as in quay) calls
# psycopg2cffi.compat.register() when psycopg2cffi is installed, which swaps
# sys.modules["psycopg2"] for psycopg2cffi under SQLAlchemy's feet. Quay runs
# on psycopg2: here psycopg2cffi is absent.
raise ImportError("psycopg2cffi is not used here")
