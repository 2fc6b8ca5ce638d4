"""The screen of a machine without a serial port (docs/screen.md), read back from QEMU.

A test with screen=True boots with `-serial none` (tools/qemu-run.sh --no-serial) and
on_exit=halt, so QEMU keeps running after the verdict, as a real machine would. Through QMP
the harness saves the VGA text memory (pmemsave of 0xB8000) once a second until the screen
shows a top-level KTAP result (or LOG has ev=exit), waits a little for the last lines, saves
it once more to LOG.vga (and QEMU's picture of it to LOG.ppm), writes its rows as text to
LOG.screen and quits QEMU. With no serial port LOG holds what the image writes to port 0xE9:
nothing unless the test adds console=e9. The checks read LOG.vga: characters and colours.
"""
import json
import os
import re
import socket
import subprocess
import time

from record import HASWELL, NAMES, Test

VGA_TEXT, COLS, ROWS = 0xb8000, 80, 25
POLL, GRACE = 1.0, 2.0
RESULT = re.compile(r'^(not )?ok 1 \S+')
# A wide cell of the panel: the APIC ID in hex, then the CPU's last step (console/panel.c).
CELL = re.compile(r'\b([0-9a-f]{2,8}) (%s)\b' % '|'.join(
    re.escape(s) for s in sorted(NAMES.steps + ['bsp'], key=len, reverse=True)))
RED, GREEN, CYAN = 4, 2, 3


class Qmp:
    """Just enough QMP: the greeting, qmp_capabilities, then one command at a time."""

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


def save_screen(qmp, path):
    qmp.cmd('pmemsave', val=VGA_TEXT, size=COLS * ROWS * 2, filename=os.path.abspath(path))
    with open(path, 'rb') as f:
        return f.read()


def rows(raw):
    return [bytes(raw[r * COLS * 2:(r + 1) * COLS * 2:2]).decode('ascii', 'replace')
            for r in range(ROWS)]


def attrs(raw):
    return [list(raw[r * COLS * 2 + 1:(r + 1) * COLS * 2:2]) for r in range(ROWS)]


def e9_done(log):
    try:
        with open(log, errors='replace') as f:
            return '# ev=exit ' in f.read()
    except OSError:
        return False


def verdict_of(raw, log):
    """pass or fail from the screen's top-level result; else from LOG (port 0xE9's text); else
    none."""
    for row in rows(raw):
        m = RESULT.match(row)
        if m:
            return 'fail' if m.group(1) else 'pass'
    try:
        with open(log, errors='replace') as f:
            m = re.search(r'^# ev=exit result=(pass|fail)', f.read(), re.M)
        return m.group(1) if m else 'none'
    except OSError:
        return 'none'


def boot_screen(root, build, t, log):
    """Runs t as the module says; returns (log, verdict, error, the screen's rows as text)."""
    sock = log + '.qmp'
    extra = list(t.args) if '--' in t.args else list(t.args) + ['--']
    cmd = [os.path.join(root, 'tools/qemu-run.sh'), '--iso', os.path.join(build, 'smpscope.iso'),
           '--no-serial', '--smp', t.smp, '--log', log, '--timeout', str(t.timeout),
           '--knobs', t.knobs] + [a.replace('{log}', log) for a in extra] + \
        ['-qmp', 'unix:%s,server=on,wait=off' % sock]
    for stale in (sock, log + '.vga', log + '.ppm', log + '.screen'):
        if os.path.exists(stale):
            os.unlink(stale)
    start = time.time()
    deadline = start + t.timeout
    proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True)
    raw, err = b'', ''
    try:
        qmp = Qmp(sock, start + 30)
        while time.time() < deadline and proc.poll() is None:
            raw = save_screen(qmp, log + '.vga')
            if verdict_of(raw, log) != 'none' or e9_done(log):
                time.sleep(GRACE)
                raw = save_screen(qmp, log + '.vga')
                # The picture a user would photograph, for whoever reads a failure.
                qmp.cmd('screendump', filename=os.path.abspath(log + '.ppm'))
                break
            time.sleep(POLL)
        else:
            err = 'no verdict on the screen within %ds' % t.timeout
        qmp.cmd('quit')
    except (OSError, ValueError) as e:
        err = err or 'QMP: %s' % e
    try:
        out, _ = proc.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        proc.kill()
        out, _ = proc.communicate()
    text = '\n'.join(rows(raw)) + '\n' if raw else ''
    with open(log + '.screen', 'w') as f:
        f.write(text)
    if not raw:
        err = err or 'the screen was never read: %s' % out.strip()[-200:]
    return log, verdict_of(raw, log) if raw else 'none', err, text


# ---- checks, on LOG.vga ----

def screen(log):
    with open(log.path + '.vga', 'rb') as f:
        raw = f.read()
    return rows(raw), attrs(raw)


