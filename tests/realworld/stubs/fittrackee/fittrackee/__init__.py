# Stand-in for the fittrackee package: what its migrations import.
