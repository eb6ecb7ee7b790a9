# Stand-in for oslo.utils: the functions manila's migrations call.
