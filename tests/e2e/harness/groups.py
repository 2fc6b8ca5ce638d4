"""The e2e groups, found rather than registered: every tests/e2e/<name>.py that defines TESTS is
the group <name>, and its GROUP dict says the rest, as a section of kvm-unit-tests'
unittests.cfg does for a test:

    GROUP = {
        'order': 60,             # where its tests come in a full run (then by name)
        'covers': 'every bringup case under each machine, ...',
        'docs': 'docs/flows.md', # the page that says what is tested
        'timing': False,         # False: function only, run two at a time; True: alone
    }

'timing' is the default of its tests; a test that differs says so (Test.timing). The group's
name is its file's: adding a group is adding one file (docs/testing.md, "The e2e harness")."""
import dataclasses
import importlib
import os
import sys

E2E = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ROOT = os.path.dirname(os.path.dirname(E2E))
KEYS = {'order': int, 'covers': str, 'docs': str, 'timing': bool}
ENTRY = 'e2e'  # tests/e2e/e2e.py: the command, no group


@dataclasses.dataclass
class Group:
    name: str
    order: int
    covers: str
    docs: str
    timing: bool
    tests: list


def load(name):
    """The group of tests/e2e/<name>.py, its tests' group and timing filled in; None when the
    module defines no TESTS (it is no group)."""
    module = importlib.import_module(name)
    if not hasattr(module, 'TESTS'):
        return None
    meta = getattr(module, 'GROUP', None)
    where = 'tests/e2e/%s.py' % name
    if not isinstance(meta, dict) or set(meta) != set(KEYS) or \
            any(not isinstance(meta[k], t) for k, t in KEYS.items()):
        sys.exit('e2e: %s has TESTS but its GROUP is not a dict of %s' % (
            where, ', '.join('%s (%s)' % (k, t.__name__) for k, t in KEYS.items())))
    if not os.path.exists(os.path.join(ROOT, meta['docs'])):
        sys.exit('e2e: %s: GROUP docs %s does not exist' % (where, meta['docs']))
    for t in module.TESTS:
        t.group = name
        if t.timing is None:
            t.timing = meta['timing']
    return Group(name, meta['order'], meta['covers'], meta['docs'], meta['timing'],
                 list(module.TESTS))


def discover():
    """Every group, in run order: by GROUP['order'], then by name. A test name twice is an
    error: logs, other suites and docs/matrix.md find a test by its name."""
    if E2E not in sys.path:
        sys.path.insert(0, E2E)
    found = [load(f[:-3]) for f in sorted(os.listdir(E2E))
             if f.endswith('.py') and f[:-3] != ENTRY]
    groups = sorted((g for g in found if g), key=lambda g: (g.order, g.name))
    seen = {}
    for g in groups:
        for t in g.tests:
            if t.name in seen:
                sys.exit('e2e: test %s is in group %s and in group %s' % (t.name, seen[t.name],
                                                                          g.name))
            seen[t.name] = g.name
    return groups


def select(groups, names):
    """The groups named (a list of names), in run order; exits naming the known ones when a
    name is none of them."""
    known = {g.name for g in groups}
    unknown = [n for n in names if n not in known]
    if unknown:
        sys.exit('e2e: no group %s; the groups: %s' % (' '.join(unknown),
                                                       ' '.join(g.name for g in groups)))
    return [g for g in groups if g.name in names]
