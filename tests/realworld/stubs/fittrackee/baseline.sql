-- FitTrackee's deployment installs PostGIS before its migrations run.
CREATE EXTENSION IF NOT EXISTS postgis;
