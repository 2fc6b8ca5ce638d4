#!/usr/bin/env python3
"""Every capture the e2e suite left in BUILD_DIR/e2e, read by Linux's own KTAP parser
(`kunit.py parse`, from BUILD_DIR/kunit: tools/kunit-fetch.sh): no parser error, and every
verdict the parser reads equals the one the image wrote. Then self-tests that show the check
can fail. Run after the e2e suite. See docs/testing.md.

    tests/kunit/test_kunit.py BUILD_DIR
"""
import glob
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from ktapcheck import Kunit, check_file, check_lines, split_boots, read_image  # noqa: E402

# What the emulator runners write next to a log; not the image's output (tools/qemu-run.sh,
# tools/bochs-run.sh); port 0x80's bytes, the screen read back and its QMP socket
# (tests/e2e/postcode.py, tests/e2e/harness/boot.py). Any other LOG.<suffix> is a second console
# of the image (tests/e2e).
NOT_IMAGE = ('.qemu', '.bochs', '.bochs-log', '.trace', '.post', '.vga', '.ppm', '.screen',
             '.qmp')

# A log small enough to read here, should build/e2e be empty: a case and two checks.
SAMPLE = '''KTAP version 1
1..1
# ev=boot proto=multiboot1
    KTAP version 1
    # Subtest: probe
    1..2
    ok 1 madt_found
    ok 2 tsc_frequency # 1000 MHz
ok 1 probe
# ev=exit result=pass code=0x10
'''

n = failed = 0


def result(ok, name, note=''):
    global n, failed
    n += 1
    failed += not ok
    print('%s %d %s%s' % ('ok' if ok else 'not ok', n, name, ' # ' + note if note else ''))


def captures(build):
    logs = []
    for path in sorted(glob.glob(os.path.join(build, 'e2e', '*.log*'))):
        suffix = path[path.index('.log') + 4:]
        if suffix not in NOT_IMAGE:
            logs.append(path)
    return logs


def check_one(kunit, path):
    """Prints the capture's line; returns its problems and its summary."""
    try:
        bad, summary = check_file(kunit, path)
    except Exception as e:  # a parser crash is this log's failure, not the suite's
        bad, summary = ['checking raised %s: %s' % (type(e).__name__, e)], ''
    result(not bad, os.path.basename(path), summary if not bad else '; '.join(bad[:3]))
    for line in bad:
        print('# ' + line)
    return bad, summary


def planted(kunit, name, lines):
    """The name rule: a subtest renamed to its parent's name must be caught."""
    boots = [read_image(b) for b in split_boots(lines)]
    victim = next((t for b in boots for t in b.tests if t.subs), None)
    if victim is None:
        result(False, name, 'no result with subtests to plant on')
        return
    sub = victim.subs[0].name
    pat = re.compile(r'^(\s*)(ok|not ok) 1 %s\b' % re.escape(sub))
    done, out = False, []
    for line in lines:
        if not done and line.startswith('    ') and pat.match(line.lstrip('\r')):
            line = line.replace(' 1 %s' % sub, ' 1 %s' % victim.name, 1)
            done = True
        out.append(line)
    bad, _ = check_lines(kunit, out)
    caught = [b for b in bad if 'parent' in b] and [b for b in bad if 'kunit' in b]
    result(bool(caught), name, 'subtest %s renamed %s: %s' % (
        sub, victim.name, '; '.join(bad[:2]) if caught else 'not caught'))


def flipped(kunit, name, lines):
    """The verdict comparison: an exit verdict the KTAP does not support must be caught."""
    out = [re.sub(r'ev=exit result=pass', 'ev=exit result=fail', line) for line in lines]
    bad, _ = check_lines(kunit, out)
    result(any('image exits fail' in b for b in bad), name, '; '.join(bad[:1]) or 'not caught')


def command_line(kunit, logs):
    """The in-process parse equals what `python3 kunit.py parse LOG` prints and returns."""
    for path in logs:
        with open(path, 'r', errors='backslashreplace') as f:
            text, root = kunit.parse(f.read().splitlines())
        try:
            p = subprocess.run([sys.executable, kunit.script, 'parse', os.path.abspath(path)],
                               capture_output=True, text=True, timeout=60)
        except subprocess.TimeoutExpired:
            result(False, 'kunit.py parse ' + os.path.basename(path), 'no answer in 60 s')
            continue
        strip = re.compile(r'^\[\d\d:\d\d:\d\d\] ', re.M)
        same = strip.sub('', p.stdout) == strip.sub('', text)
        rc = 0 if kunit.verdict(root) == 'pass' else 1
        result(same and p.returncode == rc, 'kunit.py parse ' + os.path.basename(path),
               'exit %d, output %s' % (p.returncode, 'identical' if same else 'differs'))


def main():
    build = sys.argv[1] if len(sys.argv) > 1 else 'build'
    try:
        kunit = Kunit(build)
    except (FileNotFoundError, ImportError) as e:
        print('not ok 1 kunit-parser # Linux\'s KTAP parser is missing (%s): run '
              'tools/kunit-fetch.sh %s, which needs apt and the network' % (e, build))
        print('1..1')
        return 1
    logs = captures(build)
    checked = {path: check_one(kunit, path) for path in logs}
    if not logs:
        result(True, 'e2e-logs', 'SKIP no e2e logs in %s/e2e: run the e2e suite first' % build)

    sample = SAMPLE.splitlines()
    bad, summary = check_lines(kunit, sample)
    result(not bad, 'self-test-sample-parses', summary if not bad else '; '.join(bad))
    planted(kunit, 'self-test-parent-name-sample', sample)
    flipped(kunit, 'self-test-exit-verdict-sample', sample)
    # A boot cut after its header (a hang, a reset) and the next boot in one capture.
    bad, summary = check_lines(kunit, sample[:3] + sample)
    result(not bad and 'crashed (cut), pass' in summary, 'self-test-two-boots',
           summary if not bad else '; '.join(bad))
    # The name rule on a real log: the largest one with subtests that passes here.
    real = [p for p, (bad, summary) in checked.items()
            if not bad and not summary.endswith(' 0 subtest results agree')]
    if real:
        path = max(real, key=os.path.getsize)
        with open(path, 'r', errors='backslashreplace') as f:
            lines = f.read().splitlines()
        planted(kunit, 'self-test-parent-name-' + os.path.basename(path), lines)
    # The real command line on one capture of each kind: a pass, a fail, no KTAP.
    kinds = ('kunit: pass;', 'kunit: fail;', 'no KTAP')
    command_line(kunit, [next(p for p, (b, s) in checked.items() if s.startswith(k))
                         for k in kinds if any(s.startswith(k) for b, s in checked.values())])
    print('1..%d' % n)
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
