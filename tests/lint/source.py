"""Reading the tree's sources for lint: which files there are, their comments, and their code with
the comments taken out. Kept apart from the checks so each check reads as its rule."""
import ast
import io
import os
import re
import subprocess
import tokenize

C_LIKE = ('.c', '.h', '.def', '.ld')
HASH_COMMENTS = ('.sh', '.py')


def tracked(root):
    """The repository's files, relative to root: git's list where root is a work tree (tracked
    and new files, not ignored ones such as build/), else every file below root."""
    if os.path.exists(os.path.join(root, '.git')):
        out = subprocess.run(['git', '-C', root, 'ls-files', '-z', '--cached', '--others',
                              '--exclude-standard'], capture_output=True, check=True).stdout
        return sorted(f for f in out.decode().split('\0') if f and os.path.exists(
            os.path.join(root, f)))
    files = []
    for d, subdirs, names in os.walk(root):
        subdirs[:] = [s for s in subdirs if s not in ('.git', 'build')]
        files += [os.path.relpath(os.path.join(d, n), root) for n in names]
    return sorted(files)


def kind(path):
    """'c', 'asm', 'hash' or None: how the file writes its comments."""
    base = os.path.basename(path)
    ext = os.path.splitext(base)[1]
    if ext in C_LIKE:
        return 'c'
    if ext == '.asm':
        return 'asm'
    if ext in HASH_COMMENTS or base == 'Makefile' or path == '.ci/run':
        return 'hash'
    return None


# A comment (to its end, or the file's), or a string or character literal (to its quote, or the
# line's end).
C_TOKEN = re.compile(r'/\*.*?(?:\*/|\Z)|//[^\n]*|"(?:[^"\\\n]|\\.)*"?|\'(?:[^\'\\\n]|\\.)*\'?',
                     re.S)


def split_c(text):
    """C source as (comments, code): comments is a list of (line, text); code keeps string
    literals (inline asm lives in them) and has each comment replaced by spaces, so line numbers
    stay."""
    comments, code, last, line, counted = [], [], 0, 1, 0
    for m in C_TOKEN.finditer(text):
        tok = m.group(0)
        if tok[0] in '"\'':
            continue
        code.append(text[last:m.start()])
        body = tok[2:-2] if tok.startswith('/*') and tok.endswith('*/') and len(tok) >= 4 \
            else tok[2:]
        line += text.count('\n', counted, m.start())
        counted = m.start()
        comments.append((line, body))
        code.append(re.sub(r'[^\n]', ' ', tok))
        last = m.end()
    code.append(text[last:])
    return comments, ''.join(code)


def split_asm(text):
    """NASM after cpp: `;` starts a comment outside quotes."""
    comments, code = [], []
    for no, ln in enumerate(text.split('\n'), 1):
        quote = None
        for k, ch in enumerate(ln):
            if quote:
                quote = None if ch == quote else quote
            elif ch in '"\'`':
                quote = ch
            elif ch == ';':
                comments.append((no, ln[k + 1:]))
                ln = ln[:k]
                break
        code.append(ln)
    return comments, '\n'.join(code)


def split_hash(text, path):
    """Shell, Makefile and Python: `#` at the start of a word, outside quotes, starts a comment.
    Python is read by its own tokenizer, and its docstrings count as comments."""
    if path.endswith('.py'):
        return split_python(text)
    comments, code = [], []
    for no, ln in enumerate(text.split('\n'), 1):
        quote, escaped = None, False
        for k, ch in enumerate(ln):
            if escaped:
                escaped = False
            elif quote:
                if ch == quote:
                    quote = None
                elif ch == '\\' and quote == '"':
                    escaped = True
            elif ch in '"\'':
                quote = ch
            elif ch == '#' and (k == 0 or ln[k - 1] in ' \t') and not ln.startswith('#!'):
                # A comment on the line after a whole-line comment continues it.
                if comments and comments[-1][2] == no - 1 and not ln[:k].strip():
                    first, text, _ = comments.pop()
                    comments.append((first, text + '\n' + ln[k + 1:], no))
                else:
                    comments.append((no, ln[k + 1:], no))
                ln = ln[:k]
                break
        code.append(ln)
    return [(no, text) for no, text, _ in comments], '\n'.join(code)


def split_python(text):
    comments = []
    try:
        for tok in tokenize.generate_tokens(io.StringIO(text).readline):
            if tok.type == tokenize.COMMENT:
                comments.append((tok.start[0], tok.string[1:]))
        tree = ast.parse(text)
    except (tokenize.TokenError, SyntaxError):
        return comments, text
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant) \
                    and isinstance(body[0].value.value, str):
                comments.append((body[0].lineno, body[0].value.value))
    return comments, text


def read(root, path):
    """(comments, code) of one file, or None when it is not a source lint reads."""
    k = kind(path)
    if k is None:
        return None
    try:
        with open(os.path.join(root, path), encoding='utf-8', errors='replace') as f:
            text = f.read()
    except OSError:
        return None
    if k == 'c':
        return split_c(text)
    if k == 'asm':
        return split_asm(text)
    return split_hash(text, path)
