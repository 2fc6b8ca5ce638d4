#!/usr/bin/env python3
"""smpscope-report on logs the e2e suite produced, and on mangled copies of them as a real
serial line delivers them. Prints `ok N name` lines and a plan; run after the e2e suite.

    tests/report/test_report.py BUILD_DIR
"""
import glob
import json
import os
import random
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'e2e'))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness.logfacts import Log  # noqa: E402

from suite import result, tool, e2e_log, write, finish, BUILD, TOOL  # noqa: E402


def facts(path):
    with open(path, encoding='utf-8', errors='replace') as f:
        return Log(f.read())


def check_json(name, path):
    """The tool's JSON against the same log read independently (tests/e2e/harness/logfacts.py)."""
    rc, out, err = tool('json', path)
    try:
        j = json.loads(out)
    except ValueError as e:
        return result(False, name, 'json does not parse (rc %s): %s' % (rc, e))
    f = facts(path)
    b = j['boots'][0] if j['boots'] else {}
    want = f.ev('bringup')[0] if f.ev('bringup') else {}
    aps = [c for c in b.get('cpus', []) if c['state']]
    bad = []
    if rc != 0 or len(j['boots']) != 1:
        bad.append('rc %s, %d boots' % (rc, len(j['boots'])))
    if want and '%d/%d' % (b.get('online'), b.get('enabled')) != want.get('cpus'):
        bad.append('online %s/%s vs ev=bringup %s' % (b.get('online'), b.get('enabled'),
                                                       want.get('cpus')))
    if len(aps) != len(f.ev('ap')):
        bad.append('%d CPUs with a state, %d ev=ap lines' % (len(aps), len(f.ev('ap'))))
    if len(b.get('checks', [])) != len([r for r in f.results if r.indent > 0]):
        bad.append('%d checks vs %d subtest results' % (len(b.get('checks', [])),
                                                       len([r for r in f.results if r.indent > 0])))
    for c in aps:
        e = [x for x in f.ev('ap') if int(x['cpu']) == c['cpu']][0]
        if (c['alive'], c['tsc'], c['state']) != (int(e['alive']), int(e['tsc']), e['state']):
            bad.append('cpu %d differs from its ev=ap line' % c['cpu'])
            break
    result(not bad, name, '; '.join(bad))
    return j


