# CTFd's `db` is Flask-SQLAlchemy's, which re-exports SQLAlchemy's types;
# the migrations use only those (db.Integer, db.Text).
import sqlalchemy as db  # noqa: F401
