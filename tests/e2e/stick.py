"""Every boot files the boot before it on the stick (docs/screen.md, "No serial port"): one QEMU
per test boots a copy of build/smpscope.img as a USB stick (qemu-xhci, usb-storage) several
times, the knobs of each boot in /smpscope.knobs on a small FAT disk the test rewrites between
boots, and resets the machine through QMP with its RAM kept, as a user presses reset.

- stick-seabios (SeaBIOS, pc): a ladder of boots. one-ap passes; serial with a CPU stopped at
  longmode fails; serial with a CPU stopped at callin and a 10-minute wait hangs and is reset
  from outside; case=save files that hang and shows the stick's slots; case=save again finds
  nothing new (the log in RAM is marked saved) and still lists them. Each boot saves the one
  before through INT 13h into the next slot (three in order).
- stick-ovmf (OVMF, q35): the stop fault, the hang, case=save; saved through EFI Block I/O with
  boot services kept.
After QEMU has ended, mtools takes the slot files off a copy of the image, and smpscope-report
reads them as they are: the first boot's case, verdict, failing CPU and step; `slots` lists them
in boot order; `bisect` on the folder names serial as the first failing case. Every sector
outside the slots written is as the build left it.
- stick-cd-seabios: the ISO as a CD (read-only): the save says so and the run goes on.
- stick-write-error-seabios: every write to the stick fails (QEMU's blkdebug driver under it):
  the save says so, the run goes on, and the image file is unchanged.
The bad inputs a boot would only repeat (a foreign FAT, a corrupt or full index, a half-written
slot, a bad RAM checksum, the ring wrapping) are tests/unit/test_stick.c's."""
import json
import os
import re
import subprocess
import time

from harness.logfacts import Log
from harness.qmp import Qmp
from harness.record import Test
from stickimage import changed_outside, copy_slots

GROUP = {
    'order': 85,
    'covers': 'the previous boot\'s log saved to the stick image under SeaBIOS and OVMF, read '
              'back by smpscope-report; the ISO as a read-only CD',
    'docs': 'docs/screen.md',
    'timing': False,
}

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
KTAP = re.compile(r'^KTAP version 1\r?$', re.M)
STOPPED = 'case=serial fault=stop:longmode@1 on_exit=halt'
HUNG = 'case=serial fault=stop:callin@1 timeout_ms=600000'
PROBE = 'case=probe identify=off on_exit=halt'
# QEMU's blkdebug: every write to the stick fails with EIO, reads go through.
WRITES_FAIL = '[inject-error]\nevent = "pwritev"\niotype = "write"\nerrno = "5"\n'
# The line a boot has reached: its verdict, its knobs (the hang's wait has begun), or its end.
EXIT, KNOBS, END = '# ev=exit ', '# ev=knobs ', None


def boots_of(text):
    """The log split at each boot's own "KTAP version 1" (a lastlog dump's are prefixed)."""
    starts = [m.start() for m in KTAP.finditer(text)]
    return [text[a:b] for a, b in zip(starts, starts[1:] + [len(text)])]


def write_knobs(disk, knobs):
    path = disk + '.txt'
    with open(path, 'w') as f:
        f.write('set smpscope_oem="smpscope:%s"\n' % knobs)
    subprocess.run(['mcopy', '-o', '-i', disk, path, '::/smpscope.knobs'], check=True,
                   capture_output=True, timeout=30)


def reached(log, n, marker):
    try:
        with open(log, errors='replace') as f:
            boots = boots_of(f.read())
    except OSError:
        return False
    # The marker's whole line: a reset on its first bytes would glue the next boot onto it.
    at = boots[n - 1].find(marker) if len(boots) >= n else -1
    return at >= 0 and '\n' in boots[n - 1][at:]


