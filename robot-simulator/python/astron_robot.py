#!/usr/bin/python3
"""A desktop robot that speaks the astron-rpa ``rpawebsocketclient`` protocol, for end-to-end tests.

Written from docs/ROBOT-PROTOCOL-NOTES.md §1-§2 (no astron-rpa code is copied): the client library (frame
model ``BaseMsg``, class ``WsApp``: ping thread, reconnect loop, routing ``<channel>$$<key>`` to handlers in a
thread pool, reply built by ``to_reply()``) on the same transport library (``websocket-client``'s
``WebSocketApp``), and the ``remote``/``run`` and ``remote``/``stop_current`` handlers of the newer robot,
imitating the trigger and the local scheduler: the run's ``data`` is validated as the scheduler's
``ExecutorProject`` model would, then the "flow" runs for ``--run-ms`` and returns the scheduler's answer
``{"code": "0000", "msg": "运行成功", "data": {<varName>: <varValue>, ...}}`` (its input variables echoed as
output variables).

Needs only the standard library and ``websocket`` (Debian's python3-websocket, websocket-client >= 1.0).

Standard output gets one line per event, flushed, for a test to follow:

    START {...}            options in effect
    CONNECTING <url>       a connection attempt
    OPEN                   handshake done
    RECV <text>            a text frame as received (line breaks replaced by spaces)
    DROPPED {"text", "error"}  a frame the real client would drop (not a BaseMsg)
    IGNORED <why> <json>   pong/ack/exit frames, replies
    SEND <json>            a frame as written, in the order written
    SEND-FAILED <json> <error>  no connection at that moment: the frame is lost, as in the real client
    UNSENT <json> <error>  the same while exiting
    NO-REPLY <route> <event_id>  the handler returned None: nothing is sent
    RUN-START / RUN-END / STOP  what the imitated desktop does
    INVALID <route> <problem>   why a run was refused with the scheduler's "请求失败"
    ERROR <text> / CLOSE <code> <reason>
    SUMMARY {"received", "sent", "dropped", "dropped_frames": [...]}   once, at exit

SIGTERM or SIGINT closes the connection, cancels a running run and exits with status 0.
"""

import argparse
import copy
import dataclasses
import json
import logging
import signal
import sys
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Optional

import websocket

log = logging.getLogger("astron_robot")


# ---------------------------------------------------------------------------------------------- output


class Console:
    """Line-per-event output on stdout; counters for the summary."""

    def __init__(self):
        self.lock = threading.RLock()
        self.received = 0
        self.sent = 0
        self.dropped = []

    def line(self, *parts):
        text = " ".join(str(p) for p in parts)
        with self.lock:
            sys.stdout.write(text + "\n")
            sys.stdout.flush()

    def summary(self):
        with self.lock:
            self.line("SUMMARY", json.dumps({"received": self.received, "sent": self.sent,
                                             "dropped": len(self.dropped), "dropped_frames": self.dropped},
                                            ensure_ascii=True))


OUT = Console()


def one_line(text):
    # raw line breaks cannot occur inside JSON strings, so for JSON text this changes nothing but whitespace
    return text.replace("\r", " ").replace("\n", " ")


# ---------------------------------------------------------------------------------------------- frames


def new_event_id():
    return str(uuid.uuid4())


def now_seconds():
    return int(time.time())


@dataclasses.dataclass
class BaseMsg:
    """The client's frame: exactly these ten optional fields. ``BaseMsg(**obj)`` raises on any other key."""

    reply_event_id: Optional[str] = None
    event_id: Optional[str] = None
    event_time: Optional[int] = None
    channel: Optional[str] = None
    key: Optional[str] = None
    uuid: Optional[str] = None
    send_uuid: Optional[str] = None
    need_ack: Optional[bool] = None
    need_reply: Optional[bool] = None
    data: Any = None

    def init(self):
        """A new request: fresh event id (uuid4) and event time (integer epoch seconds)."""
        self.event_id = new_event_id()
        self.event_time = now_seconds()
        return self

    def to_reply(self):
        """A deep copy of the request answering it: its event id as reply_event_id, uuid and send_uuid
        swapped, data cleared, a new event id and time; channel, key, need_ack, need_reply stay as they were."""
        reply = copy.deepcopy(self)
        reply.reply_event_id = self.event_id
        reply.uuid, reply.send_uuid = self.send_uuid, self.uuid
        reply.data = None
        reply.event_id = new_event_id()
        reply.event_time = now_seconds()
        return reply

    def tojson(self):
        """Null fields are left out; non-ASCII is escaped (\\uXXXX), as the client writes frames."""
        fields = {f.name: getattr(self, f.name) for f in dataclasses.fields(self)}
        return json.dumps({k: v for k, v in fields.items() if v is not None}, ensure_ascii=True)

    @staticmethod
    def parse(text):
        """``json.loads`` then ``BaseMsg(**obj)``: non-JSON, a non-object or an unknown key raise."""
        return BaseMsg(**json.loads(text))


