"""moto_server with the parts moto lacks (DESIGN.md section 7), for tests, benchmarks and the demo.

Adds, through a small control API under /_ec2bot/ on the same port:
  POST /_ec2bot/events   {"account","region","instance_id","events":[{Code, Description, NotBefore, NotAfter?, NotBeforeDeadline?, InstanceEventId?}]}
        -> DescribeInstanceStatus returns these as the instance's Events (moto never returns Events)
  POST /_ec2bot/status   {"account","region","instance_id","system":"impaired","instance":"ok"}
        -> overrides SystemStatus / InstanceStatus (statuses: ok, impaired, insufficient-data, initializing)
  POST /_ec2bot/reset    -> clears every injected event and status
  A stop completes the instance's injected instance-stop / instance-retirement events, as AWS does once
        the instance has left the degraded host: their Description gains the "[Completed]" prefix.
  GET  /_ec2bot/ping     -> "ok"
Prints "READY <port>" on stdout once it listens. Usage: python3 moto_launcher.py [port] (0 = any free port).
"""
import json
import sys
import threading
from datetime import datetime, timezone

from moto.ec2.models.instances import Instance
from moto.moto_server.werkzeug_app import DomainDispatcherApplication, create_backend_app
from werkzeug.serving import make_server
from werkzeug.wrappers import Request, Response

_lock = threading.Lock()
_events = {}    # (account, region, instance_id) -> [event dict]
_statuses = {}  # (account, region, instance_id) -> {"system": str, "instance": str}


def _key_of(instance):
    return (instance.ec2_backend.account_id, instance.ec2_backend.region_name, instance.id)


def _parse_time(value):
    if value is None:
        return None
    return datetime.fromisoformat(value.replace("Z", "+00:00")).astimezone(timezone.utc)


def _events_property(self):
    with _lock:
        events = list(_events.get(_key_of(self), []))
    out = []
    for i, ev in enumerate(events):
        item = {
            "InstanceEventId": ev.get("InstanceEventId", "instance-event-%s-%d" % (self.id[2:], i)),
            "Code": ev["Code"],
            "Description": ev.get("Description", "The instance is scheduled for %s" % ev["Code"]),
            "NotBefore": _parse_time(ev.get("NotBefore")),
        }
        for opt in ("NotAfter", "NotBeforeDeadline"):
            if ev.get(opt):
                item[opt] = _parse_time(ev[opt])
        out.append(item)
    return out


_original_instance_status = Instance.instance_status.fget
_original_system_status = Instance.system_status.fget


def _status(kind, original):
    def prop(self):
        with _lock:
            override = _statuses.get(_key_of(self), {}).get(kind)
        if override is None or self.state_code != 16:
            return original(self)
        detail = "passed" if override == "ok" else ("failed" if override == "impaired" else override)
        return {"Status": override, "Details": [{"Name": "reachability", "Status": detail}]}

    return property(prop)


Instance.events = property(_events_property)
Instance.instance_status = _status("instance", _original_instance_status)
Instance.system_status = _status("system", _original_system_status)


_STOP_EVENT_CODES = ("instance-stop", "instance-retirement")
_stop_before_completing = Instance.stop


def _stop_completes_events(self):
    with _lock:
        for ev in _events.get(_key_of(self), []):
            text = ev.get("Description") or "The instance is scheduled for %s" % ev["Code"]
            if ev["Code"] in _STOP_EVENT_CODES and not text.startswith("[Completed]"):
                ev["Description"] = "[Completed] " + text
    return _stop_before_completing(self)


Instance.stop = _stop_completes_events


class Control:
    def __init__(self, app):
        self.app = app

    def __call__(self, environ, start_response):
        path = environ.get("PATH_INFO", "")
        if not path.startswith("/_ec2bot/"):
            return self.app(environ, start_response)
        request = Request(environ)
        try:
            body = request.get_json(silent=True) or {}
            key = (body.get("account"), body.get("region"), body.get("instance_id"))
            with _lock:
                if path == "/_ec2bot/events":
                    _events[key] = body.get("events", [])
                elif path == "/_ec2bot/status":
                    _statuses[key] = {"system": body.get("system"), "instance": body.get("instance")}
                elif path == "/_ec2bot/reset":
                    _events.clear()
                    _statuses.clear()
                elif path != "/_ec2bot/ping":
                    return Response("unknown control path", status=404)(environ, start_response)
            return Response(json.dumps({"ok": True}), mimetype="application/json")(environ, start_response)
        except Exception as exc:  # a bad test request: say why
            return Response(json.dumps({"error": str(exc)}), status=400)(environ, start_response)


def main():
    port = int(sys.argv[1]) if len(sys.argv) > 1 else 0
    app = Control(DomainDispatcherApplication(create_backend_app))
    server = make_server("127.0.0.1", port, app, threaded=True)
    print("READY %d" % server.server_address[1], flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
