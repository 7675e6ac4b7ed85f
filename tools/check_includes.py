#!/usr/bin/env python3
"""Fails on an #include edge between modules that the layering forbids.

The table is STYLE.md §7.3 / ARCHITECTURE.md's layers: platform (core, net) at
the bottom, then storage, then the server's domain/service modules, then api,
then app and cli on top. A module may include itself and what is listed.
"""
import pathlib
import re
import sys

ALLOWED = {
    "core": set(),
    "net": {"core"},
    "storage": {"core"},
    "storage/sqlite": {"storage", "core"},
    "storage/postgres": {"storage", "core"},
    "server/audit": {"core", "storage", "server/accounts"},  # principal.h names the actor
    "server/accounts": {"core", "storage", "server/audit"},
    "server/cmdb": {"core", "storage", "server/accounts", "server/audit"},
    "server/notify": {"core", "storage", "server/accounts", "server/audit"},
    "server/mail": {"core"},
    "server/monitoring": {"core", "storage", "server/accounts", "server/audit", "server/cmdb",
                          "server/notify"},
    # The agent's scans become update records (issue 14).
    "server/agentlink": {"core", "net", "proto", "storage", "server/accounts", "server/audit",
                         "server/cmdb", "server/monitoring", "server/patching"},
    # The desk logs time in billing's work types, and (issue 13) takes its
    # SLA clocks from the customer's contract: the service desk sits above billing.
    "server/servicedesk": {"core", "storage", "server/accounts", "server/audit", "server/notify",
                           "server/monitoring", "server/mail", "server/cmdb", "server/billing"},
    # Contracts and billing (issue 13): devices from the CMDB, invoices by mail.
    "server/billing": {"core", "storage", "server/accounts", "server/audit", "server/cmdb",
                       "server/notify"},
    # Patch management (issue 14): patch deadlines count business days on the desk's calendars.
    "server/patching": {"core", "storage", "server/accounts", "server/audit",
                        "server/servicedesk"},
    # Change management (issue 14 item 4): change windows from patching; the
    # ticket that raised a change follows it.
    "server/change": {"core", "storage", "server/accounts", "server/audit", "server/patching",
                      "server/servicedesk"},
    # Patch deployments (issue 14 item 7): a change's approved updates go out
    # in the devices' windows (patching) as the agent's signed actions.
    # A device rebooting after its updates is put in maintenance and raises
    # an alert when it is not back (monitoring).
    "server/deploy": {"core", "storage", "proto", "server/accounts", "server/audit",
                      "server/patching", "server/change", "server/agentlink",
                      "server/monitoring"},
    "server/api": {"core", "net", "proto", "storage", "server/accounts", "server/audit",
                   "server/cmdb", "server/monitoring", "server/agentlink", "server/servicedesk",
                   "server/notify", "server/billing", "server/patching", "server/change",
                   "server/deploy"},
    "server/app": {"core", "net", "storage", "storage/sqlite", "storage/postgres", "server/accounts",
                   "server/audit", "server/cmdb", "server/api", "server/monitoring",
                   "server/notify", "server/agentlink", "server/servicedesk", "proto",
                   "server/mail", "server/billing", "server/patching", "server/change",
                   "server/deploy"},
    "cli": {"core", "net", "storage", "server/accounts", "server/app", "server/notify"},
    "proto": {"core"},
    "agent/platform": {"core"},
    "agent/collectors": {"core", "agent/platform"},
    # The package installer asks reboot_hints.h which updates suggest a reboot.
    "agent/exec": {"core", "net", "proto", "agent/platform", "agent/collectors"},
    "agent/link": {"core", "net", "proto", "agent/platform"},
    "agent/app": {"core", "net", "proto", "agent/platform", "agent/collectors", "agent/exec",
                  "agent/link"},
    "agent": {"core", "net", "proto", "agent/app", "agent/link", "agent/collectors",
              "agent/platform"},  # agent/main.cc
    "testing": None,  # test helpers may use anything
}
# Single files with a documented extra edge.
FILE_EXCEPTIONS = {
    "storage/open_database.cc": {"storage/sqlite", "storage/postgres"},
}
INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"', re.M)
ANY_INCLUDE = re.compile(r'^\s*#\s*include\s+([<"])([^">]+)[">]', re.M)
# The typed core (issue 12): a module's model/ (plain values) and rules/
# (pure decisions) know nothing of storage or the wire format, tests included,
# so they can be read, tested and reused without a database or JSON. They
# include core/ (but not its JSON), other model/ and rules/ headers, and
# system headers; nothing else of ours.
PURE_DIRS = ("/model/", "/rules/")
NEVER_IN_PURE = ("storage/", "core/json.h", "nlohmann/")


def pure_include_ok(quote, inc):
    if inc.startswith(NEVER_IN_PURE):
        return False
    if quote == "<" or inc.startswith("core/"):
        return True  # a system or library header, or the platform's core
    return any(d in "/" + inc for d in PURE_DIRS)


def module_of(rel):
    parts = rel.split("/")
    for n in (2, 1):
        key = "/".join(parts[:n])
        if key in ALLOWED and len(parts) > n:
            return key
    return None


def main(root):
    root = pathlib.Path(root)
    problems = []
    for path in sorted(root.rglob("*")):
        if path.suffix not in (".cc", ".h"):
            continue
        rel = path.relative_to(root).as_posix()
        mod = module_of(rel)
        if mod is None:
            if rel.count("/") > 0:
                problems.append("%s: not in any module of the layering table" % rel)
            continue
        if any(d in "/" + rel for d in PURE_DIRS):
            text = path.read_text(encoding="utf-8", errors="replace")
            for quote, inc in ANY_INCLUDE.findall(text):
                if not pure_include_ok(quote, inc):
                    problems.append("%s is pure (model/ or rules/) and may not include %s" %
                                    (rel, inc))
        allowed = ALLOWED[mod]
        if allowed is None or path.name.endswith("_test.cc"):
            continue
        extra = FILE_EXCEPTIONS.get(rel, set())
        for inc in INCLUDE.findall(path.read_text(encoding="utf-8", errors="replace")):
            target = module_of(inc)
            if target is None or target == mod:
                continue
            if target == "testing":
                problems.append("%s includes test-only %s" % (rel, inc))
            elif target not in allowed and target not in extra:
                problems.append("%s (%s) may not include %s (%s)" % (rel, mod, inc, target))
    for p in problems:
        print("check_includes: " + p)
    if problems:
        return 1
    print("check_includes: ok")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "src"))
