"""Which file of the image depends on which, for lint's circle and folder rules (docs/layout.md,
"Dependencies"). A unit is a C file with its header (console/log.c and console/log.h are one);
unit A depends on unit B when a file of A includes a header of B, or uses a function or global
object that B alone defines and that A can see (a declaration in A or in a header A includes,
directly or not). A name in a table initializer counts like a call; so does a name built by a
table macro (`case_##runner` over the rows of cases/cases.def).

Regexes, not a compiler: definitions are read at column 0 of .c files (and the static inline
functions of headers), declarations at column 0 of headers and .c files. Assembly is read for its
includes only."""
import os
import re

import source

C_EXT = ('.c', '.h')
INCLUDE = re.compile(r'^[ \t]*[#%]\s*include\s*"([^"]+)"', re.M)
ATTRIBUTE = re.compile(r'\b(?:__attribute__|_Alignas|__declspec)\s*\((?:[^()]|\((?:[^()]|\([^()]*\))*\))*\)')
# A definition or declaration at column 0: the words before the name (type, qualifiers, storage
# class), the name, then what follows it.
FUNC = re.compile(r'^([A-Za-z_][\w\s*]*?[\s*])([A-Za-z_]\w*)\s*\(([^;{}]*?)\)\s*([{;])', re.M)
OBJECT = re.compile(r'^([A-Za-z_][\w\s*]*?[\s*])([A-Za-z_]\w*)\s*(?:\[[^\]\n]*\]\s*)*(?:=|;)', re.M)
NOT_TYPE = {'return', 'else', 'goto', 'case', 'do', 'sizeof'}
TAG = {'struct', 'union', 'enum'}
IDENT = re.compile(r'(?<![\w.>])(?<!->)([A-Za-z_]\w*)\b')
DEFINE = re.compile(r'^[ \t]*#\s*define\s+(\w+)\(([^)]*)\)((?:[^\n]*\\\n)*[^\n]*)', re.M)
UNDEF = re.compile(r'^[ \t]*#\s*undef\s+(\w+)', re.M)


def unit_of(path):
    return os.path.splitext(path)[0]


def folder_of(path):
    return path.split('/', 1)[0]


def label(unit, files):
    exts = sorted(os.path.splitext(f)[1][1:] for f in files if unit_of(f) == unit)
    return unit + ('.' + exts[0] if len(exts) == 1 else '.{%s}' % ','.join(exts))


def blank_strings(code):
    return re.sub(r'"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'',
                  lambda m: '"' + ' ' * (len(m.group(0)) - 2) + '"', code)


def line_of(text, pos):
    return text.count('\n', 0, pos) + 1


class File:
    """One C file: its includes, the names it defines and declares, and the names it uses."""

    def __init__(self, root, path):
        self.path = path
        with open(os.path.join(root, path), encoding='utf-8', errors='replace') as f:
            self.text = f.read()
        self.includes = [(m.group(1), line_of(self.text, m.start()))
                         for m in INCLUDE.finditer(self.text)]
        self.exported, self.local, self.declared = {}, set(), set()
        self.uses = {}  # name -> first line
        if not path.endswith(C_EXT):
            return
        code = blank_strings(source.split_c(self.text)[1])
        flat = ATTRIBUTE.sub(lambda m: ' ' * len(m.group(0)), code)
        header = path.endswith('.h')
        spans = []
        for m in FUNC.finditer(flat):
            spans += self.definition(m, m.group(4) == '{', header)
        for m in OBJECT.finditer(flat):
            spans += self.definition(m, '=' in m.group(0) or 'extern' not in m.group(1).split(),
                                     header)
        # A declaration names what it declares without using it; preprocessor lines but
        # #define say nothing about names (#if SMPSCOPE_HOST ...).
        body = list(code)
        for a, b in spans:
            body[a:b] = ' ' * (b - a)
        body = re.sub(r'^[ \t]*#(?!\s*define)[^\n]*', '', ''.join(body), flags=re.M)
        for m in IDENT.finditer(body):
            self.uses.setdefault(m.group(1), line_of(code, m.start()))

    def definition(self, m, defines, header):
        words = m.group(1).split()
        name = m.group(2)
        # Not a definition: `struct tag;`, a typedef, a statement that happens to start a line.
        if not words or words[0] in NOT_TYPE or words[-1] in TAG or 'typedef' in words:
            return []
        line = line_of(self.text, m.start(2))
        if not defines:
            self.declared.add(name)
            return [m.span(2)]
        if 'static' in words and not (header and 'inline' in words):
            self.local.add(name)
        else:
            self.exported.setdefault(name, line)
            self.declared.add(name)
        return []


