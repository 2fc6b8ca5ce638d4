"""Reads one smpscope log with Linux's own KTAP parser (tools/testing/kunit of Debian's
linux-source-6.12, unpacked into BUILD_DIR/kunit by tools/kunit-fetch.sh) and compares what it
understood with what the image wrote. See docs/testing.md and docs/log-format.md.

The parser is the code `kunit.py parse LOG` runs (kunit.parse_tests), called in this process
so that two hundred logs cost one Python start; test_kunit.py also runs the real command line
on a few logs and checks that both agree.
"""
import io
import os
import re
import sys
from dataclasses import dataclass, field

KUNIT_SUBDIR = os.path.join('kunit', 'tools', 'testing', 'kunit')

# The image's own KTAP lines (docs/log-format.md). A capture may carry a CR at either end.
HEADER = re.compile(r'^KTAP version 1$')
PLAN = re.compile(r'^1\.\.(\d+)$')
TOP = re.compile(r'^(ok|not ok) (\d+) (\S+)(?: # (.*))?$')
SUBTEST = re.compile(r'^    # Subtest: (\S+)$')
SUB = re.compile(r'^    (ok|not ok) (\d+) (\S+)(?: # (.*))?$')
EXIT = re.compile(r'^# ev=exit result=(\S+)')
# The one error Linux's parser must report for a boot cut before its plan was met.
CUT_ERROR = 'missing expected subtest!'
# A boot cut inside a top-level test also leaves that test without its result line.
CUT_INSIDE_ERROR = 'missing subtest result line!'


def clean(line):
    return line.strip('\r\n').lstrip('\r')


@dataclass
class Result:
    name: str
    verdict: str  # pass, fail or skip
    subs: list = field(default_factory=list)  # of Result


@dataclass
class Boot:
    """One KTAP document: from a `KTAP version 1` at column 0 up to the next one."""
    lines: list
    plan: int = None
    tests: list = field(default_factory=list)
    exit: str = None  # the result= of `# ev=exit`, None when the boot never got there

    @property
    def cut(self):
        """The boot stopped (a hang, a reset) before its last result."""
        return self.exit is None and (self.plan is None or len(self.tests) < self.plan)


def verdict_of(word, comment):
    if word == 'ok' and comment and comment.upper().startswith('SKIP'):
        return 'skip'
    return 'pass' if word == 'ok' else 'fail'


def split_boots(lines):
    """A capture holds one KTAP document per boot; Linux's parser reads one at a time. What comes
    before the first header (firmware, GRUB) goes with the first boot."""
    starts = [i for i, raw in enumerate(lines) if HEADER.match(clean(raw))]
    if not starts:
        return []
    starts[0] = 0
    return [Boot(lines[a:b]) for a, b in zip(starts, starts[1:] + [len(lines)])]


def read_image(boot):
    """Fills in what the image itself said: its plan, its results and its exit verdict."""
    subs, seen_header = [], False
    for raw in boot.lines:
        line = clean(raw)
        m = TOP.match(line)
        if m:
            boot.tests.append(Result(m.group(3), verdict_of(m.group(1), m.group(4)), subs))
            subs = []
            continue
        m = SUB.match(line)
        if m:
            subs.append(Result(m.group(3), verdict_of(m.group(1), m.group(4))))
            continue
        if SUBTEST.match(line):
            subs = []
        elif HEADER.match(line):
            seen_header = True
        elif seen_header and boot.plan is None and PLAN.match(line):
            boot.plan = int(PLAN.match(line).group(1))
        elif EXIT.match(line):
            boot.exit = EXIT.match(line).group(1)
    return boot


class Kunit:
    """Linux's parser, imported from BUILD_DIR/kunit."""

    def __init__(self, build):
        self.dir = os.path.abspath(os.path.join(build, KUNIT_SUBDIR))
        self.script = os.path.join(self.dir, 'kunit.py')
        if not os.path.isfile(self.script):
            raise FileNotFoundError(self.script)
        sys.path.insert(0, self.dir)
        import kunit  # noqa: E402  (Linux's kunit.py)
        import kunit_json
        import kunit_parser
        import kunit_printer
        self.kunit, self.json, self.parser, self.printer = (kunit, kunit_json, kunit_parser,
                                                            kunit_printer)
        self.names = {s: n for s, n in (
            (kunit_parser.TestStatus.SUCCESS, 'pass'), (kunit_parser.TestStatus.FAILURE, 'fail'),
            (kunit_parser.TestStatus.SKIPPED, 'skip'),
            (kunit_parser.TestStatus.TEST_CRASHED, 'crashed'),
            (kunit_parser.TestStatus.NO_TESTS, 'no tests'),
            (kunit_parser.TestStatus.FAILURE_TO_PARSE_TESTS, 'unparsable'))}

    def parse(self, lines):
        """What `kunit.py parse` does with these lines: (its printed text, its Test tree)."""
        out = io.StringIO()
        self.printer.stdout._output = out
        self.printer.stdout._use_color = False
        request = self.kunit.KunitParseRequest(raw_output=None, json=None)
        _, test = self.kunit.parse_tests(request, self.json.Metadata(), lines)
        return out.getvalue(), test

    def verdict(self, test):
        return self.names.get(test.status, str(test.status))


