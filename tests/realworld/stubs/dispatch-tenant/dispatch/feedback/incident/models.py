# 3c49f62d7914 queries Feedback (over zero rows here): a mapped class on the
# table is enough.
from sqlalchemy import Column, Integer
from sqlalchemy.orm import declarative_base

Base = declarative_base()


class Feedback(Base):
    __tablename__ = "feedback"
    id = Column(Integer, primary_key=True)