def table_names(root, f):
    """Names a table macro builds with ## over a .def file's rows: (name, line of the #include)."""
    macros, out = {}, []
    events = [(m.start(), 'define', m) for m in DEFINE.finditer(f.text)]
    events += [(m.start(), 'undef', m) for m in UNDEF.finditer(f.text)]
    events += [(m.start(), 'include', m) for m in INCLUDE.finditer(f.text)]
    for pos, what, m in sorted(events, key=lambda e: e[0]):
        if what == 'define':
            macros[m.group(1)] = ([p.strip() for p in m.group(2).split(',')], m.group(3))
        elif what == 'undef':
            macros.pop(m.group(1), None)
        elif m.group(1).endswith('.def'):
            target = os.path.normpath(os.path.join(os.path.dirname(f.path), m.group(1)))
            try:
                with open(os.path.join(root, target), encoding='utf-8') as d:
                    rows = blank_strings(source.split_c(d.read())[1])
            except OSError:
                continue
            for name, (params, body) in macros.items():
                pasted = re.findall(r'\w+(?:\s*##\s*\w+)+', body)
                if not pasted:
                    continue
                for row in re.finditer(r'^%s\s*\(([^)]*)\)' % re.escape(name), rows, re.M):
                    args = dict(zip(params, (a.strip() for a in row.group(1).split(','))))
                    for p in pasted:
                        built = ''.join(args.get(t.strip(), t.strip()) for t in p.split('##'))
                        if re.fullmatch(r'[A-Za-z_]\w*', built):
                            out.append((built, line_of(f.text, pos)))
    return out


class Graph:
    """units: unit -> its files; edges: (A, B) -> list of (file, line, why)."""

    def __init__(self, root, folders):
        paths = [p for p in source.tracked(root) if folder_of(p) in folders and
                 p.endswith(C_EXT + ('.asm', '.def'))]
        self.files = {p: File(root, p) for p in paths}
        self.units = {}
        for p in paths:
            self.units.setdefault(unit_of(p), []).append(p)
        self.edges = {}
        definers = {}
        for f in self.files.values():
            for name in f.exported:
                definers.setdefault(name, set()).add(unit_of(f.path))
        seen = {p: self.visible(p, set()) for p in paths}
        for p, f in self.files.items():
            a = unit_of(p)
            mine = set().union(*(self.files[q].exported.keys() | self.files[q].local
                                 for q in self.units[a]))
            for inc, line in f.includes:
                h = self.resolve(p, inc)
                b = unit_of(h or '')
                # A header that declares what this unit defines (boot/loader.h for mb1.c) is
                # its interface too: including it ties nothing by itself.
                if b in self.units and b != a and not self.files[h].declared & mine:
                    self.add(a, b, p, line, 'includes ' + inc)
            used = [(n, line, n in seen[p]) for n, line in f.uses.items()]
            used += [(n, line, True) for n, line in table_names(root, f)]
            for name, line, visible in used:
                owners = definers.get(name, ())
                if len(owners) != 1 or name in mine or not visible:
                    continue
                b = next(iter(owners))
                self.add(a, b, p, line, 'uses ' + name)

    def resolve(self, path, inc):
        for cand in (os.path.normpath(os.path.join(os.path.dirname(path), inc)),
                     os.path.normpath(inc)):
            if cand in self.files:
                return cand
        return None

    def visible(self, path, stack):
        """Names declared or defined in path and every header it includes."""
        f = self.files[path]
        names = set(f.declared) | set(f.exported) | f.local
        stack.add(path)
        for inc, _ in f.includes:
            target = self.resolve(path, inc)
            if target and target not in stack:
                names |= self.visible(target, stack)
        return names

    def add(self, a, b, path, line, why):
        self.edges.setdefault((a, b), []).append((path, line, why))

    def label(self, unit):
        return label(unit, self.units[unit])

    def why(self, a, b, most=3):
        """One edge in words: where, and which includes and names tie the two."""
        ties = self.edges[(a, b)]
        whys = []
        for _, _, w in ties:
            if w not in whys:
                whys.append(w)
        more = ' and %d more' % (len(whys) - most) if len(whys) > most else ''
        return '%s:%d -> %s: %s%s' % (ties[0][0], ties[0][1], self.label(b),
                                       ', '.join(whys[:most]), more)

    def circles(self):
        """The strongly connected components of more than one unit (Tarjan), each sorted."""
        succ = {}
        for a, b in self.edges:
            succ.setdefault(a, []).append(b)
        index, low, on, stack, out = {}, {}, set(), [], []
        for start in sorted(self.units):
            if start in index:
                continue
            work = [(start, iter(sorted(succ.get(start, ()))))]
            index[start] = low[start] = len(index)
            stack.append(start)
            on.add(start)
            while work:
                v, it = work[-1]
                w = next(it, None)
                if w is not None:
                    if w not in index:
                        index[w] = low[w] = len(index)
                        stack.append(w)
                        on.add(w)
                        work.append((w, iter(sorted(succ.get(w, ())))))
                    elif w in on:
                        low[v] = min(low[v], index[w])
                    continue
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[v])
                if low[v] == index[v]:
                    comp = []
                    while True:
                        w = stack.pop()
                        on.discard(w)
                        comp.append(w)
                        if w == v:
                            break
                    if len(comp) > 1:
                        out.append(sorted(comp))
        return sorted(out)