PING = BaseMsg(channel="ping")  # written as exactly {"channel": "ping"}


# ---------------------------------------------------------------------------------------------- client


class WsApp:
    """The client library: one WebSocketApp at a time, reconnecting after a fixed pause, for ever."""

    def __init__(self, url, headers, ping_interval, reconnect_interval):
        self.url = url
        self.headers = headers
        self.ping_interval = ping_interval
        self.reconnect_interval = reconnect_interval
        self.routes = {}
        self.pool = ThreadPoolExecutor(max_workers=10)
        self.app = None
        self.ping_stop = None
        self.send_lock = threading.Lock()
        self.stopping = threading.Event()

    def route(self, channel, key, handler):
        self.routes["{}$${}".format(channel, key)] = handler

    # -- connection life

    def run(self):
        """Connects, and after each close waits ``reconnect_interval`` and connects again, until stopped."""
        while not self.stopping.is_set():
            OUT.line("CONNECTING", self.url)
            # The real client sends no headers at all (ROBOT-PROTOCOL-NOTES §1.2): the desktop's local router
            # and the cloud gateway add the user's identity. Here --header stands in for the gateway, which
            # turns the login session into the trusted `user_id` header.
            self.app = websocket.WebSocketApp(self.url, header=list(self.headers), on_open=self._on_open,
                                              on_message=self._on_message, on_error=self._on_error,
                                              on_close=self._on_close)
            # no ping_interval: the client sends no protocol-level pings (its pings are text frames)
            self.app.run_forever()
            if self.stopping.wait(self.reconnect_interval):
                break

    def stop(self):
        self.stopping.set()

    def _on_open(self, ws):
        OUT.line("OPEN")
        stop = threading.Event()
        self.ping_stop = stop
        threading.Thread(target=self._ping_loop, args=(stop,), name="ping", daemon=True).start()

    def _on_close(self, ws, code=None, reason=None):
        OUT.line("CLOSE", code, reason)
        if self.ping_stop is not None:
            self.ping_stop.set()
            self.ping_stop = None
        self.app = None  # a reply finishing now has no connection to go to: it is lost

    def _on_error(self, ws, error):
        OUT.line("ERROR", one_line(repr(error)))

    def _ping_loop(self, stop):
        while not stop.wait(self.ping_interval):
            self._send(PING)

    # -- frames in

    def _on_message(self, ws, text):
        with OUT.lock:
            OUT.received += 1
            OUT.line("RECV", one_line(text))
        try:
            msg = BaseMsg.parse(text)
        except Exception as e:  # noqa: BLE001 -- the real client logs anything and drops the frame
            log.error("unlawful frame dropped: %s", e)
            with OUT.lock:
                OUT.dropped.append(text)
                OUT.line("DROPPED", json.dumps({"text": text, "error": str(e)}, ensure_ascii=True))
            return
        self.pool.submit(self._dispatch, msg)

    def _dispatch(self, msg):
        try:
            if msg.channel in ("pong", "ack", "exit"):
                OUT.line("IGNORED", msg.channel, msg.tojson())
                return
            if msg.reply_event_id:
                # an answer to a request of ours (we make none): nothing waits for it
                OUT.line("IGNORED", "reply", msg.tojson())
                return
            reply = msg.to_reply()
            route = "{}$${}".format(msg.channel, msg.key)
            try:
                handler = self.routes.get(route)
                if handler is None:
                    raise LookupError("func is not exist: {}".format((msg.channel, msg.key)))
                result = handler(msg)
                if hasattr(result, "body"):  # a Starlette-style response
                    result = json.loads(result.body)
                reply.data = result
            except Exception as e:  # noqa: BLE001 -- any failure becomes the reply text
                reply.data = str(e)
            if reply.data is None:
                OUT.line("NO-REPLY", route, msg.event_id)
                return
            self._send(reply)
        except Exception:  # noqa: BLE001
            log.exception("frame handling failed")

    # -- frames out

    def _send(self, msg):
        text = msg.tojson()
        # the lock makes the SEND lines come in the order the frames were written
        with self.send_lock:
            app = self.app
            try:
                if app is None:
                    raise ConnectionError("no connection")
                app.send(text)
            except Exception as e:  # noqa: BLE001 -- logged, never retried or buffered
                # while exiting, a run cut short has no connection left to answer on: that is no failure
                OUT.line("UNSENT" if self.stopping.is_set() else "SEND-FAILED", text, one_line(repr(e)))
                return
            with OUT.lock:
                OUT.sent += 1
                OUT.line("SEND", text)


