"""A page run over Streamlit's websocket, as a browser asks for it, with the bytes it
costs on the wire.

``page_runs(url, specs)`` opens ``/_stcore/stream`` through a small counting relay
on loopback (so that what is counted is what crossed the connection: frames
compressed by permessage-deflate when the server agreed to it, headers of the
frames included), asks for each page run in turn and returns, per run, the bytes
received on the wire, the bytes of the decoded messages, and the messages' sizes
by element. Used by the deployment tests and by ``scripts/bench_websocket.py``.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
from dataclasses import dataclass, field

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg


@dataclass
class Run:
    page: str  # page name ("" for the default page) and query string, as in the address
    query: str
    wire: int = 0  # bytes received on the connection during the run
    payload: int = 0  # bytes of the decoded ForwardMsgs
    extensions: str = ""  # Sec-WebSocket-Extensions agreed at the handshake
    parts: list[tuple[int, str]] = field(default_factory=list)  # (bytes, what) per message


def describe(message: ForwardMsg) -> str:
    """What a ForwardMsg carries, in a few words (an element's type and the start of its text)."""
    kind = message.WhichOneof("type")
    if kind != "delta":
        return kind or "?"
    if message.delta.WhichOneof("type") != "new_element":
        return f"delta:{message.delta.WhichOneof('type')}"
    element = message.delta.new_element
    what = element.WhichOneof("type")
    if what == "html":
        return f"html {element.html.body[:50]!r}"
    if what == "markdown":
        return f"markdown {element.markdown.body[:40]!r}"
    if what == "bidi_component":
        return f"component {element.bidi_component.component_name}"
    return what or "?"


async def _relay(target: tuple[str, int], counter: list[int]):
    async def handle(reader, writer):
        upstream_reader, upstream_writer = await asyncio.open_connection(*target)

        async def pipe(source, sink, count: bool):
            try:
                while data := await source.read(65536):
                    if count:
                        counter[0] += len(data)
                    sink.write(data)
                    await sink.drain()
            finally:
                sink.close()

        await asyncio.gather(pipe(reader, upstream_writer, False), pipe(upstream_reader, writer, True),
                             return_exceptions=True)

    return await asyncio.start_server(handle, "127.0.0.1", 0)


async def _page_runs(url: str, specs: list[str], same_session: bool) -> list[Run]:
    host, port = url.removeprefix("http://").split("/")[0].split(":")
    counter = [0]
    relay = await _relay((host, int(port)), counter)
    relay_port = relay.sockets[0].getsockname()[1]
    runs: list[Run] = []
    try:
        socket = None
        for spec in specs:
            if socket is None or not same_session:
                if socket is not None:
                    await socket.close()
                socket = await websockets.connect(f"ws://127.0.0.1:{relay_port}/_stcore/stream",
                                                  subprotocols=["streamlit"], max_size=2**26)
            page, _, query = spec.partition("?")
            run = Run(page, query, extensions=socket.response.headers.get("Sec-WebSocket-Extensions", ""))
            await asyncio.sleep(0.2)  # what the server sends on connecting is not part of the run
            counter[0] = 0
            request = BackMsg()
            request.rerun_script.page_name, request.rerun_script.query_string = page, query
            await socket.send(request.SerializeToString())
            while True:
                raw = await asyncio.wait_for(socket.recv(), timeout=120)
                message = ForwardMsg()
                message.ParseFromString(raw)
                run.payload += len(raw)
                run.parts.append((len(raw), describe(message)))
                if message.WhichOneof("type") == "script_finished" and \
                        message.script_finished != ForwardMsg.ScriptFinishedStatus.Value("FINISHED_EARLY_FOR_RERUN"):
                    break  # (a run that asked for a rerun goes on in the next one)
            await asyncio.sleep(0.2)  # the last frames' bytes reach the relay
            run.wire = counter[0]
            runs.append(run)
        if socket is not None:
            await socket.close()
    finally:
        relay.close()
    return runs


def page_runs(url: str, specs: list[str], same_session: bool = False) -> list[Run]:
    """One run per ``spec`` (« departement?dep=37 »; « » is the default page), each in a
    new session unless ``same_session``. In a thread of its own: the caller's thread may
    already run an event loop (Playwright's synchronous API does, in the tests)."""
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as worker:
        return worker.submit(asyncio.run, _page_runs(url, specs, same_session)).result(timeout=600)
