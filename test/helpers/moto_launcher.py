"""moto_server with the parts moto lacks (docs/architecture.md §7), for tests, benchmarks and the demo.

Adds, through a small control API under /_ec2bot/ on the same port:
  POST /_ec2bot/events   {"account","region","instance_id","events":[{Code, Description, NotBefore, NotAfter?, NotBeforeDeadline?, InstanceEventId?}]}
        -> DescribeInstanceStatus returns these as the instance's Events (moto never returns Events),
           and its Filters event.code matches their codes (moto lacks the filter)
  POST /_ec2bot/status   {"account","region","instance_id","system":"impaired","instance":"ok","ebs":"impaired"}
        -> overrides SystemStatus / InstanceStatus / AttachedEbsStatus (statuses: ok, impaired,
           insufficient-data, initializing). moto has no AttachedEbsStatus: running instances report "ok".
  POST /_ec2bot/instance {"account","region","instance_id","root_device_type"?,"reboot_migration"?,"auto_recovery"?}
        -> RootDeviceType (e.g. "instance-store") and MaintenanceOptions in DescribeInstances. moto has no
           MaintenanceOptions: like AWS, a type that supports them reports "default" (AutoRecoverySupported,
           RebootMigrationSupport from moto's own instance-type table); the body overrides ("disabled").
  POST /_ec2bot/volume-status {"account","region","volume_id" or "instance_id","status","io_enabled"?,"events"?,"actions"?}
        -> what DescribeVolumeStatus (which moto lacks) answers for the volume (or the instance's volumes):
           status ok|warning|impaired|insufficient-data, io-enabled passed|failed, event descriptions
           ("Awaiting Action: Enable IO") and action codes ("enable-volume-io"). Unset volumes answer ok.
  POST /_ec2bot/console  {"account","region","instance_id","output"}
        -> GetConsoleOutput returns this text (base64-encoded, as EC2 does) instead of moto's sample
  POST /_ec2bot/snapshot {"account","region","snapshot_id","start_time"?,"owner_id"?,"in_use_by"?}
        -> sets a snapshot's StartTime (moto stamps "now"), its OwnerId, or links it to an AMI id so
           moto's own DeleteSnapshot answers InvalidSnapshot.InUse (RegisterImage ignores the
           snapshot named in BlockDeviceMappings; moto links only the snapshot it creates itself)
  POST /_ec2bot/ena      {"account","region","instance_id","enabled": true}
        -> DescribeInstanceAttribute(enaSupport) answers this (moto lacks the attribute; default false).
           ModifyInstanceAttribute(EnaSupport) is still never sent to moto: it wipes the security groups.
  POST /_ec2bot/behaviour {"account","region","instance_id","stop"?,"start_error"?,"hibernate"?}
        -> how the instance answers what moto does at once: "stop": "stuck" leaves it in `stopping` after a
           StopInstances without Force (Force=true stops it, as AWS's force stop does); "start_error":
           "InsufficientInstanceCapacity" makes StartInstances fail with that error (null clears it);
           "hibernate": "fails" makes a hibernation fall back to a normal shutdown (StateReason
           Client.UserInitiatedShutdown). Otherwise a StopInstances with Hibernate=true of an instance
           configured for hibernation ends with StateReason Client.UserInitiatedHibernate, as on AWS
           (moto always reports UserInitiatedShutdown).
  POST /_ec2bot/reset    -> clears every injected event, status, console output, ENA, instance and volume setting
  EC2 Action=ModifyInstanceEventStartTime (moto lacks it) -> moves an injected event's NotBefore;
        refuses events without NotBeforeDeadline, times past the deadline or in the past; honours DryRun
  A stop clears the instance's system and instance status overrides (the stop + start host move is what
        fixes those); an attached-EBS override stays: it stands for a volume whose I/O EBS disabled, which
        waits for someone to enable it whatever happens to the instance.
  A stop completes the instance's injected instance-stop / instance-retirement events, as AWS does once
        the instance has left the degraded host: their Description gains the "[Completed]" prefix.
  EC2 instance event windows (moto lacks them): Create/Describe/Modify/Associate/DisassociateInstanceEventWindow,
        kept per account-region, time ranges checked as AWS does (each range >= 2 h, all >= 4 h a week)
  EC2 Action=ModifyInstanceMaintenanceOptions (moto lacks it) -> sets MaintenanceOptions (as /_ec2bot/instance)
  Auto Scaling EnterStandby with decrement below the group's minimum is refused (ValidationError, as AWS
        does; moto allows it), and an instance that entered standby without decrement returns to a group
        that then trims the replacement it launched meanwhile (AWS applies its termination policy)
  Events injected through /_ec2bot/events may also say how AWS plays them (issue 20):
        "AwsActs": true  -> at the event's NotBefore (as moved by ModifyInstanceEventStartTime) the launcher
                            acts as AWS does: instance-stop and EBS-root instance-retirement stop the
                            instance, instance-store-root instance-retirement terminates it, the reboot and
                            maintenance codes leave it running; then the event is completed ("[Completed]")
        "Keep": true     -> ...but the event stays open afterwards (AWS's action did not clear it)
        "ClearedByStop": true -> a stop of the instance completes this event too (a system-reboot or
                            system-maintenance that a stop + start moves off the host, EBS-backed)
  DescribeInstances names the owner of an interface's public IPv4 as AWS does: "amazon" unless it is an
        Elastic IP (moto says the account for both).
  GET  /_ec2bot/ping     -> "ok"
Prints "READY <port>" on stdout once it listens. Usage: python3 moto_launcher.py [port] (0 = any free port);
MOTO_HOST sets the interface (default 127.0.0.1).
"""
import json
import os
import sys
import threading
from datetime import datetime, timezone