# ---------------------------------------------------------------------------------------------- desktop


EXEC_POSITIONS = ("PROJECT_LIST", "EDIT_PAGE", "CRONTAB", "EXECUTOR", "DISPATCH")


def run_params(data):
    """The scheduler's view of ``data`` (model ExecutorProject): returns (problem or None, [(name, value)])."""
    if not isinstance(data, dict):
        return "data is not an object: {!r}".format(data), []
    project_id = data.get("project_id")
    if not isinstance(project_id, str):  # pydantic v2 does not turn a number into a str
        return "project_id must be a string, got {!r}".format(project_id), []
    position = data.get("exec_position")
    if not isinstance(position, str) or position not in EXEC_POSITIONS:
        return "exec_position must be one of {}, got {!r}".format(EXEC_POSITIONS, position), []
    if "jwt" in data and not isinstance(data["jwt"], str):
        return "jwt must be a string, got {!r}".format(data["jwt"]), []
    if data.get("recording_config") is not None and not isinstance(data["recording_config"], str):
        return "recording_config must be a string, got {!r}".format(data["recording_config"]), []
    version = data.get("version")
    if version is not None and (isinstance(version, bool) or not isinstance(version, (int, str))):
        return "version must be an int or a string, got {!r}".format(version), []
    run_param = data.get("run_param")
    if not isinstance(run_param, str):
        return "run_param must be a string holding JSON, got {!r}".format(run_param), []
    # The real executor silently runs with no parameters when run_param is missing or does not parse (NOTES
    # §2.1); this stand-in refuses instead, so that a server sending a bad list is seen rather than hidden.
    try:
        entries = json.loads(run_param)
    except ValueError as e:
        return "run_param is not JSON: {}".format(e), []
    if not isinstance(entries, list):
        return "run_param is not a JSON list: {!r}".format(entries), []
    params = []
    for entry in entries:
        if not isinstance(entry, dict) or not isinstance(entry.get("varName"), str) or "varValue" not in entry:
            return "run_param entry is not {{varName, varValue}}: {!r}".format(entry), []
        params.append((entry["varName"], entry["varValue"]))
    return None, params


class Run:
    def __init__(self, data):
        self.data = data
        self.cancelled = threading.Event()


class Desktop:
    """The trigger's ``remote`` handlers and the local scheduler behind them (newer robot)."""

    def __init__(self, run_ms, poll_ms, busy_checks, busy_pause, stopping):
        self.run_ms = run_ms
        self.poll_ms = poll_ms
        self.busy_checks = busy_checks
        self.busy_pause = busy_pause
        self.stopping = stopping
        self.lock = threading.Lock()
        self.current = None
        self.finish_now = threading.Event()

    def busy(self):
        with self.lock:
            return self.current is not None

    def remote_run(self, msg):
        data = msg.data
        # trigger: ask the scheduler whether it is busy, a few times, before giving up
        for check in range(self.busy_checks):
            if not self.busy():
                break
            if check == self.busy_checks - 1:
                return {"code": "5001", "msg": "有任务在运行中", "data": None}
            if self.stopping.wait(self.busy_pause):
                return None  # exiting: nothing more is said
        # scheduler /executor/run_sync: the body is validated first (422 → the trigger answers "请求失败")
        problem, params = run_params(data)
        if problem is not None:
            OUT.line("INVALID", "remote$$run", json.dumps(problem, ensure_ascii=True))
            return {"code": "5001", "msg": "请求失败", "data": None}
        run = Run(data)
        with self.lock:
            if self.current is not None:
                return {"code": "5001", "msg": "已有实例在运行，无法启动", "data": None}
            self.current = run
            self.finish_now.clear()
        OUT.line("RUN-START", json.dumps({"project_id": data.get("project_id"),
                                          "execution_id": data.get("execution_id")}, ensure_ascii=True))
        try:
            # the scheduler waits for the executor process, looking once per poll interval
            deadline = time.monotonic() + self.run_ms / 1000.0 if self.run_ms >= 0 else None
            while True:
                left = None if deadline is None else deadline - time.monotonic()
                if left is not None and left <= 0:
                    break
                if self.finish_now.is_set():
                    break
                if self.stopping.is_set():
                    OUT.line("RUN-END", "abandoned: exiting")
                    return None  # the desktop is going away: no reply, as when the robot is shut down
                if run.cancelled.is_set():
                    OUT.line("RUN-END", "cancelled")
                    return {"code": "5001", "msg": "执行被取消", "data": None}
                pause = self.poll_ms / 1000.0
                time.sleep(pause if left is None else min(pause, left))
            OUT.line("RUN-END", "ok")
            return {"code": "0000", "msg": "运行成功", "data": dict(params)}
        finally:
            with self.lock:
                if self.current is run:
                    self.current = None

    def remote_stop_current(self, msg):
        # data is ignored; every run on this desktop is stopped
        with self.lock:
            run = self.current
        if run is None:
            OUT.line("STOP", "nothing running")
            return {"code": "5001", "msg": "当前没有运行中的任务", "data": None}
        run.cancelled.set()
        OUT.line("STOP", "stopping")
        return {"code": "0000", "msg": "停止成功", "data": None}


