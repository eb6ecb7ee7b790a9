# Stand-in for zou's package: only what its migration scripts import.