from moto.core.responses import ActionResult
from moto.core.utils import utcnow
from moto.ec2.models import ec2_backends
from moto.ec2.models.elastic_network_interfaces import NetworkInterface
from moto.ec2.models.instance_types import INSTANCE_TYPES
from moto.ec2.models.instances import Instance
from moto.ec2.responses.general import General
from moto.ec2.utils import Base64EncodedString
from moto.moto_server.werkzeug_app import DomainDispatcherApplication, create_backend_app
from werkzeug.serving import make_server
from werkzeug.wrappers import Request, Response

_lock = threading.Lock()
_events = {}    # (account, region, instance_id) -> [event dict]
_statuses = {}  # (account, region, instance_id) -> {"system": str, "instance": str}
_consoles = {}  # (account, region, instance_id) -> console text
_ena = {}       # (account, region, instance_id) -> bool
_maintenance = {}  # (account, region, instance_id) -> {"AutoRecovery": str, "RebootMigration": str}
_volumes = {}   # (account, region, volume_id) -> injected volume status
_behaviour = {}  # (account, region, instance_id) -> {"stop": "stuck", "start_error": str, "hibernate": "fails"}


def _key_of(instance):
    return (instance.ec2_backend.account_id, instance.ec2_backend.region_name, instance.id)


def _parse_time(value):
    if value is None:
        return None
    if isinstance(value, datetime):  # moto parses timestamp params itself
        return value.astimezone(timezone.utc)
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


def _get_console_output(self):
    instance = self.ec2_backend.get_instance(self._get_param("InstanceId"))
    with _lock:
        text = _consoles.get(_key_of(instance))
    if text is None:
        return _original_console_output(self)
    return ActionResult(
        {"InstanceId": instance.id, "Timestamp": utcnow(), "Output": Base64EncodedString.from_raw_string(text)}
    )


_original_console_output = General.get_console_output
General.get_console_output = _get_console_output


def _ena_property(self):
    with _lock:
        return _ena.get(_key_of(self), False)


_original_stop = Instance.stop


def _stop_clears_status(self):
    with _lock:
        entry = _statuses.get(_key_of(self), {})
        entry.pop("system", None)
        entry.pop("instance", None)
    return _original_stop(self)


