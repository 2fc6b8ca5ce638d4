"""The LAVA monitors pattern (tools/lava/lavajob.py: RESULT) on a console that arrives one
character at a time, as a slow serial line delivers it, and with KTAP subtests: only top-level
results match, each with its full name. No LAVA needed: the loop below searches the way
pexpect does (the buffer grows, every pattern is searched, the earliest match wins and what it
consumed is dropped), and through pexpect itself when it is installed.

    python3 tests/lava/test_pattern.py
"""
import os
import re
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..',
                                'tools', 'lava'))
import lavajob  # noqa: E402

# A case=all console as the image writes it (CRLF) and a pty passes it on (one more CR).
LOG = '\r\r\n'.join([
    'smpscope: loading, command line: case=all', 'KTAP version 1', '1..4',
    '# ev=rung n=1 case=one-ap', '    KTAP version 1', '    1..2',
    '    ok 1 cpus_online # 2/2 online', '    not ok 2 cmos_restored', 'ok 1 one-ap',
    '    ok 1 cpus_online # 28/28 online', 'not ok 2 kick-before-prepare',
    '    not ok 1 cpus_online # 27/28 online', 'not ok 3 parallel # 1 AP never answered',
    'ok 4 broadcast # SKIP ladder=stop', '# ev=exit result=fail code=0x11', ''])
WANT = [('ok', 'one-ap'), ('not ok', 'kick-before-prepare'), ('not ok', 'parallel'),
        ('SKIP', 'broadcast')]


def monitor_by_char(text, chunk=1):
    """[(result, test_case_id)] as LAVA's monitor loop finds them, fed CHUNK characters at a
    time after the start string."""
    start, end, pat = re.compile(lavajob.START), re.compile(lavajob.END), \
        re.compile(lavajob.RESULT, re.DOTALL)
    m = start.search(text)
    pending, buf, found = text[m.end():], '', []
    while True:
        first = None
        for which, r in (('end', end), ('result', pat)):
            hit = r.search(buf)
            if hit and (first is None or hit.start() < first[1].start()):
                first = (which, hit)
        if first and first[0] == 'end':
            return found
        if first:
            found.append((first[1].group('result'), first[1].group('test_case_id')))
            buf = buf[first[1].end():]
            continue
        if not pending:
            return found + [('no end', '')]
        buf, pending = buf + pending[:chunk], pending[chunk:]


def monitor_pexpect(text):
    """The same through pexpect, with a writer that sleeps between characters."""
    import pexpect
    script = 'import sys,time\nfor c in sys.stdin.read():\n sys.stdout.write(c)\n' \
        ' sys.stdout.flush()\n time.sleep(0.0005)\n'
    path = os.path.join(os.environ.get('TMPDIR', '/tmp'), 'smpscope-lava-%d.log' % os.getpid())
    with open(path, 'w', newline='') as f:
        f.write(text.replace('\r\r\n', '\r\n'))
    c = pexpect.spawn('/bin/sh', ['-c', '%s -c "$0" < %s' % (sys.executable, path), script],
                      encoding='utf-8')
    try:
        c.expect(lavajob.START, timeout=30)
        found = []
        while c.expect([pexpect.EOF, pexpect.TIMEOUT, lavajob.END, lavajob.RESULT],
                       timeout=30) == 3:
            found.append((c.match.group('result'), c.match.group('test_case_id')))
        return found
    finally:
        c.close()
        os.unlink(path)


def main():
    n, bad = 0, 0
    checks = [('one char at a time', lambda: monitor_by_char(LOG)),
              ('three chars at a time', lambda: monitor_by_char(LOG, 3)),
              ('whole log at once', lambda: monitor_by_char(LOG, len(LOG)))]
    try:
        import pexpect  # noqa: F401
        checks.append(('pexpect, a slow writer', lambda: monitor_pexpect(LOG)))
    except ImportError:
        print('ok %d pexpect # SKIP python3-pexpect not installed' % (len(checks) + 1))
        n += 1
    for name, run in checks:
        n += 1
        got = run()
        if got == WANT:
            print('ok %d %s' % (n, name))
        else:
            bad += 1
            print('not ok %d %s # got %s, expected %s' % (n, name, got, WANT))
    fix = [lavajob.FIXUP[r] for r, _ in WANT]
    n += 1
    ok = fix == ['pass', 'fail', 'fail', 'skip']
    bad += not ok
    print('%s %d fixupdict maps to LAVA results # %s' % ('ok' if ok else 'not ok', n, fix))
    print('1..%d' % n)
    return 1 if bad else 0


if __name__ == '__main__':
    sys.exit(main())
