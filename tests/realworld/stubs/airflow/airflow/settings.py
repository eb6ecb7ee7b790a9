"""airflow.settings as the migrations use it: json is the stdlib module;
Session/engine/DAGS_FOLDER are only touched by data migrations over rows a
fresh database does not have."""
import json  # noqa: F401

from stubhook import Stub

Session = Stub("airflow.settings.Session")
engine = Stub("airflow.settings.engine")
DAGS_FOLDER = "/nonexistent"
SQL_ALCHEMY_CONN = ""