def _modify_instance_event_start_time(self):
    from moto.core.responses import ActionResult
    from moto.ec2.exceptions import EC2ClientError

    instance_id = self._get_param("InstanceId")
    event_id = self._get_param("InstanceEventId")
    not_before = _parse_time(self._get_param("NotBefore"))
    instance = self.ec2_backend.get_instance(instance_id)  # raises InvalidInstanceID.NotFound
    key = _key_of(instance)
    index = next((n for n, ev in enumerate(instance.events) if ev["InstanceEventId"] == event_id), None)
    with _lock:
        events = _events.get(key, [])
        if index is None or index >= len(events):
            raise EC2ClientError("InvalidParameterValue", "The event %s does not exist" % event_id)
        event = events[index]
        deadline = _parse_time(event.get("NotBeforeDeadline"))
        if deadline is None:
            raise EC2ClientError("InvalidParameterValue", "This event cannot be rescheduled")
        if not_before is None or not_before > deadline or not_before < datetime.now(timezone.utc):
            raise EC2ClientError("InvalidParameterValue", "NotBefore must be between now and NotBeforeDeadline")
    self.error_on_dryrun()
    with _lock:
        event["NotBefore"] = not_before.isoformat()
    return ActionResult({"Event": instance.events[index]})


def _attached_ebs_status(self):
    if self.state_code != 16:
        return {"Status": "not-applicable"}
    with _lock:
        status = _statuses.get(_key_of(self), {}).get("ebs") or "ok"
    detail = "passed" if status == "ok" else ("failed" if status == "impaired" else status)
    return {"Status": status, "Details": [{"Name": "reachability", "Status": detail}]}


def _maintenance_options(self):
    facts = INSTANCE_TYPES.get(self.instance_type, {})
    out = {}
    if facts.get("AutoRecoverySupported"):
        out["AutoRecovery"] = "default"
    if facts.get("RebootMigrationSupport") == "supported":
        out["RebootMigration"] = "default"
    with _lock:
        out.update(_maintenance.get(_key_of(self), {}))
    return out or None


def _volume_status_item(backend, volume):
    with _lock:
        inj = dict(_volumes.get((backend.account_id, backend.region_name, volume.id), {}))
    status = inj.get("status", "ok")
    io_enabled = inj.get("io_enabled", "failed" if "enable-volume-io" in inj.get("actions", []) else "passed")
    event_id = "evol-%s" % volume.id[4:]
    item = {
        "VolumeId": volume.id,
        "AvailabilityZone": getattr(volume.zone, "name", volume.zone),
        "VolumeStatus": {"Status": status, "Details": [{"Name": "io-enabled", "Status": io_enabled}]},
        "Events": [
            {"EventId": event_id, "EventType": "potential-data-inconsistency", "Description": d}
            for d in inj.get("events", [])
        ],
        "Actions": [
            {"Code": c, "EventId": event_id, "EventType": "potential-data-inconsistency", "Description": c}
            for c in inj.get("actions", [])
        ],
    }
    return item


def _describe_volume_status(self):
    wanted = set(self._get_param("VolumeIds", []) or [])
    wanted |= set(self._filters_from_querystring().get("volume-id", []))
    backend = self.ec2_backend
    items = [
        _volume_status_item(backend, v) for v in backend.volumes.values() if not wanted or v.id in wanted
    ]
    return ActionResult({"VolumeStatuses": items})


def _stop_instances(self):
    from moto.ec2.exceptions import OperationDisableApiStopNotPermitted
    from moto.ec2.models.instances import StateReason

    instance_ids = self._get_param("InstanceIds", [])
    force = str(self._get_param("Force", "false")).lower() == "true"
    hibernate = str(self._get_param("Hibernate", "false")).lower() == "true"
    self.error_on_dryrun()
    out = []
    for instance in self.ec2_backend.get_multi_instances_by_id(instance_ids):
        if instance.disable_api_stop is True:
            raise OperationDisableApiStopNotPermitted(instance.id)
        with _lock:
            how = dict(_behaviour.get(_key_of(instance), {}))
        previous = {"Code": instance.state_code, "Name": instance.state}
        if how.get("stop") == "stuck" and not force:
            instance._state.name = "stopping"
            instance._state.code = 64
        else:
            instance.stop()
            configured = (instance.hibernation_options or {}).get("Configured") in (True, "true", "True")
            if hibernate and configured and how.get("hibernate") != "fails":
                instance.state_reason = StateReason(
                    "Client.UserInitiatedHibernate: User initiated hibernate", "Client.UserInitiatedHibernate"
                )
        out.append(
            {"InstanceId": instance.id, "CurrentState": {"Code": 64, "Name": "stopping"}, "PreviousState": previous}
        )
    return ActionResult({"StoppingInstances": out})


