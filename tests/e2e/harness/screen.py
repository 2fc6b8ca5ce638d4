"""The one reader of a screen, whichever way it was saved (docs/screen.md):

- VGA text memory (0xB8000, 80x25 cells of a character and an attribute byte), as the harness
  saves it through QMP (LOG.vga) or as a QEMU trace of the writes to it rebuilds it;
- a framebuffer screenshot: a PPM screendump (QEMU's monitor, tools/qemu-run.sh --screendump,
  LOG.ppm) cut into 8x16 cells that are matched against the glyphs of the very font the image
  draws with (BUILD/font/glyphs.bin, from tools/psf2c.c). A cell is read when its pixels are
  exactly one glyph in two colours; anything else (a half-drawn cell, another font, the
  firmware's own text) reads as UNREAD.

Both give a Screen: rows of (char, fg, bg) cells, colours named as console/grid.h names them.

    s = of_test(log)            # the test's LOG.vga, else its LOG.ppm
    s.text                      # one string a row, trailing blanks cut
    s.lines()                   # the rows, and the rows joined where a line wrapped
    panel(s)                    # the CPU panel's cells: (apic, step, fg, bg)

    python3 tests/e2e/harness/screen.py FILE.ppm|FILE.vga [BUILD]   # prints it as text
"""
import functools
import os
import re
import sys

FONT_W, FONT_H, FIRST = 8, 16, 0x20
VGA_TEXT, VGA_COLS, VGA_ROWS = 0xb8000, 80, 25
UNREAD = '\ufffd'
# console/grid.h's colours, as console/fbdraw.c draws them: the 16 VGA text colours, in the
# order of their number in a VGA attribute's nibble.
COLOURS = {
    'black': (0x00, 0x00, 0x00), 'blue': (0x00, 0x00, 0xaa), 'green': (0x00, 0xaa, 0x00),
    'cyan': (0x00, 0xaa, 0xaa), 'red': (0xaa, 0x00, 0x00), 'magenta': (0xaa, 0x00, 0xaa),
    'brown': (0xaa, 0x55, 0x00), 'grey': (0xaa, 0xaa, 0xaa), 'dark-grey': (0x55, 0x55, 0x55),
    'light-blue': (0x55, 0x55, 0xff), 'light-green': (0x55, 0xff, 0x55),
    'light-cyan': (0x55, 0xff, 0xff), 'light-red': (0xff, 0x55, 0x55),
    'light-magenta': (0xff, 0x55, 0xff), 'yellow': (0xff, 0xff, 0x55),
    'white': (0xff, 0xff, 0xff),
}


def read_ppm(path):
    """(width, height, rgb bytes) of a binary PPM (P6, maxval 255), as QEMU writes it."""
    with open(path, 'rb') as f:
        data = f.read()
    fields, pos = [], 0
    while len(fields) < 4:
        while data[pos:pos + 1].isspace():
            pos += 1
        if data[pos:pos + 1] == b'#':
            pos = data.index(b'\n', pos)
            continue
        end = pos
        while end < len(data) and not data[end:end + 1].isspace():
            end += 1
        fields.append(data[pos:end])
        pos = end
    pos += 1  # the single whitespace byte before the pixels
    if fields[0] != b'P6' or fields[3] != b'255':
        raise ValueError('%s: not a P6 PPM with maxval 255' % path)
    w, h = int(fields[1]), int(fields[2])
    if len(data) - pos < w * h * 3:
        raise ValueError('%s: %d pixel bytes, %dx%d needs %d' % (path, len(data) - pos, w, h,
                                                                 w * h * 3))
    return w, h, data[pos:pos + w * h * 3]


