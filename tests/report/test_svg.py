#!/usr/bin/env python3
"""smpscope-report svg on logs the e2e suite produced. The SVG is read as XML and held against
the log itself (a lane per enabled AP, each phase's bar where its ev=ap-times puts it, failed CPUs
marked, round ticks in µs); then headless Chromium renders it and the PNG, decoded here, must show
each phase's colour over about the area the log's times call for. Prints `ok N name` lines and a
plan; run after the e2e suite. The pictures stay in BUILD/report-tests/svg-*.png.

    tests/report/test_svg.py BUILD_DIR
"""
import collections
import math
import os
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
import zlib

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'e2e'))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..'))
from harness.logfacts import Log  # noqa: E402
import names  # noqa: E402

from suite import result, e2e_log, write, read, finish, counts, BUILD, TOOL, WORK  # noqa: E402
from png import png_rows  # noqa: E402

NS = '{http://www.w3.org/2000/svg}'
PHASES = tuple(names.load(BUILD).phases)
CHROMIUM = shutil.which('chromium') or shutil.which('chromium-browser')
RED = (0xd0, 0x00, 0x00)


def skip(name, why):
    counts['n'] += 1
    print('ok %d %s # SKIP %s' % (counts['n'], name, why))
    sys.stdout.flush()


class Facts:
    """What the log says, read without the tool: the lanes there should be and their phases."""

    def __init__(self, path):
        log = Log(read(path))
        self.aps = sorted(int(c['cpu']) for c in log.ev('cpu')
                          if c.get('enabled') == '1' and c.get('bsp') != '1')
        self.times = {}
        for e in log.ev('ap-times'):
            self.times[int(e['cpu'])] = {p: tuple(int(x) for x in e[p].split('-'))
                                         for p in PHASES if e.get(p, '-') != '-'}
        state = {int(e['cpu']): e.get('state', '') for e in log.ev('ap')}
        self.timeouts = {int(e['cpu']): e for e in log.ev('timeout') if 'late' not in e}
        excepted = {int(e['cpu']) for e in log.ev('exception') if e.get('cpu', '0') != '0'}
        self.failed = {c for c in self.aps if state.get(c, 'online') not in ('online', '')
                       or c in self.timeouts or c in excepted}
        hz = [int(e['hz']) for e in log.ev('tsc') if e.get('hz', '').isdigit()]
        self.hz = hz[0] if hz else 0
        self.tmax = max([b for t in self.times.values() for _, b in t.values()] + [1])
        self.case = (log.ev('bringup') or [{}])[0].get('case', '')

    def stopped(self, cpu):
        """The phase a failed CPU's bar is hatched in: the timeout's, else its last."""
        seen = [p for p in PHASES if p in self.times.get(cpu, {})]
        t = self.timeouts.get(cpu)
        return t['phase'] if t and t.get('phase') in seen else (seen[-1] if seen else None)


def classes(el):
    return el.get('class', '').split()


def run_svg(path):
    try:
        p = subprocess.run([TOOL, 'svg', path], capture_output=True, timeout=20)
        return p.returncode, p.stdout, p.stderr.decode('utf-8', 'replace')
    except subprocess.TimeoutExpired:
        return 'timeout', b'', ''


def self_contained(root, text):
    """No scripts, no event handlers, nothing fetched from outside the file."""
    bad = []
    for el in root.iter():
        tag = el.tag.split('}')[-1]
        if tag in ('script', 'foreignObject', 'image', 'use'):
            bad.append('a <%s> element' % tag)
        for k, v in el.attrib.items():
            if k.split('}')[-1].startswith('on') or (k.endswith('href') and not v.startswith('#')):
                bad.append('attribute %s=%r' % (k, v))
    if b'@import' in text or b'@font-face' in text:
        bad.append('CSS that fetches')
    return bad[:3]