_original_start_instances = None


def _start_instances(self):
    from moto.ec2.exceptions import EC2ClientError

    for instance in self.ec2_backend.get_multi_instances_by_id(self._get_param("InstanceIds", [])):
        with _lock:
            error = _behaviour.get(_key_of(instance), {}).get("start_error")
        if error and not self._get_param("DryRun"):
            raise EC2ClientError(
                error,
                "We currently do not have sufficient %s capacity in the Availability Zone you requested."
                % instance.instance_type,
            )
    return _original_start_instances(self)


def _patch_ec2_response():
    global _original_start_instances
    from moto.ec2.responses import EC2Response

    EC2Response.modify_instance_event_start_time = _modify_instance_event_start_time
    EC2Response.describe_volume_status = _describe_volume_status
    EC2Response.stop_instances = _stop_instances
    _original_start_instances = EC2Response.start_instances
    EC2Response.start_instances = _start_instances


_original_get_filter_value = Instance.get_filter_value


def _get_filter_value(self, filter_name, method_name=None):
    # DescribeInstanceStatus Filters=event.code (moto lacks it): the codes of the injected events.
    if filter_name == "event.code":
        return [e["Code"] for e in _events_property(self)]
    return _original_get_filter_value(self, filter_name, method_name)


Instance.get_filter_value = _get_filter_value


_original_association = NetworkInterface.association.fget


def _association(self):
    # AWS names the owner of an interface's public IPv4: "amazon" for an address from Amazon's pool, the
    # account for an Elastic IP. moto says the account for both; an address with no Elastic IP is Amazon's.
    association = _original_association(self)
    if association and "allocationId" not in association:
        association["ipOwnerId"] = "amazon"
    return association


NetworkInterface.association = property(_association)
Instance.get_filter_value = _get_filter_value
Instance.stop = _stop_clears_status
_patch_ec2_response()
Instance.events = property(_events_property)
Instance.ena_support = property(_ena_property)
Instance.VALID_ATTRIBUTES = set(Instance.VALID_ATTRIBUTES) | {"enaSupport"}
Instance.instance_status = _status("instance", _original_instance_status)
Instance.attached_ebs_status = property(_attached_ebs_status)
Instance.maintenance_options = property(_maintenance_options)
Instance.system_status = _status("system", _original_system_status)


def _patch_snapshot(body):
    backend = ec2_backends[body["account"]][body["region"]]
    snapshot = backend.snapshots[body["snapshot_id"]]
    if body.get("start_time"):
        snapshot.start_time = _parse_time(body["start_time"]).replace(tzinfo=None)  # moto keeps naive UTC
    if body.get("owner_id"):
        snapshot.owner_id = body["owner_id"]
    if body.get("in_use_by"):
        if body["in_use_by"] not in backend.amis:
            raise ValueError("no image %s in %s/%s" % (body["in_use_by"], body["account"], body["region"]))
        snapshot.from_ami = body["in_use_by"]


def _patch_instance(body, key):
    instance = ec2_backends[body["account"]][body["region"]].get_instance(body["instance_id"])
    if body.get("root_device_type"):
        instance.root_device_type = body["root_device_type"]
    options = {}
    if body.get("auto_recovery"):
        options["AutoRecovery"] = body["auto_recovery"]
    if body.get("reboot_migration"):
        options["RebootMigration"] = body["reboot_migration"]
    _maintenance[key] = {**_maintenance.get(key, {}), **options}


