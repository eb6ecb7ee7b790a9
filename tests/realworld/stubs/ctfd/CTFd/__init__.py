# Stand-in for the CTFd package: what its migrations import.