def load_glyphs(build):
    """{16-byte bitmap: char} for printable ASCII, from BUILD/font/glyphs.bin."""
    with open(os.path.join(build, 'font', 'glyphs.bin'), 'rb') as f:
        raw = f.read()
    glyphs = {}
    for i in range(len(raw) // FONT_H):
        # The first char wins where two share a bitmap (none do in default8x16).
        glyphs.setdefault(raw[i * FONT_H:(i + 1) * FONT_H], chr(FIRST + i))
    return glyphs


def colour_name(rgb):
    """The nearest of COLOURS: a 15- or 16-bit framebuffer rounds each channel."""
    return min(COLOURS, key=lambda n: sum((a - b) ** 2 for a, b in zip(COLOURS[n], rgb)))


def _cell(px, w, col, row):
    """The cell's pixels, one (r, g, b) a pixel, row by row."""
    out = []
    for y in range(row * FONT_H, (row + 1) * FONT_H):
        base = (y * w + col * FONT_W) * 3
        line = px[base:base + FONT_W * 3]
        out.extend(tuple(line[i:i + 3]) for i in range(0, FONT_W * 3, 3))
    return out


def _bitmap(pixels, fg):
    return bytes(sum(0x80 >> x for x in range(FONT_W) if pixels[y * FONT_W + x] == fg)
                 for y in range(FONT_H))


def _read(pixels, glyphs):
    """(char, fg rgb, bg rgb) of one cell; char is UNREAD when no glyph fits."""
    colours = sorted(set(pixels), key=pixels.count, reverse=True)
    if len(colours) == 1:
        return ' ', colours[0], colours[0]
    if len(colours) == 2:
        # Either colour may be the foreground ('#' has as many lit pixels as not): try both.
        for fg, bg in ((colours[1], colours[0]), (colours[0], colours[1])):
            ch = glyphs.get(_bitmap(pixels, fg))
            if ch and ch != ' ':
                return ch, fg, bg
    return UNREAD, colours[-1], colours[0]


def _ppm_cells(ppm, build):
    w, h, px = read_ppm(ppm)
    glyphs = load_glyphs(build)
    rows = []
    for row in range(h // FONT_H):
        cells = []
        for col in range(w // FONT_W):
            ch, fg, bg = _read(_cell(px, w, col, row), glyphs)
            cells.append((ch, colour_name(fg), colour_name(bg)))
        rows.append(cells)
    return rows


class Screen:
    """Rows of (char, fg, bg) cells, colours named as in COLOURS (a blank cell's fg is its bg)."""

    def __init__(self, cells):
        self.cells = cells
        self.cols = max((len(r) for r in cells), default=0)
        self.text = [''.join(c[0] for c in row).rstrip() for row in cells]

    def lines(self):
        """The rows joined back into lines where a full row wrapped onto the next (the log
        console wraps at the last column), then the rows themselves."""
        return text_unwrapped(self.text, self.cols) + self.text

    def flat(self):
        """Every cell's character in memory order, rows not broken: a line longer than the screen
        reads on across the row's end."""
        return ''.join(''.join(c[0] for c in row) for row in self.cells)


def from_ppm(ppm, build):
    """The framebuffer screenshot in PPM (P6) read back through the image's font."""
    return Screen(_ppm_cells(ppm, build))


def from_vga(raw, cols=VGA_COLS, rows=VGA_ROWS):
    """VGA text memory: a character byte, then an attribute (background in the high nibble)."""
    names_ = list(COLOURS)
    return Screen([[(bytes(raw[i:i + 1]).decode('ascii', 'replace'), names_[raw[i + 1] & 0xf],
                     names_[raw[i + 1] >> 4]) for i in range(r * cols * 2, (r + 1) * cols * 2, 2)]
                   for r in range(min(rows, len(raw) // (cols * 2)))])


def of_test(log):
    """The screen a test saved beside its log: LOG.vga (VGA text memory), else LOG.ppm."""
    if os.path.exists(log.path + '.vga'):
        with open(log.path + '.vga', 'rb') as f:
            return from_vga(f.read())
    return from_ppm(log.path + '.ppm', os.path.dirname(os.path.dirname(log.path)))


def text_unwrapped(rows, cols):
    """The rows joined back into lines where a full row wrapped onto the next (the log console
    wraps at the last column, so a row exactly `cols` long continues below)."""
    lines, cur = [], ''
    for r in rows:
        cur += r
        if len(r) < cols:
            lines.append(cur)
            cur = ''
    if cur:
        lines.append(cur)
    return lines


@functools.lru_cache(maxsize=None)
def panel_cell():
    """A wide cell of the panel: the APIC ID in hex, then the CPU's last step (console/panel.c).
    Built on first use: the steps are the build's (tests/names.py), which a run from the
    command line does not need."""
    import names
    return re.compile(r'\b([0-9a-f]{2,8}) (%s)\b' % '|'.join(
        re.escape(s) for s in sorted(names.load().steps + ['bsp'], key=len, reverse=True)))


def panel(screen):
    """The panel's cells, (apic, step, fg, bg) each, read from the rows after its title
    ("CPUs 28: ...") while they hold cells; the colours are the cell's first character's."""
    title = [r for r, row in enumerate(screen.text) if row.startswith('CPUs ')]
    out = []
    for r in range(title[0] + 1 if title else len(screen.text), len(screen.text)):
        found = list(panel_cell().finditer(screen.text[r]))
        if not found:
            break
        for m in found:
            _, fg, bg = screen.cells[r][m.start()]
            out.append((m.group(1), m.group(2), fg, bg))
    return out


def main(argv):
    path, build = argv[1], argv[2] if len(argv) > 2 else 'build'
    if path.endswith('.ppm'):
        screen = from_ppm(path, build)
    else:
        with open(path, 'rb') as f:
            screen = from_vga(f.read())
    print('\n'.join(screen.text))


if __name__ == '__main__':
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    main(sys.argv)