def _inject_volume_status(body):
    backend = ec2_backends[body["account"]][body["region"]]
    ids = [body["volume_id"]] if body.get("volume_id") else []
    if body.get("instance_id"):
        instance = backend.get_instance(body["instance_id"])
        ids += [d.volume_id for d in instance.block_device_mapping.values() if getattr(d, "volume_id", None)]
    if not ids:
        raise ValueError("name a volume_id or an instance_id with EBS volumes")
    fields = {k: body[k] for k in ("status", "io_enabled", "events", "actions") if k in body}
    for volume_id in ids:
        _volumes[(body["account"], body["region"], volume_id)] = fields


_STOP_EVENT_CODES = ("instance-stop", "instance-retirement")
_stop_before_completing = Instance.stop


def _complete(ev):
    text = ev.get("Description") or "The instance is scheduled for %s" % ev["Code"]
    if not text.startswith("[Completed]"):
        ev["Description"] = "[Completed] " + text


def _stop_completes_events(self):
    with _lock:
        for ev in _events.get(_key_of(self), []):
            if (ev["Code"] in _STOP_EVENT_CODES or ev.get("ClearedByStop")) and not ev.get("Keep"):
                _complete(ev)
    return _stop_before_completing(self)


def _aws_acts(key, ev):
    """AWS's own action at the event's NotBefore (caller holds no lock; it takes it for the event)."""
    account, region, instance_id = key
    backend = ec2_backends[account][region]
    instance = backend.get_instance(instance_id)
    code = ev["Code"]
    if code in _STOP_EVENT_CODES and instance.root_device_type == "instance-store":
        backend.terminate_instances([instance_id])
    elif code in _STOP_EVENT_CODES and instance.state_code == 16:
        _stop_before_completing(instance)  # AWS's stop: the bot's stop wrapper (status, completion) aside
    with _lock:
        if not ev.get("Keep"):
            _complete(ev)


def _aws_clock():
    """Plays AWS: every event injected with AwsActs is acted on once its NotBefore has passed."""
    import time

    while True:
        time.sleep(0.2)
        now = datetime.now(timezone.utc)
        due = []
        with _lock:
            for key, events in _events.items():
                for ev in events:
                    if ev.get("AwsActs") and not ev.get("_acted") and _parse_time(ev.get("NotBefore")) <= now:
                        ev["_acted"] = True
                        due.append((key, ev))
        for key, ev in due:
            try:
                _aws_acts(key, ev)
            except Exception as exc:  # the instance is gone: nothing for AWS to do
                print("aws clock: %s %s: %s" % (key, ev.get("Code"), exc), file=sys.stderr, flush=True)


Instance.stop = _stop_completes_events


_windows = {}  # (account, region) -> {window id: window dict} (instance event windows, which moto lacks)
_WEEKDAYS = ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"]


def _indexed(query, prefix):
    """Query-protocol list members `<prefix>.N.<field>` (or `<prefix>.N`) as a list, in N order."""
    import re

    found = {}
    pattern = re.compile(r"^%s\.(\d+)(?:\.(\w+))?$" % re.escape(prefix))
    for name, values in query.items():
        m = pattern.match(name)
        if m:
            entry = found.setdefault(int(m.group(1)), {})
            entry[m.group(2) or ""] = values[0]
    return [found[n] for n in sorted(found)]


def _range_hours(r):
    start = _WEEKDAYS.index(r["StartWeekDay"]) * 24 + int(r["StartHour"])
    end = _WEEKDAYS.index(r["EndWeekDay"]) * 24 + int(r["EndHour"])
    return (end - start) % (7 * 24)


def _time_ranges(self):
    from moto.ec2.exceptions import EC2ClientError

    ranges = [
        {"StartWeekDay": r["StartWeekDay"], "StartHour": int(r["StartHour"]),
         "EndWeekDay": r["EndWeekDay"], "EndHour": int(r["EndHour"])}
        for r in _indexed(self.querystring, "TimeRange")
    ]
    # https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/event-windows.html
    if any(_range_hours(r) < 2 for r in ranges) or sum(_range_hours(r) for r in ranges) < 4:
        raise EC2ClientError(
            "InvalidParameterValue", "Each time range must be at least 2 hours and all at least 4 hours"
        )
    return ranges


