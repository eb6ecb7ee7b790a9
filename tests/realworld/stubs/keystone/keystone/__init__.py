# Stand-in for the keystone package: only what the migrations import.
