-- Dagster's first revisions alter the tables its storages' create_all()
-- made (runs, run_tags, event_logs, schedules): this is that schema as
-- dagster commit a69fccfd^ had it (the parent of the commit that added the
-- first PostgreSQL migration, 8f8dba68fd3b "cascade run deletion"), from
-- python_modules/dagster/dagster/core/storage/{runs,event_log,schedules}/schema.py,
-- compiled for PostgreSQL with SQLAlchemy 1.4. Later releases' create_all()
-- tables are made by the migrations themselves (create_0_10_0_* etc.).

CREATE TABLE runs (
	id SERIAL NOT NULL, 
	run_id VARCHAR(255), 
	pipeline_name VARCHAR, 
	status VARCHAR(63), 
	run_body VARCHAR, 
	create_timestamp TIMESTAMP WITHOUT TIME ZONE DEFAULT CURRENT_TIMESTAMP, 
	update_timestamp TIMESTAMP WITHOUT TIME ZONE DEFAULT CURRENT_TIMESTAMP, 
	PRIMARY KEY (id), 
	UNIQUE (run_id)
);

CREATE TABLE run_tags (
	id SERIAL NOT NULL, 
	run_id VARCHAR(255), 
	key VARCHAR, 
	value VARCHAR, 
	PRIMARY KEY (id), 
	FOREIGN KEY(run_id) REFERENCES runs (run_id)
);

CREATE TABLE event_logs (
	id SERIAL NOT NULL, 
	run_id VARCHAR(255), 
	event TEXT NOT NULL, 
	dagster_event_type TEXT, 
	timestamp TIMESTAMP WITHOUT TIME ZONE, 
	PRIMARY KEY (id)
);

CREATE TABLE schedules (
	id SERIAL NOT NULL, 
	repository_name VARCHAR(255), 
	schedule_name VARCHAR, 
	status VARCHAR(63), 
	schedule_body VARCHAR, 
	create_timestamp TIMESTAMP WITHOUT TIME ZONE DEFAULT CURRENT_TIMESTAMP, 
	update_timestamp TIMESTAMP WITHOUT TIME ZONE DEFAULT CURRENT_TIMESTAMP, 
	PRIMARY KEY (id), 
	UNIQUE (repository_name, schedule_name)
);