def _window_store(self):
    return _windows.setdefault((self.ec2_backend.account_id, self.ec2_backend.region_name), {})


def _window_of(self):
    from moto.ec2.exceptions import EC2ClientError

    window = _window_store(self).get(self._get_param("InstanceEventWindowId"))
    if window is None:
        raise EC2ClientError("InvalidInstanceEventWindowId.NotFound", "The event window does not exist")
    return window


def _create_instance_event_window(self):
    import uuid

    ranges = _time_ranges(self)
    self.error_on_dryrun()
    window = {
        "InstanceEventWindowId": "iew-%s" % uuid.uuid4().hex[:17],
        "Name": self._get_param("Name") or "",
        "TimeRanges": ranges,
        "State": "active",
        "AssociationTarget": {"InstanceIds": [], "Tags": [], "DedicatedHostIds": []},
    }
    with _lock:
        _window_store(self)[window["InstanceEventWindowId"]] = window
    return ActionResult({"InstanceEventWindow": window})


def _describe_instance_event_windows(self):
    wanted = set(v[0] for k, v in self.querystring.items() if k.startswith("InstanceEventWindowId."))
    with _lock:
        items = [w for w in _window_store(self).values() if not wanted or w["InstanceEventWindowId"] in wanted]
    return ActionResult({"InstanceEventWindows": items})


def _modify_instance_event_window(self):
    window = _window_of(self)
    ranges = _time_ranges(self)
    self.error_on_dryrun()
    with _lock:
        window["TimeRanges"] = ranges
        if self._get_param("Name"):
            window["Name"] = self._get_param("Name")
    return ActionResult({"InstanceEventWindow": window})


def _association(self, add):
    window = _window_of(self)
    ids = [e[""] for e in _indexed(self.querystring, "AssociationTarget.InstanceId")]
    tags = [{"Key": e["Key"], "Value": e.get("Value", "")} for e in _indexed(self.querystring, "AssociationTarget.InstanceTag")]
    self.error_on_dryrun()
    with _lock:
        target = window["AssociationTarget"]
        if add:
            target["InstanceIds"] += [i for i in ids if i not in target["InstanceIds"]]
            target["Tags"] += [t for t in tags if t not in target["Tags"]]
        else:
            target["InstanceIds"] = [i for i in target["InstanceIds"] if i not in ids]
            target["Tags"] = [t for t in target["Tags"] if t not in tags]
    return ActionResult({"InstanceEventWindow": window})


def _modify_instance_maintenance_options(self):
    instance = self.ec2_backend.get_instance(self._get_param("InstanceId"))
    self.error_on_dryrun()
    options = {k: self._get_param(k) for k in ("AutoRecovery", "RebootMigration") if self._get_param(k)}
    with _lock:
        _maintenance[_key_of(instance)] = {**_maintenance.get(_key_of(instance), {}), **options}
    current = instance.maintenance_options or {}
    return ActionResult({"InstanceId": instance.id, **current})


def _patch_event_windows():
    from moto.ec2.responses import EC2Response

    EC2Response.create_instance_event_window = _create_instance_event_window
    EC2Response.describe_instance_event_windows = _describe_instance_event_windows
    EC2Response.modify_instance_event_window = _modify_instance_event_window
    EC2Response.associate_instance_event_window = lambda self: _association(self, True)
    EC2Response.disassociate_instance_event_window = lambda self: _association(self, False)
    EC2Response.modify_instance_maintenance_options = _modify_instance_maintenance_options


_patch_event_windows()


_standby_kept_capacity = set()  # (account, region, instance_id): entered standby without decrement


