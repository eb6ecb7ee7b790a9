"""The mapped classes Pagure's data migrations query through the ORM
(1b6d7dc5600a User, 350efb3f6baf / 26af5c3602a0 / 644ef887bb6f Project,
644ef887bb6f StatusIssue, 27a79ff0fb41 ACL, 208b0cd232ab Issue, TagColored,
TagIssueColored), with only the columns that exist whenever a script uses
them (the queries run over empty tables; 644ef887bb6f inserts one status)."""
import datetime

import sqlalchemy as sa
from sqlalchemy.orm import declarative_base

BASE = declarative_base()


class User(BASE):
    __tablename__ = "users"
    id = sa.Column(sa.Integer, primary_key=True)
    user = sa.Column(sa.String(255), nullable=False, unique=True)
    password = sa.Column(sa.Text, nullable=True)


class Project(BASE):
    __tablename__ = "projects"
    id = sa.Column(sa.Integer, primary_key=True)
    name = sa.Column(sa.String(255), nullable=False)


class StatusIssue(BASE):
    __tablename__ = "status_issue"
    id = sa.Column(sa.Integer, primary_key=True)
    status = sa.Column(sa.Text, nullable=False, unique=True)


class ACL(BASE):
    __tablename__ = "acls"
    id = sa.Column(sa.Integer, primary_key=True)
    name = sa.Column(sa.String(32), unique=True, nullable=False)
    description = sa.Column(sa.Text(), nullable=False)
    created = sa.Column(sa.DateTime, nullable=False, default=datetime.datetime.utcnow)


class Issue(BASE):
    __tablename__ = "issues"
    uid = sa.Column(sa.String(32), primary_key=True)
    id = sa.Column(sa.Integer, nullable=False)
    project_id = sa.Column(sa.Integer, nullable=False)


class TagColored(BASE):
    __tablename__ = "tags_colored"
    id = sa.Column(sa.Integer, primary_key=True)
    tag = sa.Column(sa.String(255), nullable=False)
    project_id = sa.Column(sa.Integer, nullable=False)
    date_created = sa.Column(sa.DateTime, nullable=False, default=datetime.datetime.utcnow)


class TagIssueColored(BASE):
    __tablename__ = "tags_issues_colored"
    tag_id = sa.Column(sa.Integer, primary_key=True)
    issue_uid = sa.Column(sa.String(32), primary_key=True)
    date_created = sa.Column(sa.DateTime, nullable=False, default=datetime.datetime.utcnow)
