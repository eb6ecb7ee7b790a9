"""Stand-in for mlflow's tracking models: the table names the migrations
read through __tablename__, and mapped columns only where a data migration
queries them (SqlMetric) or a constraint is built from them (SqlRun)."""
from sqlalchemy import BigInteger, Boolean, Column, Float, Integer, String
from sqlalchemy.orm import declarative_base

Base = declarative_base()

SourceTypes = ["NOTEBOOK", "JOB", "LOCAL", "UNKNOWN", "PROJECT"]


class SqlExperiment(Base):
    __tablename__ = "experiments"
    experiment_id = Column(Integer, primary_key=True)


class SqlRun(Base):
    __tablename__ = "runs"
    run_uuid = Column(String(32), primary_key=True)
    source_type = Column(String(20))
    lifecycle_stage = Column(String(20))


class SqlMetric(Base):
    __tablename__ = "metrics"
    key = Column(String(250), primary_key=True)
    value = Column(Float, primary_key=True)
    timestamp = Column(BigInteger, primary_key=True)
    step = Column(BigInteger, primary_key=True)
    is_nan = Column(Boolean, primary_key=True)
    run_uuid = Column(String(32), primary_key=True)


class SqlLatestMetric(Base):
    __tablename__ = "latest_metrics"
    key = Column(String(250), primary_key=True)
    value = Column(Float)
    timestamp = Column(BigInteger)
    step = Column(BigInteger)
    is_nan = Column(Boolean)
    run_uuid = Column(String(32), primary_key=True)


def _named(cls_name, table):
    return type(cls_name, (), {"__tablename__": table})


SqlTraceInfo = type("SqlTraceInfo", (Base,), {
    "__tablename__": "trace_info", "request_id": Column(String(50), primary_key=True)})
SqlExperimentTag = _named("SqlExperimentTag", "experiment_tags")
SqlTag = _named("SqlTag", "tags")
SqlParam = _named("SqlParam", "params")
SqlDataset = _named("SqlDataset", "datasets")
SqlInput = _named("SqlInput", "inputs")
SqlInputTag = _named("SqlInputTag", "input_tags")
SqlTraceTag = _named("SqlTraceTag", "trace_tags")
SqlTraceMetadata = _named("SqlTraceMetadata", "trace_request_metadata")
SqlTraceMetrics = _named("SqlTraceMetrics", "trace_metrics")
SqlSpanMetrics = _named("SqlSpanMetrics", "span_metrics")
SqlAssessments = _named("SqlAssessments", "assessments")
SqlIssue = _named("SqlIssue", "issues")
SqlLoggedModel = _named("SqlLoggedModel", "logged_models")
SqlSpan = _named("SqlSpan", "spans")
SqlScorer = _named("SqlScorer", "scorers")
SqlScorerVersion = _named("SqlScorerVersion", "scorer_versions")
SqlOnlineScoringConfig = _named("SqlOnlineScoringConfig", "online_scoring_configs")
SqlJob = _named("SqlJob", "jobs")