def errors_of(text):
    """The parser's [ERROR] lines, without their timestamp."""
    return [line.split('] ', 1)[-1] for line in text.split('\n') if '[ERROR]' in line]


def compare(kunit, name, image, parsed):
    """Differences between a result as the image wrote it and as kunit read it."""
    got = kunit.verdict(parsed)
    if parsed.name != image.name or got != image.verdict:
        return ['%s: image says %s %s, kunit read %s %s' % (name, image.verdict, image.name, got,
                                                            parsed.name or '(no name)')]
    bad = []
    kids = parsed.subtests
    if len(kids) != len(image.subs):
        bad.append('%s: image has %d subtests, kunit read %d' % (image.name, len(image.subs),
                                                                len(kids)))
    for i, (want, have) in enumerate(zip(image.subs, kids)):
        bad += compare(kunit, '%s subtest %d' % (image.name, i + 1), want, have)
    return bad


def name_rule(boot):
    """docs/log-format.md: a subtest never carries its parent's name."""
    return ['subtest %d of %s carries its parent\'s name' % (i + 1, t.name)
            for t in boot.tests for i, s in enumerate(t.subs) if s.name == t.name]


def check_boot(kunit, boot, label):
    """Problems with one boot: parser errors, verdicts that differ, names that repeat."""
    text, root = kunit.parse(boot.lines)
    errors = errors_of(text)
    bad = ['%s: %s' % (label, p) for p in name_rule(boot)]
    if boot.cut:
        # The parser must see the cut, and nothing else: one missing result per unmet plan slot,
        # and at most one test left open where the cut fell.
        missing = (boot.plan or 0) - len(boot.tests)
        fine = [e for e in errors if e.endswith(': ' + CUT_ERROR)]
        inside = [e for e in errors if e.endswith(': ' + CUT_INSIDE_ERROR)]
        if len(fine) != missing or len(inside) > 1 or len(errors) != len(fine) + len(inside):
            bad += ['%s: cut after %d of %d results, kunit: %s' % (
                label, len(boot.tests), boot.plan or 0, '; '.join(errors) or 'no error')]
    else:
        bad += ['%s: kunit %s' % (label, e) for e in errors]
    done = root.subtests[:len(boot.tests)]
    if len(done) < len(boot.tests):
        bad.append('%s: image wrote %d results, kunit read %d' % (label, len(boot.tests),
                                                                  len(done)))
    for i, (want, have) in enumerate(zip(boot.tests, done)):
        bad += ['%s: %s' % (label, p) for p in compare(kunit, 'test %d' % (i + 1), want, have)]
    extra = [t for t in root.subtests[len(boot.tests):]
             if not boot.cut or kunit.verdict(t) != 'crashed']
    if extra:
        bad.append('%s: kunit read %d results the image did not write' % (label, len(extra)))
    overall = kunit.verdict(root)
    if boot.exit == 'pass' and overall != 'pass':
        bad.append('%s: image exits pass, kunit says %s' % (label, overall))
    if boot.exit == 'fail' and overall != 'fail':
        bad.append('%s: image exits fail, kunit says %s' % (label, overall))
    if boot.cut and overall != 'crashed':
        bad.append('%s: the boot was cut, kunit says %s, not crashed' % (label, overall))
    return bad, overall


def check_lines(kunit, lines):
    """(problems, summary) for one capture."""
    boots = [read_image(b) for b in split_boots(lines)]
    if not boots:
        text, root = kunit.parse(lines)
        if kunit.verdict(root) == 'unparsable' and root.subtests == []:
            return [], 'no KTAP in this capture, and kunit finds none either'
        return ['no KTAP header, yet kunit read %s' % kunit.verdict(root)], ''
    bad, verdicts = [], []
    for n, boot in enumerate(boots):
        label = 'boot %d' % (n + 1) if len(boots) > 1 else 'log'
        b, overall = check_boot(kunit, boot, label)
        bad += b
        verdicts.append('%s%s' % (overall, ' (cut)' if boot.cut else ''))
    tests = sum(len(b.tests) for b in boots)
    subs = sum(len(t.subs) for b in boots for t in b.tests)
    return bad, 'kunit: %s; %d results and %d subtest results agree' % (', '.join(verdicts),
                                                                         tests, subs)


def check_file(kunit, path):
    # As `kunit.py parse FILE` reads it.
    with open(path, 'r', errors='backslashreplace') as f:
        return check_lines(kunit, f.read().splitlines())
