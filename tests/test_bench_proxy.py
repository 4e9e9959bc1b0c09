"""The benchmark's delaying proxy (bench.delay_proxy): what it adds to an exchange and how it
counts the times a client waits on the server."""

import socket
import socketserver
import threading
import time

from bench.delay_proxy import Proxy


class Echo(socketserver.BaseRequestHandler):
    def handle(self):
        while data := self.request.recv(65536):
            self.request.sendall(data)


def test_each_exchange_takes_the_delay_both_ways_and_counts_one_round_trip():
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Echo)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    proxy = Proxy(server.server_address[1], 0.02).start_thread()
    try:
        with socket.create_connection(("127.0.0.1", proxy.port)) as conn:
            took = []
            for n in range(3):
                t = time.perf_counter()
                conn.sendall(b"x" * (n + 1) * 1000)
                got = b""
                while len(got) < (n + 1) * 1000:
                    got += conn.recv(65536)
                took.append(time.perf_counter() - t)
        assert min(took) >= 0.04  # 20 ms there and 20 ms back
        assert proxy.round_trips == 3
    finally:
        server.shutdown()
        server.server_close()
