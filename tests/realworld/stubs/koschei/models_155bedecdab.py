"""The mapped classes of koschei/models.py at d176b4a that 155bedecdab's
add_cascade() reads (table name, column, the foreign key's target), with only
those columns."""
from sqlalchemy import Column, ForeignKey, Integer
from sqlalchemy.orm import declarative_base

Base = declarative_base()
__all__ = ["Package", "PackageGroup", "PackageGroupRelation", "Build", "BuildrootDiff", "Repo",
           "ResolutionResult", "ResolutionProblem", "Dependency", "DependencyChange"]


class Package(Base):
    __tablename__ = "package"
    id = Column(Integer, primary_key=True)


class PackageGroup(Base):
    __tablename__ = "package_group"
    id = Column(Integer, primary_key=True)


class PackageGroupRelation(Base):
    __tablename__ = "package_group_relation"
    group_id = Column(Integer, ForeignKey("package_group.id", ondelete="CASCADE"), primary_key=True)
    package_id = Column(Integer, ForeignKey("package.id", ondelete="CASCADE"), primary_key=True)


class Build(Base):
    __tablename__ = "build"
    id = Column(Integer, primary_key=True)
    package_id = Column(Integer, ForeignKey("package.id", ondelete="CASCADE"))


class BuildrootDiff(Base):
    __tablename__ = "buildroot_diff"
    id = Column(Integer, primary_key=True)
    prev_build_id = Column(ForeignKey(Build.id, ondelete="CASCADE"))
    curr_build_id = Column(ForeignKey(Build.id, ondelete="CASCADE"))


class Repo(Base):
    __tablename__ = "repo"
    id = Column(Integer, primary_key=True)


class ResolutionResult(Base):
    __tablename__ = "resolution_result"
    id = Column(Integer, primary_key=True)
    package_id = Column(ForeignKey("package.id", ondelete="CASCADE"))
    repo_id = Column(ForeignKey("repo.id", ondelete="CASCADE"))


class ResolutionProblem(Base):
    __tablename__ = "resolution_result_element"
    id = Column(Integer, primary_key=True)
    resolution_id = Column(Integer, ForeignKey(ResolutionResult.id, ondelete="CASCADE"))


class Dependency(Base):
    __tablename__ = "dependency"
    id = Column(Integer, primary_key=True)
    repo_id = Column(Integer, ForeignKey("repo.id", ondelete="CASCADE"))
    package_id = Column(ForeignKey("package.id", ondelete="CASCADE"))


class DependencyChange(Base):
    __tablename__ = "dependency_change"
    id = Column(Integer, primary_key=True)
    package_id = Column(ForeignKey("package.id", ondelete="CASCADE"), nullable=False)
    applied_in_id = Column(ForeignKey("build.id", ondelete="CASCADE"), nullable=True)