def check_ticks(root, f, px0, px1, y_axis):
    """Round tick values, 1, 2 or 5 times a power of ten, where the log's µs put them."""
    ticks = sorted((float(t.text), float(t.get('x'))) for t in root.iter(NS + 'text')
                   if 'tick' in classes(t) and float(t.get('y')) > y_axis and
                   t.text.replace('.', '').replace('e+', '').isdigit())
    if len(ticks) < 3:
        return ['%d tick labels under the axis' % len(ticks)]
    step = ticks[1][0] - ticks[0][0]
    mant = step / 10 ** math.floor(math.log10(step))
    umax = f.tmax * 1e6 / f.hz if f.hz else f.tmax
    bad = []
    if min(abs(mant - m) for m in (1, 2, 5, 10)) > 1e-6 or ticks[0][0] != 0:
        bad.append('ticks %s are not round' % [t for t, _ in ticks[:4]])
    for v, x in ticks:
        if abs(x - (px0 + v / umax * (px1 - px0))) > 0.2:
            bad.append('tick %g at x=%g' % (v, x))
            break
    if not 3 <= len(ticks) <= 12 or ticks[-1][0] > umax * 1.000001:
        bad.append('%d ticks up to %g on an axis of %g' % (len(ticks), ticks[-1][0], umax))
    return bad


def layout(times, tmax, px0, px1):
    """Each phase's bar as (left, right) in pixels: on the axis, at least 2 px wide, and after
    a bar so widened, not before its end (four sub-pixel phases would hide each other)."""
    out, after = {}, 0.0
    for ph in PHASES:
        if ph not in times:
            continue
        a, b = times[ph]
        x = max(px0 + a / tmax * (px1 - px0), after)
        w = px0 + b / tmax * (px1 - px0) - x
        after = x + 2 if w < 2 else 0.0
        w = max(w, 2.0)
        x = min(x, px1 - w)
        out[ph] = (x, x + w)
    return out


def legend_colours(root):
    """The legend as a reader takes it: each swatch's colour, named by the text just right of it."""
    texts = [(float(t.get('x', 0)), float(t.get('y', 0)), ''.join(t.itertext()))
             for t in root.iter(NS + 'text')]
    out = {}
    for r in root.iter(NS + 'rect'):
        if 'swatch' not in classes(r):
            continue
        x, y = float(r.get('x')) + float(r.get('width')), float(r.get('y'))
        for tx, ty, s in texts:
            if x < tx <= x + 30 and y < ty <= y + float(r.get('height')) + 4:
                out[s] = r.get('fill', '').lower()
    return out


