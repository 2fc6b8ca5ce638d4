"""Facts read from an smpscope serial log: ev= events and KTAP results.

Kept small on purpose: smpscope-report (tools/report, issue 5) will replace it
as the reader the tests use; until then this is the one place that parses logs.
"""
import re

EV_RE = re.compile(r'^# ev=(\S+)(.*)$')
KV_RE = re.compile(r'([A-Za-z_][\w-]*)=("(?:[^"\\]|\\.)*"|\S*)')
RESULT_RE = re.compile(r'^(\s*)(ok|not ok) (\d+) (\S+)(?: # (.*))?$')


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
        self.results = []  # (indent, ok, number, name, message)
        for line in self.lines:
            m = EV_RE.match(line)
            if m:
                kv = {k: unquote(v) for k, v in KV_RE.findall(m.group(2))}
                self.events.append((m.group(1), kv))
                continue
            m = RESULT_RE.match(line)
            if m:
                self.results.append((len(m.group(1)), m.group(2) == 'ok', int(m.group(3)),
                                     m.group(4), m.group(5) or ''))

    def ev(self, name):
        return [kv for n, kv in self.events if n == name]

    def has_line(self, line):
        return line in self.lines

    def top_results(self):
        return [r for r in self.results if r[0] == 0]

    def failed(self):
        return [r for r in self.results if not r[1]]