# ---------------------------------------------------------------------------------------------- main


class Terminated(KeyboardInterrupt):
    """Raised in the main thread by SIGTERM/SIGINT; WebSocketApp.run_forever tears down on it."""


def read_control(desktop):
    """--stdin-control: a test may write `finish` to end the current run now, successfully."""
    for line in sys.stdin:
        if line.strip() == "finish":
            OUT.line("CONTROL", "finish")
            desktop.finish_now.set()


def main(argv=None):
    parser = argparse.ArgumentParser(description="astron-rpa desktop robot stand-in (rpawebsocket protocol)")
    parser.add_argument("--url", default="ws://127.0.0.1:8020/ws", help="robot WebSocket of the service")
    parser.add_argument("--header", action="append", default=[],
                        help='a handshake header, e.g. "user_id: 42" (stands in for the gateway); repeatable')
    parser.add_argument("--ping-interval", type=float, default=30.0, help="seconds between pings (default 30)")
    parser.add_argument("--reconnect-interval", type=float, default=10.0,
                        help="seconds to wait after a close before connecting again (default 10)")
    parser.add_argument("--run-ms", type=int, default=1000,
                        help="how long a run takes, in ms (default 1000; -1: until stopped or told to finish)")
    parser.add_argument("--poll-ms", type=int, default=1000,
                        help="how often the scheduler looks whether the run has ended or was stopped (default 1000)")
    parser.add_argument("--busy-checks", type=int, default=3, help="busy checks before answering busy (default 3)")
    parser.add_argument("--busy-pause", type=float, default=2.0, help="seconds between busy checks (default 2)")
    parser.add_argument("--stdin-control", action="store_true",
                        help="read `finish` (end the current run now) from standard input (for tests)")
    parser.add_argument("--log-level", default="WARNING")
    args = parser.parse_args(argv)

    if hasattr(sys.stdout, "reconfigure"):
        sys.stdout.reconfigure(encoding="utf-8", errors="backslashreplace")
    logging.basicConfig(level=args.log_level.upper(), stream=sys.stderr,
                        format="%(asctime)s %(levelname)s %(name)s %(threadName)s: %(message)s")

    client = WsApp(args.url, args.header, args.ping_interval, args.reconnect_interval)
    desktop = Desktop(args.run_ms, max(1, args.poll_ms), max(1, args.busy_checks), args.busy_pause, client.stopping)
    client.route("remote", "run", desktop.remote_run)
    client.route("remote", "stop_current", desktop.remote_stop_current)

    def terminate(signum, frame):
        if client.stopping.is_set():
            return
        client.stop()
        raise Terminated("signal {}".format(signum))

    signal.signal(signal.SIGTERM, terminate)
    signal.signal(signal.SIGINT, terminate)
    if args.stdin_control:
        threading.Thread(target=read_control, args=(desktop,), name="control", daemon=True).start()

    OUT.line("START", json.dumps({"url": args.url, "ping_interval": args.ping_interval,
                                  "reconnect_interval": args.reconnect_interval, "run_ms": args.run_ms,
                                  "websocket_client": getattr(websocket, "__version__", "?")}))
    try:
        client.run()
    except Terminated:
        pass  # raised outside run_forever (e.g. while waiting to reconnect)
    client.stop()
    try:
        client.pool.shutdown(wait=True)  # runs see `stopping` and end at their next poll
    except Terminated:
        pass
    OUT.summary()
    return 0


if __name__ == "__main__":
    sys.exit(main())
