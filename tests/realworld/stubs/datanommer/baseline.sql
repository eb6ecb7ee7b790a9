-- Datanommer's revisions alter the tables the application's init(create=True)
-- made with create_all() (its first revision, 5db25abc63be, is empty): this is
-- that schema, the DDL SQLAlchemy 1.4 emits for create_all() of
-- datanommer.models/datanommer/models/__init__.py at datanommer commit
-- 5b692a5^ (the parent of the commit that added 951c40020acc), for
-- PostgreSQL. Left out: CREATE EXTENSION timescaledb and the
-- create_hypertable('messages', 'timestamp') after_create hook (TimescaleDB
-- is not installed here; no revision touches what they make).

CREATE TABLE messages (
	id SERIAL NOT NULL, 
	msg_id VARCHAR, 
	i INTEGER NOT NULL, 
	topic VARCHAR NOT NULL, 
	timestamp TIMESTAMP WITHOUT TIME ZONE NOT NULL, 
	certificate TEXT, 
	signature TEXT, 
	category VARCHAR NOT NULL, 
	username VARCHAR, 
	crypto TEXT, 
	source_name VARCHAR, 
	source_version VARCHAR, 
	msg JSONB NOT NULL, 
	headers JSONB, 
	PRIMARY KEY (id, timestamp), 
	UNIQUE (msg_id, timestamp)
);

CREATE INDEX ix_messages_timestamp ON messages (timestamp);

CREATE INDEX ix_messages_category ON messages (category);

CREATE INDEX ix_messages_msg_id ON messages (msg_id);

CREATE INDEX ix_messages_topic ON messages (topic);

CREATE TABLE users (
	id SERIAL NOT NULL, 
	name TEXT, 
	PRIMARY KEY (id)
);

CREATE INDEX ix_users_name ON users (name);

CREATE TABLE packages (
	id SERIAL NOT NULL, 
	name TEXT, 
	PRIMARY KEY (id)
);

CREATE INDEX ix_packages_name ON packages (name);

CREATE TABLE users_messages (
	user_id INTEGER NOT NULL, 
	msg_id INTEGER NOT NULL, 
	msg_timestamp TIMESTAMP WITHOUT TIME ZONE NOT NULL, 
	PRIMARY KEY (user_id, msg_id, msg_timestamp), 
	FOREIGN KEY(user_id) REFERENCES users (id)
);

CREATE INDEX ix_users_messages_msg_timestamp ON users_messages (msg_timestamp);

CREATE INDEX ix_users_messages_msg_id ON users_messages (msg_id);

CREATE TABLE packages_messages (
	package_id INTEGER NOT NULL, 
	msg_id INTEGER NOT NULL, 
	msg_timestamp TIMESTAMP WITHOUT TIME ZONE NOT NULL, 
	PRIMARY KEY (package_id, msg_id, msg_timestamp), 
	FOREIGN KEY(package_id) REFERENCES packages (id)
);

CREATE INDEX ix_packages_messages_msg_timestamp ON packages_messages (msg_timestamp);

CREATE INDEX ix_packages_messages_msg_id ON packages_messages (msg_id);
