#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""`smpscope-report madt` on every real table of tests/data/madt (docs/report.md): the usable
CPUs and ignored entries iasl lists (the committed .expect files), no problem and no finding on
any of them (Linux warns about none), the notes the .expect names, the same answer from acpidump
text as from the raw table, and malformed input refused with a message, never a crash."""
import json
import os
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from suite import finish, result, tool, write  # noqa: E402

DATA = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'data', 'madt')


def expectation(name):
    cpus, ignored, notes = [], [], []
    for line in open(os.path.join(DATA, name + '.expect')):
        word, *fields = line.split()
        kv = dict(f.split('=', 1) for f in fields if '=' in f)
        if word == 'cpu':
            cpus.append(dict(apic=int(kv['apic'], 16), uid=int(kv['uid']), type=int(kv['type']),
                             enabled=bool(int(kv['enabled'])),
                             online_capable=bool(int(kv['online_capable']))))
        elif word == 'ignored':
            ignored.append(dict(apic=int(kv['apic'], 16), uid=int(kv['uid']),
                                type=int(kv['type']), reason=kv['reason']))
        elif word == 'notes':
            notes = [] if fields == ['-'] else fields[0].split(',')
    return cpus, ignored, sorted(notes)


def real_table(name):
    rc, out, err = tool('madt', os.path.join(DATA, name + '.dat'), '--json')
    try:
        j = json.loads(out)
    except ValueError:
        result(False, '%s: json' % name, 'rc=%s %s' % (rc, err.strip()))
        return
    cpus, ignored, notes = expectation(name)
    got = [{k: c[k] for k in ('apic', 'uid', 'type', 'enabled', 'online_capable')}
           for c in j['cpus']]
    result(rc == 0 and not j['problems'], '%s: exit 0, no problem' % name,
           'rc=%s problems=%s' % (rc, j['problems']))
    result(got == cpus, '%s: the usable CPUs iasl lists, in MADT order' % name,
           'got %d, iasl %d' % (len(got), len(cpus)))
    result([{k: c[k] for k in ('apic', 'uid', 'type', 'reason')} for c in j['ignored']]
           == ignored, '%s: the ignored entries iasl lists' % name)
    result(j['findings'] == [], '%s: no finding (Linux warns about none)' % name,
           'got %s' % [f['kind'] for f in j['findings']])
    kinds = sorted(f['kind'] for f in j['notes'])
    result(kinds == notes and all(f['rule'] and 'linux' not in f for f in j['notes']),
           '%s: notes %s, each with its rule' % (name, ','.join(notes) or 'none'),
           'got %s' % kinds)
    rc, text, err = tool('madt', os.path.join(DATA, name + '.dat'))
    result(rc == 0 and ('MADT order (the image kicks the enabled ones): %d\n' % len(cpus)) in text
           and 'findings (Linux warns too): 0\n' in text
           and ('notes (legal, Linux silent): %d\n' % len(notes)) in text
           and all('\n  %s: ' % k in text for k in notes), '%s: text output' % name, err.strip())


def acpidump():
    path = os.path.join(DATA, 'acpidump', 'hp-proliant-dl380g5.txt')
    rc, out, err = tool('madt', path, '--json')
    rc2, raw, _ = tool('madt', os.path.join(DATA, 'hp-proliant-dl380g5.dat'), '--json')
    try:
        same = (json.loads(out)['cpus'] == json.loads(raw)['cpus'] and
                json.loads(out)['input'] == 'acpidump')
    except ValueError:
        same = False
    result(rc == 0 and rc2 == 0 and same, 'acpidump text: the same CPUs as the raw table',
           'rc=%s %s' % (rc, err.strip()))


def malformed():
    dump = open(os.path.join(DATA, 'acpidump', 'hp-proliant-dl380g5.txt')).read()
    raw = open(os.path.join(DATA, 'xeon-2s-hp-dl360g7.dat'), 'rb').read()
    cases = [
        ('empty', b'', 'empty file'),
        ('text without an APIC block', b'hello\n', 'neither a raw MADT'),
        ('acpidump, APIC block without hex', b'APIC @ 0x0000000000000000\n\n', 'no hex lines'),
        ('acpidump, offsets skip', dump[dump.index('APIC @'):].replace('    0020:', '    0030:').encode('latin-1'),
         'offset does not follow'),
        ('acpidump, cut short', dump[:dump.index('    0040:', dump.index('APIC @'))].encode('latin-1'),
         'header length'),
        ('raw, cut short', raw[:60], 'header length'),
        ('raw, 3 bytes', b'API', 'neither a raw MADT'),
        ('raw, wrong signature', b'FACP' + raw[4:], 'neither a raw MADT'),
    ]
    for name, data, why in cases:
        path = write('madt-%s.dat' % name.replace(' ', '-').replace(',', ''),
                     data.decode('latin-1'))
        rc, out, err = tool('madt', path)
        result(rc == 2 and why in err and not out, 'malformed (%s): refused, named' % name,
               'rc=%s err=%s' % (rc, err.strip()))
    rc, _, err = tool('madt', os.path.join(DATA, 'no-such-file'))
    result(rc == 2 and 'cannot be read' in err, 'missing file: refused, named', err.strip())


def edited_table():
    """The user's workflow (docs/hardware.md, "A MADT from the stick"): an edited table compiled
    by iasl is read as it is, the .aml iasl writes. tests/data/field/dead-core.dsl lists an enabled
    CPU 4 after 0-3."""
    if not shutil.which('iasl'):
        result(True, 'edited table from iasl # SKIP iasl not installed (tools/deps.sh check)', '')
        return
    src = os.path.join(DATA, '..', 'field', 'dead-core.dsl')
    with tempfile.TemporaryDirectory() as tmp:
        p = subprocess.run(['iasl', '-p', os.path.join(tmp, 'dead-core'), src],
                           capture_output=True, text=True, timeout=30)
        rc, out, err = tool('madt', os.path.join(tmp, 'dead-core.aml'), '--json')
    try:
        apics = [c['apic'] for c in json.loads(out)['cpus']]
    except (ValueError, KeyError):
        apics = None
    result(p.returncode == 0 and rc == 0 and apics == [0, 1, 2, 3, 4],
           'edited table from iasl: the .aml read, CPU 4 listed', 'iasl rc=%s, madt rc=%s %s %s' %
           (p.returncode, rc, apics, err.strip()))


def main():
    names = sorted(n[:-4] for n in os.listdir(DATA) if n.endswith('.dat'))
    result(len(names) >= 10, 'at least 10 real machines', '%d' % len(names))
    for n in names:
        real_table(n)
    acpidump()
    edited_table()
    malformed()
    finish()


if __name__ == '__main__':
    main()
