from stubhook import Stub

DagBag = Stub("airflow.models.DagBag")
