#!/usr/bin/python3
"""A real SMTP server for tests (aiosmtpd, Debian's python3-aiosmtpd).

    smtp_sink.py PORT DIR [--auth USER:PASSWORD]

Listens on 127.0.0.1:PORT and stores every message it accepts as DIR/N.eml
(the raw DATA as received, with an X-Envelope-To header naming the RCPT TO
addresses). With --auth, AUTH PLAIN/LOGIN with that pair is required before
MAIL FROM. Prints "ready" once listening; runs until killed.
"""
import argparse
import os
import signal
import sys
import threading

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword


class Store:
    def __init__(self, directory):
        self.directory = directory
        self.count = 0
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            self.count += 1
            n = self.count
        path = os.path.join(self.directory, f"{n}.eml")
        with open(path + ".tmp", "wb") as f:
            f.write(b"X-Envelope-To: " + ",".join(envelope.rcpt_tos).encode() + b"\r\n")
            f.write(envelope.original_content or envelope.content)
        os.rename(path + ".tmp", path)
        return "250 OK stored"


def main():
    p = argparse.ArgumentParser()
    p.add_argument("port", type=int)
    p.add_argument("directory")
    p.add_argument("--auth")
    a = p.parse_args()
    os.makedirs(a.directory, exist_ok=True)
    kwargs = {}
    if a.auth:
        user, password = a.auth.split(":", 1)

        def authenticator(server, session, envelope, mechanism, auth_data):
            ok = (isinstance(auth_data, LoginPassword) and auth_data.login.decode() == user
                  and auth_data.password.decode() == password)
            return AuthResult(success=ok, handled=False)

        kwargs = {"authenticator": authenticator, "auth_required": True,
                  "auth_require_tls": False}
    controller = Controller(Store(a.directory), hostname="127.0.0.1", port=a.port,
                            server_kwargs=kwargs)
    controller.start()
    print("ready", flush=True)
    signal.sigwait({signal.SIGTERM, signal.SIGINT})
    controller.stop()


if __name__ == "__main__":
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGTERM, signal.SIGINT})
    sys.exit(main())