def check_svg(name, path, f):
    """The SVG against the log: returns the geometry the render check needs, or None."""
    rc, out, err = run_svg(path)
    if rc != 0:
        return result(False, name, 'rc %s: %s' % (rc, err.strip()[:200]))
    svg_path = os.path.join(WORK, name + '.svg')
    with open(svg_path, 'wb') as fh:
        fh.write(out)
    try:
        root = ET.fromstring(out)
    except ET.ParseError as e:
        return result(False, name, 'not well-formed XML: %s' % e)
    bad = self_contained(root, out)
    w, h = root.get('width', ''), root.get('height', '')
    if root.tag != NS + 'svg' or not w.isdigit() or not h.isdigit() or \
            root.get('viewBox') != '0 0 %s %s' % (w, h):
        return result(False, name, 'root %s width=%r height=%r viewBox=%r' %
                      (root.tag, w, h, root.get('viewBox')))
    axis = [ln for ln in root.iter(NS + 'line') if 'axis' in classes(ln)]
    if len(axis) != 1:
        return result(False, name, '%d axis lines' % len(axis))
    px0, px1, y_axis = float(axis[0].get('x1')), float(axis[0].get('x2')), float(axis[0].get('y1'))
    lanes = [g for g in root.iter(NS + 'g') if 'lane' in classes(g)]
    ids = [g.get('id', '') for g in lanes]
    if ids != ['cpu-%d' % c for c in f.aps]:
        bad.append('%d lanes %s..., %d enabled APs in the log' % (len(ids), ids[:4], len(f.aps)))
    geo = {'w': int(w), 'h': int(h), 'px0': px0, 'px1': px1, 'lanes': [], 'fills': {}}
    for g in lanes:
        cpu = int(g.get('id', 'cpu--1')[4:])
        want = f.times.get(cpu, {})
        bars = {c[3:]: r for r in g.iter(NS + 'rect') for c in classes(r) if c.startswith('ph-')}
        if set(bars) != set(want):
            bad.append('cpu %d: bars %s, the log has %s' % (cpu, sorted(bars), sorted(want)))
            continue
        where = layout(want, f.tmax, px0, px1)
        for ph, r in bars.items():
            x, bw = float(r.get('x')), float(r.get('width'))
            wx, ww = where[ph][0], where[ph][1] - where[ph][0]
            if abs(x - wx) > 0.05 or abs(bw - ww) > 0.05:
                bad.append('cpu %d %s at x=%g w=%g, the log puts it at %.2f w=%.2f' %
                           (cpu, ph, x, bw, wx, ww))
            geo['fills'].setdefault(ph, set()).add(r.get('fill', '').lower())
        is_failed = 'failed' in classes(g)
        stopped = [r for r in g.iter(NS + 'rect') if 'stopped' in classes(r)]
        texts = {c: ''.join(t.itertext()) for t in g.iter(NS + 'text') for c in classes(t)}
        if is_failed != (cpu in f.failed):
            bad.append('cpu %d marked failed: %s, the log says %s' % (cpu, is_failed,
                                                                       cpu in f.failed))
        elif is_failed:
            t = f.timeouts.get(cpu)
            if 'failed' not in texts or 'label' not in texts or \
                    (want and len(stopped) != 1) or \
                    (t and 'timeout in %s' % t.get('phase') not in texts.get('note', '')):
                bad.append('cpu %d failed but not marked: %d stopped bars, texts %s' %
                           (cpu, len(stopped), texts))
        elif stopped:
            bad.append('cpu %d is fine but has a stopped bar' % cpu)
        band = [r for r in g.iter(NS + 'rect') if 'bg' in classes(r)]
        geo['lanes'].append({'cpu': cpu, 'failed': is_failed, 'bars': bars,
                             'band': band[0] if band else None})
    fills = {ph: s.pop() for ph, s in geo['fills'].items() if len(s) == 1}
    if len(fills) != len(geo['fills']):
        bad.append('a phase drawn in more than one colour: %s' % geo['fills'])
    geo['fills'] = fills
    rgb = [hex_rgb(c) for c in fills.values()]
    if any(x is None for x in rgb) or any(dist(a, b) < 60 for i, a in enumerate(rgb)
                                          for b in rgb[i + 1:]):
        bad.append('phase colours not told apart: %s' % fills)
    legend = legend_colours(root)
    if any(legend.get(ph) != fill for ph, fill in fills.items()):
        bad.append('the legend says %s, the bars are %s' % (legend, fills))
    bad += check_ticks(root, f, px0, px1, y_axis)
    text = ' '.join(''.join(t.itertext()) for t in root.iter(NS + 'text'))
    if f.hz and '\u00b5s since the first kick' not in text:
        bad.append('no axis caption in µs')
    if f.case not in text or 'drains' not in text:
        bad.append('the title lacks the case %r or the drains' % f.case)
    result(not bad, name, '; '.join(bad[:4]))
    return (svg_path, geo) if not bad else None


def hex_rgb(c):
    try:
        return tuple(int(c[i:i + 2], 16) for i in (1, 3, 5)) if len(c) == 7 else None
    except ValueError:
        return None


def dist(a, b):
    return sum(abs(x - y) for x, y in zip(a, b))


def tally(rows, bpp, x0, x1, y0, y1):
    """How many pixels of each exact colour in the box."""
    n = collections.Counter()
    for line in rows[max(0, y0):y1]:
        seg = line[max(0, x0) * bpp:x1 * bpp]
        n.update(zip(seg[0::bpp], seg[1::bpp], seg[2::bpp]))
    return n


def near(n, rgb, tol):
    return sum(k for c, k in n.items() if max(abs(a - b) for a, b in zip(c, rgb)) <= tol)


def uncovered(iv, others):
    """The pieces of the interval iv that none of the others cover."""
    a, b = iv
    pieces = []
    for c, d in sorted(others) + [(b, b)]:
        if c > a:
            pieces.append(min(c, b) - a)
        a = max(a, d)
        if a >= b:
            break
    return pieces


