#!/usr/bin/env python3
"""smpscope-report fleet on logs the e2e suite produced, from machines QEMU and Bochs emulate
(Haswell under SeaBIOS and OVMF, qboot, Bochs, AMD models, 28 CPUs, 8, two packages). The page is
read as HTML and held against the logs themselves: one row per machine (the logs' own header
tells the machines apart), one cell per case run there, green or red as the log's KTAP results
say, the failing CPU and its step, each cell's link to the timeline `smpscope-report svg` draws
of that run, the summary's counts. Bad inputs (empty, another program's, two boots, cut short)
get unreadable rows with their reasons; a LAVA job log joins its machine's row. Headless Chromium
renders the page and the screenshot must show one row band per machine and per bad input.
Prints `ok N name` lines and a plan; run after the e2e suite. The page and its picture stay in
BUILD/report-tests/fleet.html and fleet.png.

    tests/report/test_fleet.py BUILD_DIR
"""
import base64
import collections
import html.parser
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import zlib

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'e2e'))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness.logfacts import Log, RESULT_RE  # noqa: E402

from suite import result, e2e_log, read, finish, tool, counts, BUILD, TOOL, WORK  # noqa: E402
from png import png_rows  # noqa: E402

CHROMIUM = shutil.which('chromium') or shutil.which('chromium-browser')
# Logs of different machines, and of one machine more than once (the ladder, two Haswell runs).
MACHINES = ['serial-seabios-q35-haswell28', 'parallel-seabios-q35-haswell28', 'broadcast-ovmf-28',
            'broadcast-bochs4-xapic', 'parallel-bochs4-x2apic', 'amd-parallel-qemu-epyc-leaf-b',
            'amd-parallel-bochs-ryzen', 'one-boot-ladder-fault-from-parallel', 'nosipi-serial',
            'stop-longmode-parallel'] + ['ladder-%02d-%s' % (i, c) for i, c in enumerate((
                'one-ap', 'legacy-serial', 'serial', 'early-kick', 'kick-before-prepare',
                'parallel', 'broadcast'))]
# What each bad input's row must say.
BAD = {'empty.log': 'empty log', 'other-program.log': 'not an smpscope log',
       'two-boots.log': '2 boots in one file', 'truncated.log': 'truncated'}
VOID = {'br', 'img', 'meta', 'link', 'hr', 'input', 'wbr'}


def skip(name, why):
    counts['n'] += 1
    print('ok %d %s # SKIP %s' % (counts['n'], name, why))
    sys.stdout.flush()


class Node:
    def __init__(self, tag, attrs):
        self.tag, self.attrs, self.kids = tag, dict(attrs), []

    def cls(self):
        return self.attrs.get('class', '').split()

    def all(self, tag=None, cls=None):
        for k in self.kids:
            if isinstance(k, Node):
                if (tag is None or k.tag == tag) and (cls is None or cls in k.cls()):
                    yield k
                yield from k.all(tag, cls)

    def text(self):
        return ''.join(k if isinstance(k, str) else k.text() for k in self.kids)


class Page(html.parser.HTMLParser):
    """The page as a tree of Nodes; what does not nest is an error, not a guess."""

    def __init__(self, text):
        super().__init__(convert_charrefs=True)
        self.root, self.errors = Node('#root', {}), []
        self.stack = [self.root]
        self.feed(text)
        self.close()
        if len(self.stack) != 1:
            self.errors.append('unclosed: %s' % [n.tag for n in self.stack[1:]])

    def handle_starttag(self, tag, attrs):
        n = Node(tag, attrs)
        self.stack[-1].kids.append(n)
        if tag not in VOID:
            self.stack.append(n)

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        if self.stack[-1].tag != tag:
            self.errors.append('</%s> closes <%s>' % (tag, self.stack[-1].tag))
            return
        self.stack.pop()

    def handle_data(self, data):
        self.stack[-1].kids.append(data)


