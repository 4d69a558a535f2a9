"""Runs a command on a pseudo-terminal, as a person at a terminal would: waits for
a prompt, types what it is told (\\x03 is Ctrl-C, \\x04 is Ctrl-D; SIGTERM sends that
signal instead, as a cancelled CI job or `kill` does), and reports what the terminal
showed and the exit code, as JSON on stdout.

    python3 terminal.py '<what to wait for>' '<keys to type>' command args...
"""
import json
import os
import pty
import select
import signal
import sys
import time

wait_for, keys, command = sys.argv[1], sys.argv[2], sys.argv[3:]
pid, fd = pty.fork()
if pid == 0:
    os.execvp(command[0], command)

shown = b''
typed = False
deadline = time.time() + 60
while time.time() < deadline:
    ready, _, _ = select.select([fd], [], [], 0.1)
    if ready:
        try:
            chunk = os.read(fd, 65536)
        except OSError:
            break
        if not chunk:
            break
        shown += chunk
    if not typed and wait_for.encode() in shown:
        time.sleep(0.2)
        if keys == 'SIGTERM':
            os.kill(pid, signal.SIGTERM)
        else:
            os.write(fd, keys.encode().decode('unicode_escape').encode())
        typed = True
_, status = os.waitpid(pid, 0)
print(json.dumps({'code': os.waitstatus_to_exitcode(status), 'shown': shown.decode('utf-8', 'replace')}))
