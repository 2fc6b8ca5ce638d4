"""One boot of a test: the runner script for its emulator (tools/qemu-run.sh,
tools/bochs-run.sh) with its machine, knobs and timeout; what it returns is the log's path, the
verdict the runner's exit status gave (pass, fail, none), the runner's complaint and the log.

A test with screen=True (a machine without a serial port, docs/screen.md) boots with `-serial
none` (tools/qemu-run.sh --no-serial) and on_exit=halt, so QEMU keeps running after the
verdict, as a real machine would. Through QMP the harness saves the VGA text memory (pmemsave
of 0xB8000) once a second until the screen shows a top-level KTAP result (or LOG has ev=exit),
waits a little for the last lines, saves it once more to LOG.vga (and QEMU's picture of it to
LOG.ppm), writes its rows as text to LOG.screen and quits QEMU. With no serial port LOG holds
what the image writes to port 0xE9: nothing unless the test adds console=e9. Its checks read
the screen (tests/e2e/harness/screen.py)."""
import os
import re
import subprocess
import time

from harness.qmp import Qmp
from harness.screen import VGA_COLS, VGA_ROWS, VGA_TEXT, from_vga

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(
    __file__)))))
VERDICT = {0: 'pass', 1: 'fail', 2: 'none'}
POLL, GRACE = 1.0, 2.0
# Bochs's clock is its instruction count (clock: sync=none): every wait in emulated time, the
# BIOS's POST, GRUB's and the UART's at 115200 baud, costs host time in proportion to ips. The
# e2e boots check function, so they run at a fifth of bochs-run.sh's 50 M: a 4-CPU boot takes
# 7 s instead of 12. make bench keeps 50 M for its counts (docs/testing.md); a test that needs
# another rate passes its own --ips.
BOCHS_IPS = 10_000_000

# The case's top-level result, at a row's start.
RESULT = re.compile(r'^(not )?ok 1 \S+')


def boot(build, t):
    log = os.path.join(build, 'e2e', t.name + '.log')
    if t.driver:
        return t.driver(build, t, log)
    if t.screen:
        return boot_screen(build, t, log)
    if t.drive:
        return boot_driven(build, t, log)
    if t.boot == 'bochs':
        ips = [] if '--ips' in t.args else ['--ips', str(BOCHS_IPS)]
        cmd = [os.path.join(ROOT, 'tools/bochs-run.sh'), '--iso',
               os.path.join(build, 'smpscope.iso'), '--cpus', t.smp, '--log', log,
               '--timeout', str(t.timeout)] + ips + t.args
    else:
        image = ['--kernel', os.path.join(build, 'smpscope.elf')] if t.boot == 'kernel' else \
                ['--iso', os.path.join(build, 'smpscope.iso')]
        cmd = [os.path.join(ROOT, 'tools/qemu-run.sh')] + image + \
              ['--smp', t.smp, '--log', log, '--timeout', str(t.timeout), '--knobs', t.knobs] + \
              [a.replace('{log}', log) for a in t.args]
    # The runners bound the emulator with timeout(1); this bound is the harness's own.
    try:
        p = subprocess.run(cmd, stdin=subprocess.DEVNULL, capture_output=True, text=True,
                           timeout=t.timeout + 30)
        status, err = p.returncode, p.stderr.strip()
    except subprocess.TimeoutExpired:
        status, err = 2, 'runner did not return within %ds' % (t.timeout + 30)
    try:
        with open(log, encoding='utf-8', errors='replace') as f:
            text = f.read()
    except OSError:
        text = ''
    return log, VERDICT.get(status, 'none'), err, text


def exit_on_e9(log):
    """LOG, port 0xE9's text on a machine without a serial port, has the image's ev=exit."""
    try:
        with open(log, errors='replace') as f:
            return '# ev=exit ' in f.read()
    except OSError:
        return False


def save_screen(qmp, path):
    qmp.cmd('pmemsave', val=VGA_TEXT, size=VGA_COLS * VGA_ROWS * 2,
            filename=os.path.abspath(path))
    with open(path, 'rb') as f:
        return f.read()


def verdict_of(raw, log):
    """pass or fail from the screen's top-level result; else from LOG (port 0xE9's text); else
    none."""
    for row in from_vga(raw).text:
        m = RESULT.match(row)
        if m:
            return 'fail' if m.group(1) else 'pass'
    try:
        with open(log, errors='replace') as f:
            m = re.search(r'^# ev=exit result=(pass|fail)', f.read(), re.M)
        return m.group(1) if m else 'none'
    except OSError:
        return 'none'


def boot_screen(build, t, log):
    """Runs t as the module says; returns (log, verdict, error, the screen's rows as text)."""
    sock = log + '.qmp'
    extra = list(t.args) if '--' in t.args else list(t.args) + ['--']
    cmd = [os.path.join(ROOT, 'tools/qemu-run.sh'), '--iso', os.path.join(build, 'smpscope.iso'),
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
            if verdict_of(raw, log) != 'none' or exit_on_e9(log):
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
    text = '\n'.join(from_vga(raw).text) + '\n' if raw else ''
    with open(log + '.screen', 'w') as f:
        f.write(text)
    if not raw:
        err = err or 'the screen was never read: %s' % out.strip()[-200:]
    return log, verdict_of(raw, log) if raw else 'none', err, text


def boot_driven(build, t, log):
    """Runs t with QMP on a socket beside LOG and t.drive(qmp, log, deadline) talking to it;
    returns what boot() returns. QEMU ends through the image's exit port, or drive quits it."""
    sock = log + '.qmp'
    extra = list(t.args) if '--' in t.args else list(t.args) + ['--']
    image = ['--kernel', os.path.join(build, 'smpscope.elf')] if t.boot == 'kernel' else \
            ['--iso', os.path.join(build, 'smpscope.iso')]
    cmd = [os.path.join(ROOT, 'tools/qemu-run.sh')] + image + \
          ['--smp', t.smp, '--log', log, '--timeout', str(t.timeout), '--knobs', t.knobs] + \
          [a.replace('{log}', log) for a in extra] + ['-qmp', 'unix:%s,server=on,wait=off' % sock]
    if os.path.exists(sock):
        os.unlink(sock)
    start = time.time()
    proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    err = ''
    try:
        t.drive(Qmp(sock, start + 30), log, start + t.timeout)
    except (OSError, ValueError, TimeoutError) as e:
        err = 'drive: %s' % e
    try:
        _, stderr = proc.communicate(timeout=t.timeout + 30)
    except subprocess.TimeoutExpired:
        proc.kill()
        _, stderr = proc.communicate()
    try:
        with open(log, encoding='utf-8', errors='replace') as f:
            text = f.read()
    except OSError:
        text = ''
    return log, VERDICT.get(proc.returncode, 'none'), err or stderr.strip(), text
