"""Just enough QMP (QEMU's machine protocol) for the harness: the greeting,
qmp_capabilities, then one command at a time."""
import json
import socket
import time


class Qmp:
    def __init__(self, path, deadline):
        while True:
            try:
                self.sock = socket.socket(socket.AF_UNIX)
                self.sock.connect(path)
                break
            except OSError:
                self.sock.close()
                if time.time() > deadline:
                    raise
                time.sleep(0.2)
        self.sock.settimeout(30)
        self.buf = b''
        self.reply()
        self.cmd('qmp_capabilities')

    def reply(self):
        """The next line that is no event."""
        while True:
            while b'\n' not in self.buf:
                chunk = self.sock.recv(65536)
                if not chunk:
                    raise OSError('QMP closed')
                self.buf += chunk
            line, self.buf = self.buf.split(b'\n', 1)
            msg = json.loads(line)
            if 'event' not in msg:
                return msg

    def cmd(self, name, **args):
        self.sock.sendall(json.dumps({'execute': name, 'arguments': args}).encode() + b'\n')
        msg = self.reply()
        if 'error' in msg:
            raise OSError('QMP %s: %s' % (name, msg['error']))
        return msg.get('return')
