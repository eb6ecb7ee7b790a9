# Stand-in for gnocchi: what its migrations import.
