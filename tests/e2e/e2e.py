#!/usr/bin/env python3
"""The emulator matrix: boots the image under each configuration of every e2e group, with a
timeout, and asserts facts from its log (docs/testing.md).

    tests/e2e/e2e.py BUILD_DIR [NAME_REGEX] [--group 'NAME ...']
    tests/e2e/e2e.py BUILD_DIR --groups        # the groups: tests, timed, docs page, what

A group is a module tests/e2e/<group>.py with TESTS and GROUP (tests/e2e/harness/groups.py);
--group runs only the groups named, NAME_REGEX only the tests whose names match."""
import argparse
import re
import sys

from harness import groups, runner


def listing(found):
    rows = [('group', 'tests', 'timed', 'docs', 'covers')]
    rows += [(g.name, str(len(g.tests)), str(sum(1 for t in g.tests if t.timing)), g.docs,
              g.covers) for g in found]
    widths = [max(len(r[i]) for r in rows) for i in range(4)]
    return '\n'.join('  '.join(r[i].ljust(widths[i]) for i in range(4)) + '  ' + r[4]
                     for r in rows) + '\n%d tests in %d group%s' % (
        sum(len(g.tests) for g in found), len(found), '' if len(found) == 1 else 's')


def main():
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('build', nargs='?', default='build')
    p.add_argument('regex', nargs='?', help='run only the tests whose name this matches')
    p.add_argument('--group', help='run only these groups (names separated by spaces or commas)')
    p.add_argument('--groups', action='store_true', help='list the groups and exit')
    a = p.parse_args()
    found = groups.discover()
    if a.group:
        found = groups.select(found, a.group.replace(',', ' ').split())
    if a.groups:
        print(listing(found))
        return 0
    only = re.compile(a.regex) if a.regex else None
    tests = [t for g in found for t in g.tests if not only or only.search(t.name)]
    return runner.run_all(a.build, tests)


if __name__ == '__main__':
    sys.exit(main())
