"""The screen read back from pixels: a PPM screendump of the framebuffer console (QEMU's
monitor, tools/qemu-run.sh --screendump), cut into 8x16 cells that are matched against the
glyphs of the very font the image draws with (BUILD/font/glyphs.bin, from tools/psf2c.c;
docs/screen.md). A cell is read when its pixels are exactly one glyph in two colours; anything
else (a half-drawn cell, another font, the firmware's own text) reads as UNREAD.

    rows = screen_text('build/e2e/x.ppm', 'build')     # one string a row, right-stripped
    cells = screen_cells('build/e2e/x.ppm', 'build')   # [(char, fg, bg)], colours as names
"""
import os

FONT_W, FONT_H, FIRST = 8, 16, 0x20
UNREAD = '\ufffd'
# console/grid.h's colours, as console/fbdraw.c draws them (the 16 VGA text colours).
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


def screen_cells(ppm, build):
    """Rows of (char, fg, bg) cells, colours named as in COLOURS (a blank cell's fg is its bg)."""
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


def screen_text(ppm, build):
    """The screen as text: one string a row, trailing blanks cut."""
    return [''.join(c[0] for c in cells).rstrip() for cells in screen_cells(ppm, build)]


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