def _patch_autoscaling():
    """moto's EnterStandby decrements below the group's minimum and its ExitStandby always grows the group.
    AWS refuses the first ("the desired capacity ... after the instances are placed into standby is equal
    to or greater than the minimum capacity", API_EnterStandby.html), and after an instance that entered
    without decrement returns, the group has one more than it needs and terminates one by its termination
    policy (as-enter-exit-standby.html): here the replacement it launched meanwhile, one of the outcomes
    AWS's policy may pick."""
    from moto.autoscaling.exceptions import ValidationError
    from moto.autoscaling.models import AutoScalingBackend

    enter = AutoScalingBackend.enter_standby_instances
    leave = AutoScalingBackend.exit_standby_instances

    def enter_standby(self, group_name, instance_ids, should_decrement):
        group = self.autoscaling_groups[group_name]
        if should_decrement and (group.desired_capacity or 0) - len(instance_ids) < (group.min_size or 0):
            raise ValidationError(
                "AutoScalingGroup %s has min-size=%d, max-size=%d, and desired-size=%d. To place into standby %d "
                "instances, please update the AutoScalingGroup sizes appropriately."
                % (group_name, group.min_size, group.max_size, group.desired_capacity, len(instance_ids))
            )
        if not should_decrement:
            with _lock:
                _standby_kept_capacity.update((self.account_id, self.region_name, i) for i in instance_ids)
        return enter(self, group_name, instance_ids, should_decrement)

    def exit_standby(self, group_name, instance_ids):
        out = leave(self, group_name, instance_ids)
        group = self.autoscaling_groups[group_name]
        for iid in instance_ids:
            key = (self.account_id, self.region_name, iid)
            with _lock:
                kept = key in _standby_kept_capacity
                _standby_kept_capacity.discard(key)
            others = [s for s in group.instance_states if s.instance.id != iid and s.lifecycle_state == "InService"]
            if not kept or not others:
                continue
            extra = others[-1]
            group.desired_capacity -= 1
            group.instance_states = [s for s in group.instance_states if s is not extra]
            self.ec2_backend.terminate_instances([extra.instance.id])
        return out

    AutoScalingBackend.enter_standby_instances = enter_standby
    AutoScalingBackend.exit_standby_instances = exit_standby


_patch_autoscaling()


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
                    _statuses[key] = {k: body.get(k) for k in ("system", "instance", "ebs")}
                elif path == "/_ec2bot/instance":
                    _patch_instance(body, key)
                elif path == "/_ec2bot/volume-status":
                    _inject_volume_status(body)
                elif path == "/_ec2bot/console":
                    _consoles[key] = body.get("output", "")
                elif path == "/_ec2bot/snapshot":
                    _patch_snapshot(body)
                elif path == "/_ec2bot/behaviour":
                    entry = _behaviour.setdefault(key, {})
                    for k in ("stop", "start_error", "hibernate"):
                        if k in body:
                            entry[k] = body[k]
                elif path == "/_ec2bot/ena":
                    _ena[key] = bool(body.get("enabled"))
                elif path == "/_ec2bot/reset":
                    _events.clear()
                    _statuses.clear()
                    _consoles.clear()
                    _ena.clear()
                    _maintenance.clear()
                    _volumes.clear()
                    _behaviour.clear()
                    _windows.clear()
                    _standby_kept_capacity.clear()
                elif path != "/_ec2bot/ping":
                    return Response("unknown control path", status=404)(environ, start_response)
            return Response(json.dumps({"ok": True}), mimetype="application/json")(environ, start_response)
        except Exception as exc:  # a bad test request: say why
            return Response(json.dumps({"error": str(exc)}), status=400)(environ, start_response)


def exit_with_parent():
    """A killed test run (timeout, Ctrl-C, a crashed jest worker) must not leave moto behind: when the
    process that started us is gone (we are re-parented), exit."""
    import os
    import time

    parent = os.getppid()

    def watch():
        while os.getppid() == parent:
            time.sleep(1)
        os._exit(0)

    threading.Thread(target=watch, daemon=True).start()


def main():
    exit_with_parent()
    threading.Thread(target=_aws_clock, daemon=True).start()
    port = int(sys.argv[1]) if len(sys.argv) > 1 else 0
    app = Control(DomainDispatcherApplication(create_backend_app))
    # MOTO_HOST=0.0.0.0 in the demo's container (docker-compose.yml); tests listen on loopback only.
    server = make_server(os.environ.get("MOTO_HOST", "127.0.0.1"), port, app, threaded=True)
    print("READY %d" % server.server_address[1], flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
