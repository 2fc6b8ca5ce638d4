"""Loops that wait on their own, outside lib/wait.c (docs/layout.md, "Waits"). A `for`, `while` or
`do` loop is a wait when
  - its condition or body pauses: cpu_relax(), __builtin_ia32_pause(), _mm_pause(), an inline
    pause or rep; nop; or
  - its exit depends on the clock: the loop's own condition, or the condition of an `if` in its
    body that leaves the loop (break, return, goto, or a call of a noreturn function), reads the
    clock (rdtsc, rdtsc_ordered, rdtscp, __rdtsc, __builtin_ia32_rdtsc, lib/wait.c's wait_now) or
    a variable the loop assigns from such a read.
A loop that only records the clock (a timestamp per step, the tightest of a few reads) leaves by
a count or a condition that is not the clock, and is no wait. A loop whose every clock read is a
sample (the warp test) leaves through wait_window_over() of lib/wait.h: a test on the clock made by
a function of lib/wait.h is the wait going through lib/wait.c."""
import re

import source

CLOCK = re.compile(r'\b(?:rdtsc|rdtsc_ordered|rdtscp|__rdtsc|__rdtscp|__builtin_ia32_rdtsc|'
                   r'__builtin_ia32_rdtscp|wait_now)\s*\(')
PAUSE = re.compile(r'\b(?:cpu_relax|__builtin_ia32_pause|_mm_pause)\s*\(|"\s*(?:pause|rep;\s*nop)\b')
LOOP = re.compile(r'\b(for|while|do)\b')
EXIT = re.compile(r'\b(?:break|return|goto)\b')
NORETURN = re.compile(r'noreturn\)\)\s*(?:\w+[\s*]+)*?(\w+)\s*\(')
ASSIGN = re.compile(r'(?<![=!<>])\b(\w+(?:\s*\[[^\]]*\])?)\s*(?:[-+|]?=)(?!=)([^;]*);')


def close(code, i, opening, closing):
    """The index just past the bracket that closes the one at i."""
    depth = 0
    while i < len(code):
        if code[i] == opening:
            depth += 1
        elif code[i] == closing:
            depth -= 1
            if depth == 0:
                return i + 1
        i += 1
    return i


def skip_space(code, i):
    while i < len(code) and code[i].isspace():
        i += 1
    return i


def statement(code, i):
    """(start, end) of the statement at i: a block, a control statement with its body, or
    everything up to its `;`."""
    i = skip_space(code, i)
    if code.startswith('{', i):
        return i, close(code, i, '{', '}')
    m = re.match(r'(if|for|while|switch)\b\s*\(', code[i:])
    if m:
        end = statement(code, close(code, i + m.end() - 1, '(', ')'))[1]
        if m.group(1) == 'if':
            e = skip_space(code, end)
            if re.match(r'else\b', code[e:]):
                end = statement(code, e + 4)[1]
        return i, end
    if re.match(r'do\b', code[i:]):
        end = statement(code, i + 2)[1]
        return i, code.find(';', end) + 1 or len(code)
    depth, j = 0, i
    while j < len(code):
        if code[j] in '([{':
            depth += 1
        elif code[j] in ')]}':
            depth -= 1
        elif code[j] == ';' and depth <= 0:
            return i, j + 1
        j += 1
    return i, j


def loops(code):
    """(start, end, condition, body) of each loop: the condition holds a for's test and step."""
    for m in LOOP.finditer(code):
        kw, i = m.group(1), m.end()
        if kw == 'do':
            b0, b1 = statement(code, i)
            w = re.match(r'\s*while\s*\(', code[b1:])
            if not w:
                continue
            c0 = b1 + w.end() - 1
            c1 = close(code, c0, '(', ')')
            yield m.start(), c1, code[c0:c1], code[b0:b1]
            continue
        j = skip_space(code, i)
        if not code.startswith('(', j):
            continue
        c1 = close(code, j, '(', ')')
        cond = code[j:c1]
        if kw == 'while' and re.search(r'\}\s*$', code[:m.start()]) and \
                re.match(r'\s*;', code[c1:]):
            continue  # the tail of a do ... while
        if kw == 'for':
            cond = ';'.join(cond.split(';')[1:])
        b0, b1 = statement(code, c1)
        yield m.start(), b1, cond, code[b0:b1]


# lib/wait.h's deadline test for loops that read the clock themselves: the wait is lib/wait.c's.
THROUGH_WAIT = re.compile(r'\bwait_window_over\s*\([^()]*\)')


def clocked(text, derived):
    text = THROUGH_WAIT.sub('0', text)
    return CLOCK.search(text) or any(re.search(r'\b%s\b' % re.escape(v), text) for v in derived)


def exits_on_clock(cond, body, noreturn):
    """Why the loop is a wait on the clock, or None."""
    derived, grew = set(), True
    while grew:
        grew = False
        for m in ASSIGN.finditer(cond + ';' + body):
            var = re.sub(r'\s+', '', m.group(1))
            if var not in derived and clocked(m.group(2), derived):
                derived.add(var)
                grew = True
    if clocked(cond, derived):
        return 'its condition reads the clock'
    for m in re.finditer(r'\bif\s*\(', body):
        c1 = close(body, m.end() - 1, '(', ')')
        test = body[m.end() - 1:c1]
        then = body[slice(*statement(body, c1))]
        leaves = EXIT.search(then) or any(re.search(r'\b%s\s*\(' % n, then) for n in noreturn)
        if leaves and clocked(test, derived):
            return 'it leaves when the clock says: if %s' % ' '.join(test.split())
    return None


def waits(root, folders, allowed=('lib/wait.c',)):
    files = [p for p in source.tracked(root) if p.split('/', 1)[0] in folders and
             p.endswith(('.c', '.h')) and p not in allowed]
    codes = {}
    noreturn = set()
    for p in files:
        code = source.read(root, p)[1]
        code = re.sub(r'"(?:[^"\\\n]|\\.)*"', lambda m: m.group(0) if 'pause' in m.group(0)
                      else '""', code)
        codes[p] = code
        noreturn |= set(NORETURN.findall(code))
    bad = []
    for p, code in codes.items():
        found = []
        for start, end, cond, body in loops(code):
            why = None
            if PAUSE.search(cond + body):
                why = 'it pauses: %s' % PAUSE.search(cond + body).group(0).strip('"( ')
            else:
                why = exits_on_clock(cond, body, noreturn)
            if why:
                found.append((start, end, why))
        # Report the innermost loop for one reason: an outer loop holds the inner one's text.
        for s, e, why in found:
            if not any(s < s2 and e2 <= e and w2 == why for s2, e2, w2 in found):
                bad.append('%s:%d: a loop that waits outside lib/wait: %s' %
                           (p, code.count('\n', 0, s) + 1, why))
    return bad
