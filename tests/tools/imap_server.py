#!/usr/bin/python3
"""A real IMAP server for tests: Dovecot (Debian's dovecot-imapd), no system service.

    imap_server.py PORT DIR USER PASSWORD [--tls CERT KEY]

Writes DIR/dovecot.conf (a passwd-file with one user, maildir under DIR/mail,
plain-text login allowed, no TLS, everything under DIR) and runs
`dovecot -F -c DIR/dovecot.conf` in the foreground as the current user, on
127.0.0.1:PORT. Prints "ready" once the port accepts connections; runs until
killed (SIGTERM stops Dovecot too). The maildir is DIR/mail/USER (new/, cur/).
With --tls, the listener offers STARTTLS with that PEM certificate and key and
refuses to log in without it.
"""
import grp
import os
import pwd
import signal
import socket
import subprocess
import sys
import time


def main():
    port, directory, user, password = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]
    tls = None
    if len(sys.argv) == 8 and sys.argv[5] == "--tls":
        tls = (os.path.abspath(sys.argv[6]), os.path.abspath(sys.argv[7]))
    directory = os.path.abspath(directory)
    uid, gid = os.getuid(), os.getgid()
    if uid == 0:
        # Dovecot refuses to run its login and mail processes as root: use its
        # own unprivileged account (created by the package) for everything.
        uid, gid = pwd.getpwnam("dovecot").pw_uid, grp.getgrnam("dovecot").gr_gid
    me = pwd.getpwuid(uid).pw_name
    group = grp.getgrgid(gid).gr_name
    for sub in ("run", "state", "mail"):
        os.makedirs(os.path.join(directory, sub), exist_ok=True)
    if os.getuid() == 0:
        for sub in ("", "state", "mail"):
            os.chown(os.path.join(directory, sub), uid, gid)
    with open(os.path.join(directory, "users"), "w") as f:
        f.write(f"{user}:{{PLAIN}}{password}:{uid}:{gid}::"
                f"{directory}/mail/{user}\n")
    if tls:
        ssl = f"ssl = required\nssl_cert = <{tls[0]}\nssl_key = <{tls[1]}\ndisable_plaintext_auth = yes"
    else:
        ssl = "ssl = no\ndisable_plaintext_auth = no"
    conf = f"""
protocols = imap
listen = 127.0.0.1
base_dir = {directory}/run
state_dir = {directory}/state
instance_name = steward-test-{port}
log_path = {directory}/dovecot.log
{ssl}
auth_mechanisms = plain login
default_internal_user = {me}
default_internal_group = {group}
default_login_user = {me}
mail_location = maildir:~/Maildir
mail_uid = {uid}
mail_gid = {gid}
first_valid_uid = 0
first_valid_gid = 0
passdb {{
  driver = passwd-file
  args = {directory}/users
}}
userdb {{
  driver = passwd-file
  args = {directory}/users
}}
service imap-login {{
  inet_listener imap {{
    address = 127.0.0.1
    port = {port}
  }}
  inet_listener imaps {{
    port = 0
  }}
  chroot =
  user = {me}
}}
service anvil {{
  chroot =
  user = {me}
}}
service auth {{
  user = {me}
}}
service auth-worker {{
  user = {me}
}}
service stats {{
  user = {me}
}}
service imap {{
  user = {me}
}}
"""
    path = os.path.join(directory, "dovecot.conf")
    with open(path, "w") as f:
        f.write(conf)
    proc = subprocess.Popen(["/usr/sbin/dovecot", "-F", "-c", path])

    def stop(*_):
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
        sys.exit(0)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    deadline = time.time() + 20
    while time.time() < deadline:
        if proc.poll() is not None:
            sys.stderr.write("dovecot exited\n")
            try:
                sys.stderr.write(open(os.path.join(directory, "dovecot.log")).read())
            except OSError:
                pass
            sys.exit(1)
        try:
            with socket.create_connection(("127.0.0.1", int(port)), 0.5) as s:
                s.recv(100)
            break
        except OSError:
            time.sleep(0.1)
    print("ready", flush=True)
    while True:
        signal.pause()


if __name__ == "__main__":
    main()
