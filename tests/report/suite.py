"""What the report suites share: KTAP-style result lines, the tool run under a timeout, and the
logs the e2e suite left in BUILD/e2e."""
import os
import subprocess
import sys

BUILD = sys.argv[1] if len(sys.argv) > 1 else 'build'
TOOL = os.path.join(BUILD, 'smpscope-report')
E2E = os.path.join(BUILD, 'e2e')
WORK = os.path.join(BUILD, 'report-tests')
counts = {'n': 0, 'failed': 0}


def result(ok, name, why=''):
    counts['n'] += 1
    counts['failed'] += not ok
    print('%s %d %s%s' % ('ok' if ok else 'not ok', counts['n'], name, '' if ok else ' # ' + why))
    sys.stdout.flush()


def tool(*args):
    """Runs the tool with a timeout; a crash or a hang is a result, not an exception."""
    try:
        p = subprocess.run([TOOL] + list(args), capture_output=True, text=True, timeout=20,
                           errors='replace')
        return p.returncode, p.stdout, p.stderr
    except subprocess.TimeoutExpired:
        return 'timeout', '', ''


def e2e_log(name):
    path = os.path.join(E2E, name + '.log')
    return path if os.path.exists(path) else None


def write(name, data):
    os.makedirs(WORK, exist_ok=True)
    path = os.path.join(WORK, name)
    with open(path, 'w', encoding='latin-1') as f:
        f.write(data)
    return path


def read(path):
    with open(path, encoding='latin-1') as f:
        return f.read()


def finish():
    print('1..%d' % counts['n'])
    return 1 if counts['failed'] else 0