def drive(medium, fw, machine, schedule):
    """A driver (tests/e2e/harness/record.py) booting schedule, a list of (knobs, until): each
    boot's knobs, and the line that ends it (then the machine is reset) or END (the last boot
    ends QEMU itself). The stick is a copy, LOG.img; the knobs disk LOG.knobs."""
    def run(build, t, log):
        img, disk, sock = log[:-4] + '.img', log[:-4] + '.knobs', log + '.qmp'
        for stale in (log, sock):
            if os.path.exists(stale):
                os.unlink(stale)
        if medium != 'cd':
            subprocess.run(['cp', '--sparse=always', os.path.join(build, 'smpscope.img'), img],
                           check=True, timeout=60)
        subprocess.run(['mformat', '-i', disk, '-C', '-f', '1440', '::'], check=True,
                       capture_output=True, timeout=30)
        write_knobs(disk, schedule[0][0])
        where = ['--iso', os.path.join(build, 'smpscope.iso')] if medium == 'cd' else \
            ['--stick', img]
        if medium == 'failing stick':
            with open(log[:-4] + '.blkdebug', 'w') as f:
                f.write(WRITES_FAIL)
            where += ['--stick-blkdebug', log[:-4] + '.blkdebug']
        cmd = [os.path.join(ROOT, 'tools/qemu-run.sh')] + where + \
            ['--fw', fw, '--machine', machine, '--smp', t.smp, '--log', log, '--timeout',
             str(t.timeout), '--knobs-disk', disk, '--qmp', sock]
        start = time.time()
        proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                stderr=subprocess.STDOUT, text=True)
        err = ''
        try:
            qmp = Qmp(sock, start + 30)
            for n, (knobs, until) in enumerate(schedule, 1):
                if n > 1:
                    write_knobs(disk, knobs)
                    qmp.cmd('system_reset')
                while until and not reached(log, n, until) and proc.poll() is None and \
                        time.time() < start + t.timeout:
                    time.sleep(0.5)
                if until and not reached(log, n, until):
                    err = 'boot %d did not reach %r within %ds' % (n, until.strip(), t.timeout)
                    qmp.cmd('quit')
                    break
                if until == KNOBS:
                    time.sleep(1)  # into the wait the reset cuts short
        except (OSError, ValueError) as e:
            err = 'QMP: %s' % e
        try:
            out, _ = proc.communicate(timeout=t.timeout + 30)
        except subprocess.TimeoutExpired:
            proc.kill()
            out, _ = proc.communicate()
        status = {0: 'pass', 1: 'fail'}.get(proc.returncode, 'none')
        with open(log, errors='replace') as f:
            text = f.read()
        return log, status, err or out.strip()[-300:], text
    return run


def save_ev(boot, **want):
    got = Log(boot).ev('save')
    if len(got) != 1:
        return ['%d ev=save lines in a boot, expected 1' % len(got)]
    return ['ev=save %s=%r, expected %r' % (k, got[0].get(k), v)
            for k, v in sorted(want.items()) if got[0].get(k) != v]


def saved_line(boot, case, verdict, failure, slot):
    line = '# saved the previous boot\'s log (case %s, %s, %s) to SMPSCOPE:smpscope/%s' % (
        case, verdict, failure, slot)
    return [] if line in Log(boot).lines else ['no line "%s"' % line]


def report(build, *args):
    p = subprocess.run([os.path.join(build, 'smpscope-report')] + list(args),
                       capture_output=True, text=True, timeout=60)
    return p.stdout + p.stderr


def slots_read_back(n_saved, stopped_slot, via):
    """After QEMU: the slots off a copy of the image, read by smpscope-report."""
    def check(log):
        build = os.path.dirname(os.path.dirname(log.path))
        img = log.path[:-4] + '.img'
        bad = changed_outside(os.path.join(build, 'smpscope.img'), img, range(n_saved))
        folder = log.path[:-4] + '.slots'
        bad += copy_slots(img, folder)
        if bad:
            return bad
        path = os.path.join(folder, stopped_slot)
        boots = json.loads(report(build, 'json', path))['boots']
        cpu = [c for c in boots[0]['cpus'] if c['timed_out']] if boots else []
        if len(boots) != 1 or boots[0]['case'] != 'serial' or boots[0]['result'] != 'not ok' or \
                [(c['cpu'], c['timeout_step']) for c in cpu] != [(1, 'longmode')]:
            bad.append('smpscope-report json %s: not the stopped serial boot (CPU 1 at '
                       'longmode): %s' % (stopped_slot, [(b['case'], b['result']) for b in boots]))
        bad += half_written_refused(build, path)
        rows = [r.split() for r in report(build, 'slots', folder).splitlines()
                if re.match(r'\s*\d+\s+slot-', r)]
        if [r[0] for r in rows] != [str(i) for i in range(1, n_saved + 1)] or \
                any(r[3] != via for r in rows):
            bad.append('smpscope-report slots: %s' % rows)
        return bad
    return check


def half_written_refused(build, slot):
    """A slot whose log no longer matches its header (a save cut short) is named and not read:
    smpscope-report finds no boot in it."""
    with open(slot, 'rb') as f:
        data = bytearray(f.read())
    data[600] ^= 0x20  # a byte of the log, past the header sector
    cut = slot + '.cut'
    with open(cut, 'wb') as f:
        f.write(data)
    out = report(build, 'json', cut)
    os.unlink(cut)
    try:
        boots = json.loads(out[:out.rindex('}') + 1])['boots']
    except ValueError:
        boots = None
    if boots != [] or 'half-written' not in out:
        return ['smpscope-report read a half-written slot: %s' % out[-300:]]
    return []


def ladder_bisects(log):
    build = os.path.dirname(os.path.dirname(log.path))
    folder = log.path[:-4] + '.slots'
    slots = sorted(os.path.join(folder, f) for f in os.listdir(folder) if f.startswith('slot-'))
    out = report(build, 'bisect', *slots)
    want = ['last passing: one-ap', 'first failing: serial',
            'first failure: cpu 1 apic 0x1 timed out in phase alive at step longmode']
    return ['bisect on the slots lacks "%s": %s' % (w, out[-400:]) for w in want if w not in out]


