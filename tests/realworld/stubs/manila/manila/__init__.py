# Stand-in for the manila package: only what the migrations import.