def identity(log):
    """What names a machine, read from the log without the tool: ev=boot, ev=cpu, ev=exit."""
    boot = (log.ev('boot') or [{}])[0]
    vendor = boot.get('bios_vendor') or ''.join(e.get('bios_vendor', '') for e in log.ev('exit'))
    cpus = {kv.get('cpu'): kv.get('pkg') for kv in log.ev('cpu')}
    return (boot.get('brand'), boot.get('cpu_vendor'), boot.get('family'), boot.get('model'),
            boot.get('stepping'), vendor, boot.get('efi'), len(cpus), len(set(cpus.values())))


def runs(text):
    """(case, ok, skipped, facts of that run) per top-level result: case=all's rungs each."""
    out, section = [], []
    for line in text.replace('\r', '').split('\n'):
        section.append(line)
        m = RESULT_RE.match(line)
        if m and not m.group(1):
            out.append((m.group(4), m.group(2) == 'ok', 'SKIP' in (m.group(5) or ''),
                        Log('\n'.join(section))))
            section = []
    return out


def failed_steps(run):
    """{cpu: step} of the CPUs a run's log shows failing: timeouts, APs not online, exceptions."""
    bad = {kv['cpu']: kv.get('step', '') for kv in run.ev('timeout') if 'late' not in kv}
    bad.update({kv['cpu']: kv.get('step', '') for kv in run.ev('exception')
                if kv.get('cpu', '0') != '0'})
    for kv in run.ev('ap'):
        if kv.get('state') != 'online':
            bad.setdefault(kv['cpu'], '')
    return bad


def lava_log(text):
    """The log as a LAVA server stores it: YAML flow mappings, the console as `target` lines and,
    after the last result, `feedback` ones."""
    def quote(s):
        esc = {'"': '\\"', '\\': '\\\\', '\x1b': '\\e', '\t': '\\t', '\r': '\\r'}
        return '"%s"' % ''.join(esc.get(c, c if ' ' <= c < '\x7f' else '\\x%02X' % ord(c))
                                for c in s)
    console = text.split('\n')
    # After the monitor matched the last result, the device's lines come as feedback (ev=exit).
    last = max(i for i, ln in enumerate(console) if re.match(r'(not )?ok \d+ ', ln))
    lines = ['- {"dt": "2026-01-01T00:00:00", "lvl": "info", "msg": "start: 0 validate"}']
    lines += ['- {"dt": "2026-01-01T00:00:01", "lvl": "target", "msg": %s}' % quote(ln)
              for ln in console[:last + 1]]
    lines += ['- {"dt": "2026-01-01T00:00:02", "lvl": "feedback", "msg": %s, "ns": "common"}'
              % quote(ln) for ln in console[last + 1:]]
    lines.append('- {"dt": "2026-01-01T00:00:02", "lvl": "results", "msg": {"case": "x"}}')
    return '\n'.join(lines) + '\n'