def seabios_boots(log):
    b = boots_of('\n'.join(log.lines))
    if len(b) != 5:
        return ['%d boots, expected 5' % len(b)]
    return save_ev(b[0], result='nothing') + \
        save_ev(b[1], result='saved', via='bios', slot='slot-00.log', case='one-ap',
                verdict='ok') + \
        save_ev(b[2], result='saved', slot='slot-01.log', case='serial', verdict='not ok',
                failure='CPU 1 stopped at longmode') + \
        saved_line(b[2], 'serial', 'not ok', 'CPU 1 stopped at longmode', 'slot-01.log') + \
        save_ev(b[3], result='saved', slot='slot-02.log', case='serial',
                verdict='no verdict') + listed(b[3], 3) + \
        save_ev(b[4], result='already', slot='-') + listed(b[4], 3)


def ovmf_boots(log):
    b = boots_of('\n'.join(log.lines))
    if len(b) != 3:
        return ['%d boots, expected 3' % len(b)]
    return save_ev(b[0], result='nothing', via='uefi', exit_tries='1') + \
        save_ev(b[1], result='saved', via='uefi', slot='slot-00.log', case='serial',
                verdict='not ok', failure='CPU 1 stopped at longmode', exit_status='0x0') + \
        saved_line(b[1], 'serial', 'not ok', 'CPU 1 stopped at longmode', 'slot-00.log') + \
        save_ev(b[2], result='saved', slot='slot-01.log', verdict='no verdict') + listed(b[2], 2)


def listed(boot, n):
    """case=save lists the stick's slots, oldest first, and passes."""
    rows = [x for x in Log(boot).lines if re.match(r'# slot-\d\d\.log: save \d+,', x)]
    bad = [] if [r.split()[3].rstrip(',') for r in rows] == [str(i) for i in range(1, n + 1)] \
        else ['case=save lists %s' % rows]
    return bad + ([] if any(r.ok and r.name == 'log_saved' for r in Log(boot).results)
                  else ['case=save: no "ok ... log_saved"'])


def write_failed(log):
    b = boots_of('\n'.join(log.lines))
    if len(b) != 2:
        return ['%d boots, expected 2' % len(b)]
    bad = save_ev(b[1], result='write-error', via='bios', case='probe', verdict='ok', slot='-')
    if not any(x.startswith('# the previous boot\'s log (case probe, ok, none) is not saved: '
                            'BIOS drive 0x80') and 'failed' in x for x in Log(b[1]).lines):
        bad.append('no line saying the write failed')
    build = os.path.dirname(os.path.dirname(log.path))
    return bad + changed_outside(os.path.join(build, 'smpscope.img'), log.path[:-4] + '.img',
                                 [])


def read_only(log):
    b = boots_of('\n'.join(log.lines))
    if len(b) != 2:
        return ['%d boots, expected 2' % len(b)]
    bad = save_ev(b[1], result='read-only', via='bios', case='probe', verdict='ok')
    if not any(x.startswith('# the previous boot\'s log (case probe, ok, none) is not saved: '
                            'BIOS drive 0xe0') and 'a CD' in x for x in Log(b[1]).lines):
        bad.append('no line saying the CD is read-only')
    return bad


TESTS = [
    Test('stick-seabios', 'stick', '2', timeout=240, after_reset=True, retry_if=None,
         driver=drive('stick', 'bios', 'pc', [('case=one-ap on_exit=halt', EXIT),
                                              (STOPPED, EXIT), (HUNG, KNOBS),
                                              ('case=save on_exit=halt', EXIT),
                                              ('case=save', END)]),
         checks=[seabios_boots, slots_read_back(3, 'slot-01.log', 'bios'), ladder_bisects]),
    Test('stick-ovmf', 'stick', '2', timeout=300, after_reset=True, retry_if=None,
         driver=drive('stick', 'uefi', 'q35', [(STOPPED, EXIT), (HUNG, KNOBS),
                                               ('case=save', END)]),
         checks=[ovmf_boots, slots_read_back(2, 'slot-00.log', 'uefi')]),
    Test('stick-cd-seabios', 'iso', '1', timeout=120, after_reset=True, retry_if=None,
         verdict='fail',
         driver=drive('cd', 'bios', 'pc', [(PROBE, EXIT), ('case=save', END)]),
         checks=[read_only]),
    Test('stick-write-error-seabios', 'stick', '1', timeout=120, after_reset=True,
         retry_if=None, verdict='fail',
         driver=drive('failing stick', 'bios', 'pc', [(PROBE, EXIT), ('case=save', END)]),
         checks=[write_failed]),
]
