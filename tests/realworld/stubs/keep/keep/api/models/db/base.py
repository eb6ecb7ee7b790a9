"""The columns of Keep's models that the data migrations query (nothing is
created from these: the tables are the migrations')."""
from sqlalchemy import JSON, Column, DateTime, Integer, String
from sqlalchemy.orm import declarative_base

Base = declarative_base()


class AlertEnrichment(Base):
    __tablename__ = "alertenrichment"
    id = Column(String, primary_key=True)
    enrichments = Column(JSON)


class LastAlertToIncident(Base):
    __tablename__ = "lastalerttoincident"
    tenant_id = Column(String, primary_key=True)
    fingerprint = Column(String, primary_key=True)
    incident_id = Column(String, primary_key=True)
    deleted_at = Column(DateTime)


class Incident(Base):
    __tablename__ = "incident"
    id = Column(String, primary_key=True)
    alerts_count = Column(Integer)
