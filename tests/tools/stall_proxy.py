#!/usr/bin/python3
"""A loopback TCP proxy that stops forwarding: it accepts connections, reads
whatever the client sends, and never answers, like a server behind a dead
load balancer or a half-open connection. Prints its port, then serves until
killed. Usage: stall_proxy.py"""
import socket
import sys
import threading

srv = socket.socket()
srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
srv.bind(("127.0.0.1", 0))
srv.listen(64)
print(srv.getsockname()[1], flush=True)
held = []


def swallow(conn):
    try:
        while conn.recv(4096):
            pass
    except OSError:
        pass


while True:
    conn, _ = srv.accept()
    held.append(conn)
    threading.Thread(target=swallow, args=(conn,), daemon=True).start()
