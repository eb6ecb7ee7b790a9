# Stand-in for aodh: what its migrations import.