def bad_inputs(logs):
    """A folder of inputs: each bad input of BAD, a LAVA job's log, a file no log is named by."""
    d = os.path.join(WORK, 'fleet-inputs')
    shutil.rmtree(d, ignore_errors=True)
    os.makedirs(os.path.join(d, 'lava', 'job-1'))
    first, second = read(logs[0]), read(logs[1])
    cut = first[:len(first) // 2]
    files = {'empty.log': '', 'other-program.log': 'qemu-system-x86_64: -smp 28: warning\n'
             'Linux version 6.1.0 (gcc 12)\nlogin: \n', 'two-boots.log': first + second,
             'truncated.log': cut[:cut.rindex('\n') + 12], 'notes.md': 'not a log\n',
             os.path.join('lava', 'job-1', 'output.yaml'): lava_log(first)}
    for name, text in files.items():
        with open(os.path.join(d, name), 'w', encoding='latin-1', newline='') as f:
            f.write(text)
    return d, os.path.join(d, 'lava', 'job-1', 'output.yaml')


def expected(texts):
    """{identity: files} and {(identity, case): [runs]} from the logs alone ({path: text})."""
    machines, cells = collections.defaultdict(list), collections.defaultdict(list)
    for p, text in texts.items():
        ident = identity(Log(text))
        machines[ident].append(p)
        for r in runs(text):
            cells[(ident, r[0])].append(r)
    return machines, cells


def check_rows(page, machines):
    rows = list(page.root.all('tr', 'f-machine'))
    got = {frozenset(next(r.all('th', 'f-name')).attrs.get('title', '').split('\n')): r
           for r in rows}
    want = {frozenset(files): ident for ident, files in machines.items()}
    result(len(rows) == len(machines) and set(got) == set(want), 'fleet-one-row-per-machine',
           '%d rows, %d machines in the logs; rows %s' % (
               len(rows), len(machines), sorted(sorted(os.path.basename(f) for f in k)
                                                for k in got)))
    bad = []
    for files, row in got.items():
        ident, name = want.get(files), next(row.all('th', 'f-name')).text()
        if not ident:
            continue
        brand, vendor, apics = ident[0], ident[5], ident[7]
        if brand and brand != 'none' and brand not in name:
            bad.append('%r lacks the brand %r' % (name, brand))
        if vendor and vendor != 'none' and vendor not in name:
            bad.append('%r lacks the firmware %r' % (name, vendor))
        if '%d APIC' % apics not in name:
            bad.append('%r lacks %d APICs' % (name, apics))
    result(not bad, 'fleet-row-names-from-the-header', '; '.join(bad[:3]))
    return {want[f]: r for f, r in got.items() if f in want}


def check_cells(page, rows, cells, columns):
    bad, links = [], []
    for ident, row in rows.items():
        tds = list(row.all('td'))
        if len(tds) != len(columns):
            bad.append('a row has %d cells for %d columns' % (len(tds), len(columns)))
            continue
        for case, td in zip(columns, tds):
            rs = cells.get((ident, case), [])
            nfail = sum(1 for r in rs if not r[1] and not r[2])
            colour = 'f-none' if not rs else 'f-fail' if nfail else \
                'f-skipped' if all(r[2] for r in rs) else 'f-pass'
            where = '%s on %s' % (case, next(row.all('th')).text()[:40])
            if colour not in td.cls():
                bad.append('%s: %s, the logs say %s' % (where, td.cls(), colour))
                continue
            if rs and (td.attrs.get('data-runs') != str(len(rs)) or
                       td.attrs.get('data-failed') != str(nfail)):
                bad.append('%s: runs %s failed %s, the logs have %d and %d' % (
                    where, td.attrs.get('data-runs'), td.attrs.get('data-failed'), len(rs), nfail))
            if nfail:
                span = next(td.all('span', 'f-failure'), None)
                first = next(r for r in rs if not r[1] and not r[2])
                steps = failed_steps(first[3])
                cpu = span.attrs.get('data-cpu') if span else None
                if steps and (cpu not in steps or 'step %s' % steps[cpu] not in
                              span.attrs.get('data-words', '')):
                    bad.append('%s: first failure cpu %s (%s), the log fails %s' % (
                        where, cpu, span.attrs.get('data-words') if span else None, steps))
            a = next(td.all('a'), None)
            if a is not None:
                links.append((where, a.attrs.get('href', ''), bool(nfail)))
    result(not bad, 'fleet-cells-are-the-logs-verdicts', '; '.join(bad[:3]))
    return links


def check_links(page, links):
    figures = {f.attrs.get('id'): f for f in page.root.all('figure')}
    bad = []
    for where, href, failing in links:
        fig = figures.get(href[1:]) if href.startswith('#') else None
        img = next(fig.all('img'), None) if fig else None
        src = img.attrs.get('src', '') if img is not None else ''
        if not src.startswith('data:image/svg+xml;base64,'):
            bad.append('%s: %s leads to no inline SVG' % (where, href))
            continue
        svg = base64.b64decode(src.split(',', 1)[1]).decode()
        rc, out, err = tool('svg', fig.attrs['data-file'], '--boot', fig.attrs['data-record'])
        if rc != 0 or out != svg:
            bad.append('%s: the timeline is not `svg %s --boot %s` (rc %s)' % (
                where, fig.attrs['data-file'], fig.attrs['data-record'], rc))
        elif (', not ok. ' in svg) != failing:
            bad.append('%s: linked to a %s run' % (where, 'passing' if failing else 'failing'))
    result(links and not bad, 'fleet-cells-link-their-timelines',
           '; '.join(bad[:3]) or 'no links')


def check_summary(page, columns):
    grid = next(page.root.all('table', 'f-grid'))
    cells = [list(r.all('td')) for r in grid.all('tr', 'f-machine')]
    passing = list(page.root.all('td', 'f-passing'))
    bad = []
    for i, (case, p) in enumerate(zip(columns, passing)):
        ran = sum(1 for r in cells if 'f-pass' in r[i].cls() or 'f-fail' in r[i].cls())
        ok = sum(1 for r in cells if 'f-pass' in r[i].cls())
        if (p.attrs.get('data-pass'), p.attrs.get('data-ran')) != (str(ok), str(ran)):
            bad.append('%s: summary %s of %s, the grid %d of %d' % (
                case, p.attrs.get('data-pass'), p.attrs.get('data-ran'), ok, ran))
    words = collections.Counter(s.attrs.get('data-words') for s in grid.all('span', 'f-failure'))
    common = next(page.root.all('p', 'f-common'))
    most = max(words.values()) if words else 0
    if common.attrs.get('data-count') != str(most) or \
            (most and words.get(common.attrs.get('data-words')) != most):
        bad.append('most common first failure %r x%s, the grid has %s' % (
            common.attrs.get('data-words'), common.attrs.get('data-count'), words.most_common(2)))
    result(len(passing) == len(columns) and not bad, 'fleet-summary-counts-the-grid',
           '; '.join(bad[:3]))


def check_bad(page, folder, lava, rows, ident):
    got = {next(r.all('th')).text(): next(r.all('td')).text()
           for r in page.root.all('tr', 'f-unreadable')}
    bad = ['%s: %r' % (n, got.get(os.path.join(folder, n))) for n, why in BAD.items()
           if why not in got.get(os.path.join(folder, n), '')]
    bad += ['%s has a row' % p for p in got if p.endswith('notes.md')]
    result(not bad and len(got) == len(BAD), 'fleet-bad-inputs-are-unreadable-rows',
           '; '.join(bad) + ' (rows: %s)' % got)
    title = next(rows[ident].all('th')).attrs.get('title', '').split('\n') if ident in rows \
        else []
    result(lava in title, 'fleet-lava-log-joins-its-machine', 'row files: %s' % title)


def render(page_path, nrows, colours):
    if not CHROMIUM:
        return skip('fleet-render-one-band-per-row',
                    'no chromium (tools/deps.sh check installs it)')
    png = os.path.abspath(os.path.join(WORK, 'fleet.png'))
    profile = tempfile.mkdtemp(prefix='smpscope-fleet-')
    height = 360 + 90 * sum(nrows.values())
    try:
        if os.path.exists(png):
            os.remove(png)
        subprocess.run([CHROMIUM, '--headless', '--no-sandbox', '--disable-gpu',
                        '--hide-scrollbars', '--user-data-dir=' + profile,
                        '--screenshot=' + png, '--window-size=700,%d' % height,
                        'file://' + os.path.abspath(page_path)], capture_output=True, timeout=60)
        w, h, bpp, rows = png_rows(png)
    except (subprocess.TimeoutExpired, OSError, ValueError, zlib.error, TypeError) as e:
        return result(False, 'fleet-render-one-band-per-row', 'no picture from chromium: %s' % e)
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    # Down the name column's padding, left of any text: each row is a band of its colour.
    bands = {}
    for kind, rgb in colours.items():
        n, run = 0, 0
        for line in rows + [bytearray(w * bpp)]:
            px = line[12 * bpp:12 * bpp + 3]
            if max(abs(a - b) for a, b in zip(px, rgb)) <= 6:
                run += 1
            else:
                n += run >= 10
                run = 0
        bands[kind] = n
    result(bands == nrows, 'fleet-render-one-band-per-row',
           'bands %s in %dx%d, rows %s' % (bands, w, h, nrows))


def colours_of(page):
    """The name cells' colours, from the page's own style."""
    style = ''.join(n.text() for n in page.root.all('style'))
    got = {}
    for kind, sel in (('machine', r'(?<![\w.-])th\.f-name\{background:#(\w{6})'),
                      ('unreadable', r'tr\.f-unreadable th\.f-name\{background:#(\w{6})')):
        m = re.search(sel, style)
        if m:
            got[kind] = tuple(int(m.group(1)[i:i + 2], 16) for i in (0, 2, 4))
    return got


def every_log():
    """The page of every log the e2e suite left: each file in exactly one row."""
    logs = sorted(os.path.join(BUILD, 'e2e', f) for f in os.listdir(os.path.join(BUILD, 'e2e'))
                  if f.endswith('.log'))
    out = os.path.join(WORK, 'fleet-every-log.html')
    t = time.time()
    rc, _, err = tool('fleet', *logs, '-o', out)
    took = time.time() - t
    try:
        page = Page(read(out))
    except OSError as e:
        return result(False, 'fleet-every-e2e-log', 'rc %s: %s %s' % (rc, e, err[:200]))
    seen = collections.Counter()
    for r in page.root.all('tr', 'f-machine'):
        seen.update(next(r.all('th')).attrs.get('title', '').split('\n'))
    for r in page.root.all('tr', 'f-unreadable'):
        seen[next(r.all('th')).text()] += 1
    wrong = [p for p in logs if seen[p] != 1]
    result(rc == 0 and not page.errors and not wrong and took < 10, 'fleet-every-e2e-log',
           'rc %s, %.1f s, %s; %d of %d files not in one row: %s' % (
               rc, took, page.errors[:2], len(wrong), len(logs), wrong[:3]))


def main():
    logs = [p for p in (e2e_log(n) for n in MACHINES) if p]
    if not os.path.exists(TOOL) or len(logs) < 2:
        print('ok 1 fleet-tests # SKIP no tool or no e2e logs in %s (run the e2e suite first)'
              % BUILD)
        print('1..1')
        return 0
    os.makedirs(WORK, exist_ok=True)
    folder, lava = bad_inputs(logs)
    out = os.path.join(WORK, 'fleet.html')
    rc, _, err = tool('fleet', *logs, folder, '-o', out)
    text = read(out) if os.path.exists(out) else ''
    page = Page(text)
    result(rc == 0 and text and not page.errors, 'fleet-page-written',
           'rc %s: %s %s' % (rc, page.errors[:2], err[:200]))
    fetches = re.findall(r'(?:src|href)="(?!#|data:)[^"]*"|url\((?!#|data:)|@import', text)
    result(text and not fetches and '<script' not in text, 'fleet-page-fetches-nothing',
           'fetches %s' % fetches[:3])
    texts = {p: read(p) for p in logs}
    machines, cells = expected(dict(texts, **{lava: texts[logs[0]]}))
    rows = check_rows(page, machines)
    columns = [th.text().split('. ', 1)[-1] for th in page.root.all('th', 'f-col')]
    rungs = [int(th.attrs.get('data-rung', -1)) for th in page.root.all('th', 'f-col')]
    order = [r for r in rungs if r > 0]
    result(set(columns) == {c for _, c in cells} and order == sorted(order) and
           rungs[:len(order)] == order, 'fleet-columns-rungs-first',
           'columns %s, rungs %s' % (columns, rungs))
    links = check_cells(page, rows, cells, columns)
    check_links(page, links)
    check_summary(page, columns)
    check_bad(page, folder, lava, rows, identity(Log(read(logs[0]))))
    colours = colours_of(page)
    if len(colours) != 2 or colours['machine'] == colours['unreadable']:
        result(False, 'fleet-render-one-band-per-row', 'name colours in the style: %s' % colours)
    else:
        render(out, {'machine': len(machines), 'unreadable': len(BAD)}, colours)
    every_log()
    return finish()


if __name__ == '__main__':
    sys.exit(main())
