"""Stand-in for the airflow package: only what the migrations read."""
