# Stand-in for the ihatemoney package: what its migrations import.
