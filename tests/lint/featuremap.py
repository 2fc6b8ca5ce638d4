"""docs/layout.md's feature map, checked against the tree so it cannot rot: every file it lists
exists, every source file of the image and of tools/ is in some feature's row, every docs page it
names exists, and every e2e group it names has its module tests/e2e/<group>.py.

The map is the first table under the heading `## Feature map`, four columns: feature, files,
e2e group, docs. A cell holds words apart by spaces (backquotes and a trailing comma are
dropped); `-` is none. A file word is a path, a pair (a stem and `.{c,h}`: each must exist), a
folder (`tools/report/`: everything below it) or a glob (`include/hw/*.h`: at least one match)."""
import fnmatch
import os
import re

import source

WHERE = 'docs/layout.md feature map'
SOURCES = ('.c', '.h', '.asm', '.def', '.ld', '.py', '.sh')


def rows(text):
    """(line, [cells]) of each row of the table under `## Feature map`, or None."""
    m = re.search(r'^## Feature map\s*$', text, re.M)
    if not m:
        return None
    out, started = [], False
    for no, ln in enumerate(text[m.end():].split('\n'), text.count('\n', 0, m.end()) + 1):
        if ln.startswith('|'):
            started = True
            cells = [c.strip() for c in ln.strip().strip('|').split('|')]
            if not re.fullmatch(r'[-: ]+', ''.join(cells)):
                out.append((no, cells))
        elif started or ln.startswith('#'):
            break
    return out[1:]  # the header


def words(cell):
    return [w.strip('`').rstrip(',').strip('`') for w in cell.split()
            if w.strip('`,') not in ('', '-')]


def expand(word):
    m = re.match(r'(.*)\{([^}]*)\}(.*)$', word)
    if not m:
        return [word]
    return [m.group(1) + alt + m.group(3) for alt in m.group(2).split(',')]


def check(root, folders):
    """Problems with the map, one sentence each."""
    try:
        with open(os.path.join(root, 'docs/layout.md'), encoding='utf-8') as f:
            table = rows(f.read())
    except OSError:
        return ['docs/layout.md is missing, and with it the feature map']
    if not table:
        return ['docs/layout.md has no feature map: a table under "## Feature map"']
    files = source.tracked(root)
    fileset = set(files)
    covered, bad = set(), []
    for no, cells in table:
        if len(cells) != 4:
            bad.append('docs/layout.md:%d: %s: a row has feature | files | e2e group | docs, '
                       'this one %d cells' % (no, WHERE, len(cells)))
            continue
        feature, listed, groups, docs = cells
        where = 'docs/layout.md:%d: %s (%s)' % (no, WHERE, feature)
        for word in words(listed):
            for path in expand(word):
                if path.endswith('/'):
                    got = [f for f in files if f.startswith(path)]
                elif any(c in path for c in '*?['):
                    got = fnmatch.filter(files, path)
                else:
                    got = [path] if path in fileset else []
                if not got:
                    bad.append('%s: %s is listed but does not exist' % (where, path))
                covered.update(got)
        for g in words(groups):
            if 'tests/e2e/%s.py' % g not in fileset:
                bad.append('%s: e2e group %s is listed but has no module tests/e2e/%s.py' %
                           (where, g, g))
        for page in words(docs):
            if page.split('#')[0] not in fileset:
                bad.append('%s: docs page %s is listed but does not exist' % (where, page))
    for path in files:
        if path.split('/', 1)[0] in folders and path.endswith(SOURCES) and path not in covered:
            bad.append('%s: %s is in no feature\'s row (add it to the row of the feature it '
                       'serves)' % (WHERE, path))
    return bad
