"""Facts read from an smpscope serial log: ev= events and KTAP results.

The tests' own reader of the log, independent of smpscope-report (tools/report): the report
suite holds the tool's JSON against what this reads from the same log
(tests/report/test_report.py), so a parser bug cannot hide in both at once.
"""
import dataclasses
import re

EV_RE = re.compile(r'^# ev=(\S+)(.*)$')
KV_RE = re.compile(r'([A-Za-z_][\w-]*)=("(?:[^"\\]|\\.)*"|\S*)')
RESULT_RE = re.compile(r'^(\s*)(ok|not ok) (\d+) (\S+)(?: # (.*))?$')


@dataclasses.dataclass(frozen=True)
class Result:
    """One KTAP result line: `ok 3 cpus_online # 28/28 online` at indent 4 is a subtest's."""
    indent: int    # spaces before it: 0 for a top-level result
    ok: bool
    number: int
    name: str
    message: str   # what follows ' # ' (a reason, or SKIP ...); '' when nothing does


def unquote(v):
    if len(v) >= 2 and v[0] == '"' and v[-1] == '"':
        return re.sub(r'\\(.)', r'\1', v[1:-1])
    return v


class Log:
    def __init__(self, text):
        # A serial line brings CRs and GRUB's escape sequences; neither is ours.
        text = re.sub(r'\x1b\[[0-9;?]*[A-Za-z]', '', text.replace('\r', ''))
        self.lines = text.split('\n')
        self.events = []
        self.results = []
        for line in self.lines:
            m = EV_RE.match(line)
            if m:
                kv = {k: unquote(v) for k, v in KV_RE.findall(m.group(2))}
                self.events.append((m.group(1), kv))
                continue
            m = RESULT_RE.match(line)
            if m:
                self.results.append(Result(len(m.group(1)), m.group(2) == 'ok',
                                           int(m.group(3)), m.group(4), m.group(5) or ''))

    def ev(self, name):
        return [kv for n, kv in self.events if n == name]

    def has_line(self, line):
        return line in self.lines

    def top_results(self):
        return [r for r in self.results if r.indent == 0]

    def failed(self):
        return [r for r in self.results if not r.ok]

    def named(self, name):
        """The results of that name, subtests and top level, in log order."""
        return [r for r in self.results if r.name == name]
