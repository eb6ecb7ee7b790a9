"""The Trigger model as 0140 queries it (over the trigger table's rows: none
on a fresh database): the columns it reads and its task_instance relation."""
from sqlalchemy import Column, Integer, String, Text
from sqlalchemy.orm import declarative_base, relationship

Base = declarative_base()


class TaskInstance(Base):
    __tablename__ = "task_instance"
    dag_id = Column(String(250), primary_key=True)
    task_id = Column(String(250), primary_key=True)
    run_id = Column(String(250), primary_key=True)
    map_index = Column(Integer, primary_key=True)
    trigger_id = Column(Integer)


class Trigger(Base):
    __tablename__ = "trigger"
    id = Column(Integer, primary_key=True)
    classpath = Column(String(1000))
    kwargs = Column(Text)
    task_instance = relationship(TaskInstance, primaryjoin="foreign(TaskInstance.trigger_id) == Trigger.id",
                                 uselist=False, viewonly=True)
