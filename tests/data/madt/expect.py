#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Writes tests/data/madt/<machine>.expect from `iasl -d` of <machine>.dat.

The expectations come from iasl's disassembly, never from smpscope's parser, and the rules
below are ACPI 6.5 §5.2.12.2 and §5.2.12.12 written out again (docs/hardware.md, "The MADT"):
an entry is usable when Enabled (flags bit 0) or, from MADT revision 5, Online Capable (bit 1);
APIC ID 0xFF (type 0) and 0xFFFFFFFF (type 9) are never CPUs; a repeated ID keeps its first
usable entry. Every odd layout a table alone can show is a note: Linux's acpi_parse_lapic and
acpi_parse_x2apic accept each silently. The two Linux warns about (findings: the boot CPU not
first, an x2APIC ID xAPIC mode cannot reach) need the running machine, so no table has one.
Needs iasl (Debian: acpica-tools); make check reads only the committed .expect.

    tests/data/madt/expect.py            # every .dat here
    tests/data/madt/expect.py NAME.dat   # one
"""
import os
import re
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
FIELD = re.compile(r'^\[([0-9A-F]+)h [0-9]+ +[0-9]+\] +([^:]+?) : ([0-9A-Fa-f]+)')


def disassemble(dat):
    """The .dsl text iasl writes for one raw table."""
    with tempfile.TemporaryDirectory() as tmp:
        src = os.path.join(tmp, 'apic.dat')
        with open(dat, 'rb') as f, open(src, 'wb') as g:
            g.write(f.read())
        subprocess.run(['iasl', '-d', src], cwd=tmp, check=True, capture_output=True)
        with open(os.path.join(tmp, 'apic.dsl')) as f:
            return f.read()


def subtables(dsl):
    """The header revision and [(offset, type, {field: value})] in table order."""
    revision, subs = None, []
    for line in dsl.splitlines():
        m = FIELD.match(line)
        if not m:
            continue
        off, name, value = int(m.group(1), 16), m.group(2).strip(), int(m.group(3), 16)
        if name == 'Revision' and revision is None:
            revision = value
        elif name == 'Subtable Type':
            subs.append((off, value, {}))
        elif subs:
            subs[-1][2].setdefault(name, value)
    return revision, subs


def expect(dsl):
    revision, subs = subtables(dsl)
    cpus, ignored, seen, notes, duplicates = [], [], {}, set(), 0
    for off, typ, f in subs:
        if typ == 0:
            apic, uid, invalid = f['Local Apic ID'], f['Processor ID'], 0xFF
        elif typ == 9:
            apic, uid, invalid = f['Processor x2Apic ID'], f['Processor UID'], 0xFFFFFFFF
        else:
            if typ >= 0x18:
                notes.add('reserved-type')
            continue
        flags = f['Flags (decoded below)']
        enabled = flags & 1
        online = int(not enabled and revision >= 5 and bool(flags & 2))
        row = dict(apic=apic, uid=uid, type=typ, enabled=enabled, online_capable=online,
                   flags=flags & 0xFF, off=off)
        if not enabled and not online:
            ignored.append(dict(row, reason='unusable'))
        elif apic == invalid:
            notes.add('invalid-id-usable')
            ignored.append(dict(row, reason='invalid-id'))
        elif apic in seen:
            if seen[apic] != typ:
                notes.add('both-types')
            else:
                duplicates += 1  # a firmware bug: a problem, not a note
            ignored.append(dict(row, reason='repeat'))
        else:
            seen[apic] = typ
            if typ == 9 and apic < 0xFF:
                notes.add('x2apic-small-id')
            cpus.append(row)
    if cpus and 0 not in seen:
        notes.add('no-apic-id-0')
    return revision, cpus, ignored, sorted(notes), duplicates


def write(dat):
    revision, cpus, ignored, notes, duplicates = expect(disassemble(dat))
    out = os.path.splitext(dat)[0] + '.expect'
    with open(out, 'w') as f:
        f.write('# From `iasl -d %s` by tests/data/madt/expect.py; do not edit.\n'
                % os.path.basename(dat))
        f.write('revision %d\n' % revision)
        for c in cpus:
            f.write('cpu apic=%#x uid=%d type=%d enabled=%d online_capable=%d\n'
                    % (c['apic'], c['uid'], c['type'], c['enabled'], c['online_capable']))
        for c in ignored:
            f.write('ignored apic=%#x uid=%d type=%d flags=%#x reason=%s\n'
                    % (c['apic'], c['uid'], c['type'], c['flags'], c['reason']))
        f.write('duplicates %d\n' % duplicates)
        f.write('notes %s\n' % (','.join(notes) or '-'))
    print('%s: %d usable, %d ignored, %d duplicates, notes %s'
          % (out, len(cpus), len(ignored), duplicates, ','.join(notes) or '-'))


def main(argv):
    names = argv[1:] or sorted(n for n in os.listdir(HERE) if n.endswith('.dat'))
    for n in names:
        write(n if os.path.isabs(n) or os.path.exists(n) else os.path.join(HERE, n))


if __name__ == '__main__':
    main(sys.argv)
