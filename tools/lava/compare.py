"""Checks the per-case results LAVA recorded against smpscope's own (docs/lab.md).

    python3 tools/lava/compare.py BUILD LAVA_STDERR_LOG OUT_DIR [--fail CASE,...] [--cases CASE,...]

LAVA_STDERR_LOG is lava-run's log stream: one YAML (JSON-shaped) dict a line; the monitors'
results are the `lvl: results` lines whose definition is an smpscope job's, the console is the
`lvl: target` lines. The console goes to OUT_DIR/console.log and through
`smpscope-report json`, whose boots (one a rung) are smpscope's own verdicts. The two must name
the same cases, the ladder of the table (tests/names.py: Names.ladder) or those --cases names
(a job that booted one case), in the same order, with the same results; --fail lists the cases
that must fail, every other one must pass. lava-server keeps the same stream as a YAML list (a
`- ` before each dict); tools/lab/jobs.py reads its results from the server and calls check().
"""
import json
import os
import subprocess
import sys


def lava_results(path):
    """[(case, pass|fail|skip)] from the monitors, and the console text."""
    results, console = [], []
    with open(path, errors='replace') as f:
        for line in f:
            try:
                d = json.loads(line[2:] if line.startswith('- ') else line)
            except ValueError:
                continue
            msg = d.get('msg')
            if d.get('lvl') == 'target' and isinstance(msg, str):
                console.append(msg)
            elif d.get('lvl') == 'results' and isinstance(msg, dict) and \
                    str(msg.get('definition', '')).startswith('smpscope-'):
                results.append((msg.get('extra', {}).get('test_case_id', msg['case']),
                                msg['result']))
    return results, '\n'.join(console) + '\n'


def own_results(report, log):
    out = subprocess.run([report, 'json', log], capture_output=True, text=True)
    if out.returncode not in (0, 1):
        raise SystemExit('compare: %s json %s: %s' % (report, log, out.stderr.strip()))
    res = []
    for b in json.loads(out.stdout)['boots']:
        word = 'skip' if b.get('skipped') else 'pass' if b.get('result') == 'ok' else 'fail'
        res.append((b['case'], word))
    return res


def check(build, lava, console, out, must_fail=(), cases=None):
    """LAVA's [(case, result)] against smpscope's verdicts in the CONSOLE text (written to
    OUT/console.log), printed as KTAP-like lines; 0 when they agree and meet the expectation.
    CASES: the ones a per-case job booted, else the ladder."""
    sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..',
                                    'tests'))
    from names import load
    ladder = list(cases) if cases else load(build).ladder()
    os.makedirs(out, exist_ok=True)
    console_log = os.path.join(out, 'console.log')
    with open(console_log, 'w') as f:
        f.write(console)
    own = own_results(os.path.join(build, 'smpscope-report'), console_log)
    bad = []
    if [c for c, _ in lava] != ladder:
        bad.append('LAVA recorded %s, expected %s' % ([c for c, _ in lava], ladder))
    if lava != own:
        bad.append('LAVA says %s, smpscope-report says %s' % (lava, own))
    for i, (case, res) in enumerate(lava, 1):
        want = 'fail' if case in must_fail else 'pass'
        print('%s %d %s # LAVA %s, smpscope %s, expected %s' % (
            'ok' if res == want and (case, res) in own else 'not ok', i, case, res,
            dict(own).get(case, 'nothing'), want))
        if res != want:
            bad.append('%s: LAVA %s, expected %s' % (case, res, want))
    for b in bad:
        print('# compare: ' + b)
    print('# compare: %s (%d cases, console in %s)' % ('FAIL' if bad else 'same results',
                                                      len(lava), console_log))
    return 1 if bad else 0


def main(argv):
    if len(argv) < 3 or len(argv) % 2 == 0:
        raise SystemExit(__doc__)
    build, log, out = argv[:3]
    opts = dict(zip(argv[3::2], argv[4::2]))
    if set(opts) - {'--fail', '--cases'}:
        raise SystemExit(__doc__)
    must_fail = set(opts['--fail'].split(',')) if '--fail' in opts else set()
    cases = opts['--cases'].split(',') if '--cases' in opts else None
    lava, console = lava_results(log)
    return check(build, lava, console, out, must_fail, cases)


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