def panel_rows(text):
    """The numbers of the panel's rows: after its title ("CPUs 28: ..."), while they hold cells."""
    title = [r for r, row in enumerate(text) if row.startswith('CPUs ')]
    out = []
    for r in range(title[0] + 1 if title else len(text), len(text)):
        if not CELL.search(text[r]):
            break
        out.append(r)
    return out


def panel_cells(n, online=None):
    """The panel shows n cells, each with its APIC ID once; with online, that many in green."""
    def check(log):
        text, colours = screen(log)
        ids, green = {}, 0
        for r in panel_rows(text):
            for m in CELL.finditer(text[r]):
                ids[m.group(1)] = ids.get(m.group(1), 0) + 1
                green += colours[r][m.start()] >> 4 == GREEN
        bad = [] if len(ids) == n and all(v == 1 for v in ids.values()) else \
            ['%d panel cells with distinct APIC IDs, expected %d: %s' % (len(ids), n, ids)]
        if online is not None and green != online:
            bad.append('%d cells in green (online), expected %d' % (green, online))
        return bad
    return check


def cell_failed(apic, step):
    """The cell of that APIC ID shows the step, in red."""
    def check(log):
        text, colours = screen(log)
        for r in panel_rows(text):
            for m in CELL.finditer(text[r]):
                if m.group(1) == apic:
                    if m.group(2) != step or colours[r][m.start()] >> 4 != RED:
                        return ['cell %s: %r in colour %#x, expected %s in red' %
                                (apic, m.group(0), colours[r][m.start()], step)]
                    return []
        return ['no cell for APIC ID %s' % apic]
    return check


def one_line(*words):
    """Some row holds every word: the CPU and its step on one line."""
    def check(log):
        text, _ = screen(log)
        if any(all(re.search(r'(?<![\w.])%s(?![\w.])' % re.escape(w), row) for w in words)
               for row in text):
            return []
        return ['no row names %s together:\n%s' % (', '.join(words), '\n'.join(text))]
    return check


def shows(pattern, where='row'):
    """A row matches pattern (a regex matched at the row's start)."""
    def check(log):
        text, _ = screen(log)
        if any(re.match(pattern, row) for row in text):
            return []
        return ['no %s matches %r:\n%s' % (where, pattern, '\n'.join(text))]
    return check


def no_panel(log):
    text, _ = screen(log)
    bad = [r for r in text if r.startswith('CPUs ') or r.startswith('smpscope ')]
    return ['a panel or header row on a screen without a panel: %r' % bad[0]] if bad else []


def untouched(log):
    """screen=off: nothing of the image's on the screen (the log reached port 0xE9, LOG, instead)."""
    text, _ = screen(log)
    bad = [r for r in text if '# ev=' in r or 'KTAP' in r or RESULT.match(r)]
    if bad:
        return ['screen=off, yet the screen shows %r' % bad[0]]
    return [] if e9_done(log.path) else ['LOG (port 0xE9) has no ev=exit: the run did not end']


def late_on_screen(log):
    """The retry reason (record.py's retry_if) read off the screen: a CPU that came up after
    its timeout, or diagnosis lines the screen had no room for (which may be such CPUs)."""
    try:
        text, _ = screen(log)
    except OSError:
        return None
    if any('came up after its timeout' in r or re.match(r'and \d+ more: ', r) for r in text):
        return 'a CPU came up after its timeout: the host ran the guest too slowly'
    return None


STOP = 'case=serial fault=stop:longmode@0x5 timeout_ms=500 on_exit=halt'

SCREEN_TESTS = [
    # The machine of issue 13: no serial port, 28 CPUs, one stopped at longmode. The panel,
    # the CPU and its step on one line, and the failing verdict are on the last screen.
    Test('screen-vga-stop-longmode', 'iso', HASWELL, knobs=STOP, verdict='fail', timeout=240,
         screen=True, retry_if=late_on_screen,
         checks=[panel_cells(28, online=26), cell_failed('05', 'longmode'),
                 one_line('CPU 5', 'APIC 0x5', 'longmode'), shows(r'not ok 1 serial\b'),
                 shows(r'smpscope serial \| case=serial fault=stop:longmode@0x5 ')]),
    Test('screen-vga-pass', 'iso', HASWELL, knobs='case=serial on_exit=halt', timeout=240,
         screen=True, retry_if=late_on_screen,
         checks=[panel_cells(28, online=27), shows(r'ok 1 serial\b'),
                 shows(r'diagnosis: no CPU has failed')]),
    # screen=log: the plain mirror, every line of the log, no panel; it ends with the verdict.
    Test('screen-vga-log', 'iso', '4', knobs='case=serial screen=log on_exit=halt', timeout=180,
         screen=True, checks=[no_panel, shows(r'# ev=exit result=pass'), shows(r'ok 1 serial')]),
    # screen=off: the screen is left as the loader left it; the log goes to port 0xE9 only.
    Test('screen-vga-off', 'iso', '2',
         knobs='case=probe identify=off screen=off on_exit=halt console=vga console=e9',
         timeout=180, screen=True, checks=[untouched]),
]
