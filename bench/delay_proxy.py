"""A TCP proxy that delays every byte by a fixed time each way, and counts round trips: the
network between a council's handlers and its PostgreSQL server, for bench.pg.

Each direction of each connection reads what arrives, stamps it, and writes it on when its
delay is up, in order, so a request and its reply each take `delay` longer, however they are
cut into packets. A round trip is counted each time the client sends after the server last
sent (or first): one exchange the client had to wait for.

    python -m bench.delay_proxy --target PORT [--delay-ms 1]   # prints the port it listens on

In a benchmark child it runs in a thread instead (Proxy.start_thread), to count the round trips
of one action; the delays it measures with run as their own process, so they take no time from
the process measured.
"""

import argparse
import asyncio
import sys
import threading
import time


class Proxy:
    def __init__(self, target_port: int, delay: float, target_host: str = "127.0.0.1"):
        self.target = (target_host, target_port)
        self.delay = delay
        self.round_trips = 0
        self.port: int | None = None

    async def serve(self, ready=None) -> None:
        server = await asyncio.start_server(self._connection, "127.0.0.1", 0)
        self.port = server.sockets[0].getsockname()[1]
        if ready:
            ready()
        async with server:
            await server.serve_forever()

    async def _connection(self, client_r, client_w) -> None:
        try:
            server_r, server_w = await asyncio.open_connection(*self.target)
        except OSError:
            client_w.close()
            return
        last = ["server"]  # who sent last on this connection

        def turn(side: str) -> None:
            if side == "client" and last[0] == "server":
                self.round_trips += 1
            last[0] = side

        await asyncio.gather(self._pipe(client_r, server_w, lambda: turn("client")),
                             self._pipe(server_r, client_w, lambda: turn("server")),
                             return_exceptions=True)

    async def _pipe(self, reader, writer, sent) -> None:
        """Reads and writes on apart, so the delay does not slow the reading."""
        queue: asyncio.Queue = asyncio.Queue()

        async def later():
            while (item := await queue.get()) is not None:
                due, data = item
                if (wait := due - time.monotonic()) > 0:
                    await asyncio.sleep(wait)
                writer.write(data)
                await writer.drain()
            writer.close()

        sending = asyncio.ensure_future(later())
        try:
            while data := await reader.read(65536):
                sent()
                queue.put_nowait((time.monotonic() + self.delay, data))
        finally:
            queue.put_nowait(None)
            await sending

    def start_thread(self) -> "Proxy":
        """Serves from a daemon thread of this process; returns once it listens."""
        up = threading.Event()
        threading.Thread(target=lambda: asyncio.run(self.serve(up.set)), daemon=True).start()
        up.wait(10)
        return self


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--target", type=int, required=True, help="the server's port on 127.0.0.1")
    ap.add_argument("--delay-ms", type=float, default=1.0, help="added each way (default %(default)s)")
    args = ap.parse_args()
    proxy = Proxy(args.target, args.delay_ms / 1000)

    def ready():
        print(proxy.port, flush=True)

    try:
        asyncio.run(proxy.serve(ready))
    except KeyboardInterrupt:
        sys.exit(0)


if __name__ == "__main__":
    main()
