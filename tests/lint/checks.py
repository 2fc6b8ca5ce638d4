#!/usr/bin/env python3
"""Rules about the source tree that the compiler does not enforce. Each prints one line per
violation (`path:line: why`) and exits 1 when there is any; tests/lint.sh turns that into its
`ok N name` lines.

    tests/lint/checks.py hardware ROOT   port I/O, MSRs and MMIO only in the hardware layers
    tests/lint/checks.py includes ROOT   no layer includes a header of a layer above it
    tests/lint/checks.py paths ROOT      every repository path a comment names exists
    tests/lint/checks.py outside ROOT    comments cite docs/, never files outside the repository
    tests/lint/checks.py circles ROOT    no circle between the image's files (tests/lint/graph.py)
    tests/lint/checks.py folders ROOT    no two folders of the image depend on each other
    tests/lint/checks.py waits ROOT      no loop waits on the TSC or pauses outside lib/wait.c
    tests/lint/checks.py featuremap ROOT docs/layout.md's feature map matches the tree

ROOT is the repository, or any copy of part of it (the planted-outb test runs `hardware` on one).
The layers are in docs/layout.md."""
import fnmatch
import os
import re
import sys

sys.dont_write_bytecode = True  # no __pycache__ in the tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import featuremap  # noqa: E402
import graph  # noqa: E402
import source  # noqa: E402
import waits as loops  # noqa: E402

# Only these touch hardware; smp/ and cases/ call their small interfaces.
HARDWARE = ('arch', 'boot', 'apic', 'tsc', 'console')
# Folders of the image (the Makefile's IMAGE_DIRS) plus include/, which the image shares with
# the host tools. Every one of them that is not in HARDWARE is checked.
IMAGE_DEFAULT = ('arch', 'boot', 'apic', 'tsc', 'console', 'smp', 'cases', 'lib')

# Layer order, lowest first: a file may include its own layer's headers and lower ones. A lower
# layer that must call up does it through a hook the upper one registers (docs/layout.md).
LAYER = {'include': 0, 'lib': 0, 'arch': 1, 'console': 2, 'boot': 3, 'apic': 3, 'tsc': 3,
         'smp': 4, 'cases': 5}

# Calls of the accessors the hardware layers define or could define: port I/O (arch/cpu.h,
# boot/cmos.h), MSRs (arch/cpu.h), MMIO (phys_ptr in arch/cpu.h, the APIC's register access in
# apic/regs.h) and the names other kernels give the same things.
ACCESSOR = re.compile(
    r'\b(in[bwl]|out[bwl]|ins[bwl]|outs[bwl]|inportb|outportb|rdmsr\w*|wrmsr\w*|phys_ptr|'
    r'mmio_\w+|read[bwlq]|write[bwlq]|ioread\d+\w*|iowrite\d+\w*|apic_read|apic_write|'
    r'cmos_read|cmos_write)\s*\(')
ASM = re.compile(r'\b(?:__asm__|__asm|asm)\b(?:\s+(?:volatile|__volatile__|goto|inline))*\s*\(')
# Port and MSR instructions inside an asm string (or an .asm file's code).
IO_INSN = re.compile(r'\b(?:in|out|ins|outs)[bwld]?\b|\b(?:rd|wr)msr\w*\b')
# A cast of an integer (a literal, or a (uintptr_t) conversion) to a volatile pointer: MMIO.
VOLATILE_CAST = re.compile(
    r'\(\s*(?:const\s+)?volatile\s+(?:const\s+)?[\w\s]+\*\s*\)\s*'
    r'(?:\(\s*u?intptr_t\s*\)|0[xX][0-9a-fA-F]+|\d)')


def report(bad, rule):
    for b in bad:
        print(b + ';')
    if bad:
        print('(%s)' % rule)
    return bad


def image_dirs(root):
    try:
        with open(os.path.join(root, 'Makefile')) as f:
            m = re.search(r'^IMAGE_DIRS\s*:?=\s*(.*)$', f.read(), re.M)
        if m:
            return tuple(m.group(1).split())
    except OSError:
        pass
    return IMAGE_DEFAULT


