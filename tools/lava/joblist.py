"""The jobs `make lava` and `make lab` run (docs/lab.md), one a line, fields between |:
NAME KNOBS CASE FAIL, CASE empty for case=all, FAIL the cases that must come back as fail
(comma-separated, empty: every case must pass).

    python3 tools/lava/joblist.py BUILD

The ladder in one boot passing, then with an AP stopped at longmode from the parallel rung on,
where parallel and broadcast must fail, then every other case of the table alone (the ladder's
rungs are case=all's).
"""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'tests'))
from names import load  # noqa: E402

# timeout_ms=3000: 27 spinning APs share the host's cores with the BSP in early-kick and
# kick-before-prepare (tests/e2e/ladder.py says why).
KNOBS = 'timeout_ms=3000'


def jobs(build):
    """[(name, knobs, case or '', fail)]"""
    names = load(build)
    out = [('all-pass', KNOBS, '', ''),
           ('all-fault', KNOBS + ' fault=stop:longmode@0x5 fault_from=parallel', '',
            'parallel,broadcast')]
    for c in names.case_names():
        if c == 'all' or c in names.ladder():
            continue
        # A fresh QEMU has no older log: lastlog and save say so and fail, in LAVA as in their
        # own KTAP (save: nothing in RAM to file, and no stick).
        out.append(('case-' + c, KNOBS, c, c if c in ('lastlog', 'save') else ''))
    return out


if __name__ == '__main__':
    if len(sys.argv) != 2:
        raise SystemExit(__doc__)
    for j in jobs(sys.argv[1]):
        print('|'.join(j))