def expected_pixels(f, geo, ln):
    """Per phase of one lane, from the log's own times: the least and most pixels of its colour.
    Later phases are drawn over earlier ones (over a kick the BSP has not finished), so a phase
    shows where no later one lies; a piece s px wide holds floor(s) - 1 whole pixel columns,
    whatever the anti-aliasing. A failed lane's red outline may blur one more column each side,
    and its hatched phase shows its colour in stripes only."""
    t = f.times.get(ln['cpu'], {})
    if not t:
        return {}
    bh = float(next(iter(ln['bars'].values())).get('height'))
    iv = layout(t, f.tmax, geo['px0'], geo['px1'])
    out = {}
    for ph in t:
        pieces = uncovered(iv[ph], [iv[p] for p in t if PHASES.index(p) > PHASES.index(ph)])
        cols = sum(max(0, math.floor(s) - (3 if ln['failed'] else 1)) for s in pieces)
        if ln['failed'] and ph == f.stopped(ln['cpu']):
            cols = 0
        out[ph] = (cols * max(0, math.floor(bh) - 1), (iv[ph][1] - iv[ph][0] + 2) * (bh + 2))
    return out


def render(name, svg_path, geo, f):
    if not CHROMIUM:
        return skip(name, 'no chromium (tools/deps.sh check installs it)')
    png = os.path.abspath(os.path.join(WORK, name + '.png'))
    profile = tempfile.mkdtemp(prefix='smpscope-svg-')
    try:
        if os.path.exists(png):
            os.remove(png)
        subprocess.run([CHROMIUM, '--headless', '--no-sandbox', '--disable-gpu',
                        '--hide-scrollbars', '--user-data-dir=' + profile,
                        '--screenshot=' + png, '--window-size=%d,%d' % (geo['w'], geo['h']),
                        'file://' + os.path.abspath(svg_path)], capture_output=True, timeout=60)
        w, h, bpp, rows = png_rows(png)
    except (subprocess.TimeoutExpired, OSError, ValueError, zlib.error, TypeError) as e:
        return result(False, name, 'no picture from chromium: %s' % e)
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    if (w, h) != (geo['w'], geo['h']):
        return result(False, name, 'PNG is %dx%d, the SVG %dx%d' % (w, h, geo['w'], geo['h']))
    bad = []
    whole = tally(rows, bpp, 0, w, 0, h)
    ink = 1 - whole[(255, 255, 255)] / float(w * h)
    if ink < 0.05:
        bad.append('blank: %.1f%% not white' % (ink * 100))
    got, lo, hi = (collections.Counter() for _ in range(3))
    rgb = {ph: hex_rgb(c) for ph, c in geo['fills'].items()}
    for ln in geo['lanes']:
        want = expected_pixels(f, geo, ln)
        if not want:
            continue
        r = next(iter(ln['bars'].values()))
        by, bh = float(r.get('y')), float(r.get('height'))
        n = tally(rows, bpp, int(geo['px0']) - 1, int(geo['px1']) + 2, int(by), int(by + bh) + 2)
        for ph, (least, most) in want.items():
            k = near(n, rgb[ph], 6)
            got[ph], lo[ph], hi[ph] = got[ph] + k, lo[ph] + least, hi[ph] + most
            if k < least:
                bad.append('cpu %d %s: %d pixels of %s, at least %d expected' %
                           (ln['cpu'], ph, k, geo['fills'][ph], least))
    shares = ['%s %d in %d..%d' % (ph, got[ph], lo[ph], hi[ph]) for ph in PHASES]
    for ph in PHASES:
        # Some ink of every phase, unless the log's own times make it too thin to draw: how
        # thin a phase is next to the run's longest depends on how busy the host was.
        if got[ph] < min(6, lo[ph]) or got[ph] > 1.05 * hi[ph] + 10:
            bad.insert(0, '%s: %d pixels of %s, the log calls for %d..%d' %
                       (ph, got[ph], geo['fills'].get(ph), lo[ph], hi[ph]))
    for ln in geo['lanes']:
        if not ln['failed'] or ln['band'] is None:
            continue
        by, bh = float(ln['band'].get('y')), float(ln['band'].get('height'))
        label = near(tally(rows, bpp, 0, int(geo['px0']), int(by), int(by + bh) + 1), RED, 40)
        mark = near(tally(rows, bpp, int(geo['px0']), int(geo['px1']) + 1, int(by),
                          int(by + bh) + 1), RED, 40)
        if label < 20 or (f.times.get(ln['cpu']) and mark < 20):
            bad.append('cpu %d: %d red pixels in its label, %d on its bars' %
                       (ln['cpu'], label, mark))
    result(not bad, name, '; '.join(bad[:4]) + ' (%s)' % ', '.join(shares))