def top(path):
    return path.split('/', 1)[0] if '/' in path else ''


def line_of(text, pos):
    return text.count('\n', 0, pos) + 1


def asm_statements(code):
    """(offset, text) of each inline asm statement, up to its closing parenthesis."""
    for m in ASM.finditer(code):
        depth, i = 0, m.end() - 1
        while i < len(code):
            depth += {'(': 1, ')': -1}.get(code[i], 0)
            if depth == 0:
                break
            i += 1
        yield m.start(), code[m.start():i + 1]


def hardware(root):
    checked = (set(image_dirs(root)) | {'include'}) - set(HARDWARE)
    bad = []
    for path in source.tracked(root):
        if top(path) not in checked:
            continue
        got = source.read(root, path)
        if got is None:
            continue
        code = got[1]
        if path.endswith('.asm'):
            for no, ln in enumerate(code.split('\n'), 1):
                insn = re.sub(r'^\s*(?:[\w.]+:)?\s*', '', ln)
                if IO_INSN.match(insn):
                    bad.append('%s:%d: port or MSR instruction: %s' % (path, no, ln.strip()))
            continue
        bare = re.sub(r'"(?:[^"\\\n]|\\.)*"', lambda m: ' ' * len(m.group(0)), code)
        for m in ACCESSOR.finditer(bare):
            bad.append('%s:%d: %s() is hardware access' % (path, line_of(code, m.start()),
                                                            m.group(1)))
        for pos, stmt in asm_statements(code):
            strings = ' '.join(re.findall(r'"((?:[^"\\]|\\.)*)"', stmt))
            m = IO_INSN.search(strings)
            if m:
                bad.append('%s:%d: inline asm with %s' % (path, line_of(code, pos), m.group(0)))
        for m in VOLATILE_CAST.finditer(bare):
            bad.append('%s:%d: integer cast to a volatile pointer (MMIO): %s' %
                       (path, line_of(code, m.start()), ' '.join(m.group(0).split())))
    return report(bad, 'port I/O, MSRs and MMIO belong in ' + ', '.join(d + '/' for d in HARDWARE))


INCLUDE = re.compile(r'^[ \t]*[#%]\s*include\s*([<"])([^">]+)[">]', re.M)


def includes(root):
    bad = []
    for path in source.tracked(root):
        here = LAYER.get(top(path))
        if here is None or source.kind(path) not in ('c', 'asm'):
            continue
        try:
            with open(os.path.join(root, path), encoding='utf-8', errors='replace') as f:
                text = f.read()
        except OSError:
            continue
        for m in INCLUDE.finditer(text):
            name = m.group(2)
            target = os.path.normpath(os.path.join(os.path.dirname(path), name))
            if m.group(1) == '<' or top(target) not in LAYER:
                target = os.path.normpath(name)
            there = LAYER.get(top(target))
            if there is not None and there > here:
                bad.append('%s:%d: includes %s, a layer above %s/' %
                           (path, line_of(text, m.start()), target, top(path)))
    return report(bad, 'layers, lowest first: lib/ include/; boot/ apic/ tsc/ console/; smp/; cases/')


# A path in a comment: words joined by `/`, not part of a URL, an absolute path or a word.
PATH = re.compile(r'(?<![\w./~:@$%+-])((?:\.\./)*[\w.<>*+-]+(?:/[\w.<>*+-]+)+/?)')
FILE_EXT = re.compile(r'\.(c|h|asm|py|sh|md|def|ld|json|svg|log|cfg)$')
# Paths of other projects share our folder names (Linux has tools/, lib/, include/ ...). A
# comment names one as Linux's (or Debian's linux-source's, LAVA's ...), within a few words
# before it.
EXTERNAL = re.compile(r"(Linux's|linux-source\S*|QEMU's|Bochs's|GRUB's|EDK2's|"
                      r"SeaBIOS's|coreboot's|LAVA's)[^.;]{0,40}$")