def mangle(text, seed):
    """What a capture of a real serial line looks like: CRLF, a timestamp prefix of fixed
    width on every line, terminal escapes, a few noise bytes."""
    rnd = random.Random(seed)
    out = []
    for i, line in enumerate(text.split('\n')):
        line = '[%02d:%02d:%02d.%03d] ' % (i // 3600 % 24, i // 60 % 60, i % 60, i % 1000) + line
        if rnd.random() < 0.02:
            line = line[:20] + '\x1b[0m' + line[20:]
        if rnd.random() < 0.01:
            line += '\x00\xff\x07'
        out.append(line)
    return '\r\n'.join(out)


def main():
    ok_log = e2e_log('serial-seabios-q35-haswell28')
    bad_log = e2e_log('nosipi-serial')
    par_log = e2e_log('parallel-seabios-q35-haswell28')
    if not os.path.exists(TOOL) or not ok_log or not bad_log or not par_log:
        print('ok 1 report-tests # SKIP no tool or no e2e logs in %s (run the e2e suite first)'
              % BUILD)
        print('1..1')
        return 0

    j = check_json('json-serial-haswell28', ok_log)
    check_json('json-nosipi-serial', bad_log)
    check_json('json-parallel-haswell28', par_log)
    together = e2e_log('tsc-together-qemu-2sockets')
    if together:
        # tsc_sync=together's keys once landed inside the checks' list (found by make lab).
        j2 = check_json('json-tsc-together', together)
        trials = j2['boots'][0].get('tsc_trials') if j2 and j2['boots'] else None
        logged = len(facts(together).ev('tsc-trial'))
        result(logged and trials == logged, 'json-tsc-together-trials',
               'tsc_trials %s, %d ev=tsc-trial lines' % (trials, logged))
    # Every log the e2e suite left: what the tool writes must parse as JSON, whatever it read.
    unparsed = []
    for path in sorted(glob.glob(os.path.join(os.path.dirname(ok_log), '*.log'))):
        rc, out, _ = tool('json', path)
        try:
            json.loads(out)
        except ValueError as e:
            unparsed.append('%s (rc %s): %s' % (os.path.basename(path), rc, e))
    result(not unparsed, 'json-parses-for-every-e2e-log', '; '.join(unparsed[:3]))

    rc, out, _ = tool('check', ok_log, '--cpus', '28', '--case', 'serial', '--expect', 'pass',
                      '--expect', 'online', '--expect', 'no-timeouts',
                      '--expect', 'check=cmos_restored')
    result(rc == 0 and out == '', 'check-pass-holds', 'rc %s: %s' % (rc, out))
    rc, out, _ = tool('check', bad_log, '--cpus', '28', '--expect', 'pass', '--expect', 'online',
                      '--expect', 'no-timeouts')
    lines = [x for x in out.split('\n') if x]
    result(rc == 1 and len(lines) == 4 and any('cpu 9' in x for x in lines),
           'check-each-failure-on-its-line', 'rc %s: %r' % (rc, lines))
    rc, out, err = tool('check', ok_log, '--expect', 'sunshine')
    result(rc == 2 and 'sunshine' in err, 'check-unknown-expectation', 'rc %s %r' % (rc, err))

    rc, out, _ = tool('table', par_log)
    rows = [x for x in out.split('\n') if x[:4].strip().isdigit()]
    result(rc == 0 and len(rows) == 27 and 'median, primaries' in out and
           'median, siblings' in out and 'parallel' in out.split('\n')[0],
           'table-parallel-haswell28', 'rc %s, %d rows:\n%s' % (rc, len(rows), out[:400]))
    rc, out, _ = tool('table', bad_log)
    result(rc == 0 and 'timed out in alive at none' in out, 'table-names-the-stopped-cpu',
           out[:300])

    with open(ok_log, encoding='latin-1') as f:
        text = f.read()
    mangled = write('mangled.log', mangle(text, 1))
    rc, out, err = tool('json', mangled)
    try:
        m = json.loads(out)
        same = m['prefix'] == 15 and len(m['boots']) == 1 and \
            m['boots'][0]['online'] == j['boots'][0]['online'] and \
            len(m['boots'][0]['cpus']) == len(j['boots'][0]['cpus'])
    except (ValueError, KeyError, IndexError, TypeError):
        same = False
    result(rc == 0 and same, 'mangled-capture-reads-the-same', 'rc %s %s' % (rc, out[:200]))

    two = write('two-boots.log', open(bad_log, encoding='latin-1').read() + '\nnoise\x00' + text)
    rc, out, _ = tool('json', two)
    try:
        boots = json.loads(out)['boots']
        okay = [b['case'] for b in boots] == ['serial', 'serial'] and \
            [b['result'] for b in boots] == ['not ok', 'ok']
    except (ValueError, KeyError, TypeError):
        okay = False
    result(rc == 0 and okay, 'two-boots-reported-separately', out[:200])

    # Cut anywhere, the tool ends without crashing and says what it could not read.
    rnd = random.Random(7)
    crashes = []
    for i in range(40):
        cut = write('cut.log', text[:rnd.randrange(len(text))] +
                    ''.join(chr(rnd.randrange(256)) for _ in range(rnd.randrange(64))))
        for cmd in ('json', 'table'):
            rc, _, _ = tool(cmd, cut)
            if rc not in (0, 1):
                crashes.append('%s rc %s' % (cmd, rc))
    result(not crashes, 'cut-and-noise-never-crash', '; '.join(crashes[:3]))

    # A reset cut the firmware's last line and the header landed on its end: no capture prefix.
    glued = write('glued.log', 'Booting from ROM..' + text[text.index('KTAP version 1'):])
    rc, out, _ = tool('json', glued)
    try:
        g = json.loads(out)
        okay = g['prefix'] == 0 and g['boots'][0]['online'] == j['boots'][0]['online']
    except (ValueError, KeyError, IndexError, TypeError):
        okay = False
    result(rc == 0 and okay, 'header-glued-to-a-cut-line', out[:200])

    # case=lastlog after a hang (tests/e2e/lastlog.py): the dump is an earlier boot of its own.
    after = e2e_log('lastlog-2-after-reset')
    if after:
        rc, out, _ = tool('table', after)
        heads = [x for x in out.split('\n') if x.startswith('boot ')]
        result(rc == 0 and len(heads) == 2 and 'case lastlog' in heads[0] and
               'from a lastlog dump): case serial' in heads[1] and 'no result' in heads[1],
               'lastlog-dump-is-an-earlier-boot', 'rc %s: %s' % (rc, heads))
        rc, out, _ = tool('check', after, '--expect', 'pass')
        result(rc == 0, 'check-leaves-the-dump-alone', 'rc %s: %s' % (rc, out))

    # fault=smi (tests/e2e/smi.py): the SMI the BSP raised in CPU 1's alive window is in the
    # JSON as that CPU's smi, the others 0, the BSP (no ev=ap) null.
    smi = e2e_log('smi-seabios-q35-alive')
    if smi:
        rc, out, _ = tool('json', smi)
        try:
            got = {c['cpu']: c['smi'] for c in json.loads(out)['boots'][0]['cpus']}
        except (ValueError, KeyError, IndexError, TypeError):
            got = None
        result(rc == 0 and got == {0: None, 1: 1, 2: 0, 3: 0}, 'json-smi-per-cpu',
               'rc %s: %s' % (rc, got))

    garbled = write('garbled.log', 'KTAP version 1\n1..1\n# ev=cpu cpu=zz apic=0x1\n'
                    '# ev=Bad!name x=1\n# ev=knobs case="serial\n# ev=martian x=1\n')
    rc, _, err = tool('json', garbled)
    result(rc == 0 and 'line 3: cpu=zz is not a number' in err and
           "line 4: garbled event name 'Bad!name'" in err and 'line 5:' in err and
           "line 6: unknown event 'martian'" in err, 'garbled-lines-named-by-number', err)
    rc, out, err = tool('json', '/nonexistent/log')
    result(rc == 2 and 'cannot read' in err, 'missing-file-is-a-clear-error', err)
    return finish()


if __name__ == '__main__':
    sys.exit(main())