def synthetic(n):
    """A log no image writes: n APs, no TSC frequency, a case name XML must escape."""
    lines = ['KTAP version 1', '1..1', '# ev=knobs case="a<b&c" log=live']
    lines += ['# ev=cpu cpu=%d apic=%#x pkg=0 core=%d smt=0 enabled=1 bsp=%d' % (i, i, i, i == 0)
              for i in range(n + 1)]
    lines.append('# ev=bringup case="a<b&c" flow=serial cpus=%d/%d cycles=9 us=0 drain_cycles=1'
                 % (n, n + 1))
    for i in range(1, n + 1):
        lines.append('# ev=ap cpu=%d apic=%#x state=%s' % (i, i, 'online' if i % 50 else
                                                             'timeout-callin'))
        if i % 50 == 0:
            lines.append('# ev=timeout cpu=%d apic=%#x phase=callin step="x\\"<y" gave_up=no'
                         % (i, i))
        t = [i * 6 * 10 ** 16 + k * 10 ** 16 for k in range(6)]  # up to 2^64-1
        lines.append('# ev=ap-times cpu=%d apic=%#x ' % (i, i) +
                     ' '.join('%s=%d-%d' % (p, t[k], t[k + 1]) for k, p in enumerate(PHASES)))
    return '\n'.join(lines) + '\n'


def main():
    logs = [('serial-haswell28', e2e_log('serial-seabios-q35-haswell28')),
            ('parallel-haswell28', e2e_log('parallel-seabios-q35-haswell28')),
            ('nosipi-serial', e2e_log('nosipi-serial')),
            ('stop-longmode-parallel', e2e_log('stop-longmode-parallel'))]
    if not os.path.exists(TOOL) or not logs[0][1] or not logs[1][1] or \
            not (logs[2][1] or logs[3][1]):
        print('ok 1 svg-tests # SKIP no tool or no e2e logs in %s (run the e2e suite first)'
              % BUILD)
        print('1..1')
        return 0
    os.makedirs(WORK, exist_ok=True)
    for name, path in logs:
        if not path:
            continue
        f = Facts(path)
        got = check_svg('svg-' + name, path, f)
        if got:
            render('svg-render-' + name, got[0], got[1], f)
        else:
            skip('svg-render-' + name, 'the SVG itself is wrong')

    probe = [p for p in (e2e_log(n) for n in ('probe-smp2', 'mb1-qboot-smp2', 'mb1-qboot-smp1'))
             if p]
    if probe:
        rc, out, err = run_svg(probe[0])
        result(rc == 2 and not out and 'boot 1' in err and 'probe' in err,
               'svg-probe-has-nothing-to-draw', 'rc %s: %r' % (rc, err))
    else:
        skip('svg-probe-has-nothing-to-draw', 'no probe log in %s' % os.path.dirname(logs[0][1]))
    old = write('svg-no-ap-times.log', ''.join(
        ln for ln in read(logs[0][1]).splitlines(True) if 'ev=ap-times' not in ln))
    rc, out, err = run_svg(old)
    result(rc == 2 and not out and 'boot 1' in err and 'ev=ap-times' in err,
           'svg-log-without-ap-times-is-refused', 'rc %s: %r' % (rc, err))

    rc, out, err = run_svg(write('svg-255.log', synthetic(255)))
    try:
        root = ET.fromstring(out)
        lanes = [g for g in root.iter(NS + 'g') if 'lane' in classes(g)]
        failed = [g.get('id') for g in lanes if 'failed' in classes(g)]
        text = ' '.join(''.join(t.itertext()) for t in root.iter(NS + 'text'))
        okay = rc == 0 and len(lanes) == 255 and int(root.get('height')) <= 3000 and \
            failed == ['cpu-%d' % i for i in (50, 100, 150, 200, 250)] and \
            'cycles since the first kick' in text and 'a<b&c' in text
        why = 'rc %s, %d lanes, height %s, failed %s' % (rc, len(lanes), root.get('height'),
                                                         failed)
    except (ET.ParseError, TypeError, ValueError) as e:
        okay, why = False, 'rc %s: %s %s' % (rc, e, err[:200])
    result(okay, 'svg-255-lanes-in-cycles', why)
    return finish()


if __name__ == '__main__':
    sys.exit(main())