def path_exists(root, files, dirs, base, p):
    for start in (base, ''):
        cand = os.path.normpath(os.path.join(start, p))
        if cand.startswith('..'):
            continue
        if any(c in cand for c in '*<'):
            pat = re.sub(r'<[^>]*>', '*', cand)
            if fnmatch.filter(files, pat) or fnmatch.filter(dirs, pat):
                return True
        elif cand in files or cand in dirs:
            return True
    return False


def paths(root):
    files = source.tracked(root)
    fileset = set(files)
    dirs = {os.path.dirname(f) for f in files}
    for d in list(dirs):
        while d:
            d = os.path.dirname(d)
            dirs.add(d)
    tops = {d for d in dirs if d and '/' not in d}
    bad = []
    for path in files:
        got = source.read(root, path)
        if got is None:
            continue
        base = os.path.dirname(path)
        for no, text in got[0]:
            for m in PATH.finditer(text):
                p = m.group(1).rstrip('.,:;')
                first = p.split('/', 1)[0]
                named = first in tops or first == '..' or FILE_EXT.search(p)
                # build/ holds outputs; BUILD/ and the like stand for an argument.
                if not named or first in ('build', '...') or first.isupper():
                    continue
                if EXTERNAL.search(' '.join(text[:m.start()].split()[-8:]) + ' '):
                    continue
                if path_exists(root, fileset, dirs, base, p):
                    continue
                bad.append('%s:%d: names %s, which is not in the repository' %
                           (path, no + text.count('\n', 0, m.start()), p))
    return report(bad, "a path of another project says whose: Linux's arch/x86/kernel/smpboot.c")


# Files outside the repository that comments used to cite. The names are spelled with a class
# so this file does not match itself.
OUTSIDE = re.compile(r'design[.]md|field-notes[.]md|[.][.]/shared\b|/work/|(?<![\w-])seed/')


def outside(root):
    bad = []
    for path in source.tracked(root):
        got = source.read(root, path)
        if got is None:
            continue
        for no, text in got[0]:
            for m in OUTSIDE.finditer(text):
                bad.append('%s:%d: cites %s, which is outside the repository' %
                           (path, no + text.count('\n', 0, m.start()), m.group(0)))
    return report(bad, 'cite docs/')


def circles(root):
    g = graph.Graph(root, set(image_dirs(root)) | {'include'})
    bad = []
    for units in g.circles():
        bad.append('circle of %d files: %s' % (len(units), ', '.join(g.label(u) for u in units)))
        bad += ['  ' + g.why(a, b) for a in units for b in units if (a, b) in g.edges]
    return report(bad, 'a unit is a .c with its .h; cut the circle where a name or an include '
                  'goes back (docs/layout.md, "Dependencies")')


def folders(root):
    g = graph.Graph(root, set(image_dirs(root)) | {'include'})
    ways = {}
    for a, b in sorted(g.edges):
        x, y = graph.folder_of(a), graph.folder_of(b)
        if x != y:
            ways.setdefault((x, y), (a, b))
    bad = ['%s/ and %s/ depend on each other: %s; and %s' % (x, y, g.why(*ways[(x, y)]),
                                                             g.why(*ways[(y, x)]))
           for x, y in sorted(ways) if x < y and (y, x) in ways]
    return report(bad, 'one of the two calls up through a hook the other registers '
                  '(docs/layout.md, "Dependencies")')


def waits(root):
    return report(loops.waits(root, set(image_dirs(root)) | {'include'}),
                  'every wait goes through lib/wait (docs/layout.md, "Waits")')


def features(root):
    return report(featuremap.check(root, set(image_dirs(root)) | {'include', 'tools'}),
                  'docs/layout.md, "Feature map"')


def main():
    checks = {'hardware': hardware, 'includes': includes, 'paths': paths, 'outside': outside,
              'circles': circles, 'folders': folders, 'waits': waits, 'featuremap': features}
    if len(sys.argv) != 3 or sys.argv[1] not in checks:
        print(__doc__, file=sys.stderr)
        return 2
    return 1 if checks[sys.argv[1]](sys.argv[2]) else 0


if __name__ == '__main__':
    sys.exit(main())
