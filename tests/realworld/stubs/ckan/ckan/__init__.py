# Stand-in for the ckan package: what its migrations import.
