"""The stick image (build/smpscope.img) as the stick tests read it, with Debian's tools where
they serve: the log partition found through the GPT by its FAT label, the slot files' clusters
from mtools' mshowfat, the files taken off with mcopy. No TESTS: a helper, not a group."""
import os
import re
import shutil
import struct
import subprocess

from harness.record import NAMES

SECTOR = 512
STICK = NAMES.stick


def partition(img):
    """The first sector of the GPT partition whose FAT is labelled as the build labels it."""
    with open(img, 'rb') as f:
        f.seek(SECTOR)
        hdr = f.read(SECTOR)
        lba, count, size = struct.unpack_from('<QII', hdr, 72)
        f.seek(lba * SECTOR)
        entries = f.read(count * size)
        for i in range(count):
            first = struct.unpack_from('<Q', entries, i * size + 32)[0]
            if not any(entries[i * size:i * size + 16]):
                continue
            f.seek(first * SECTOR)
            boot = f.read(SECTOR)
            if boot[43:54].rstrip(b' ') == STICK['label'].encode():
                return first
    raise ValueError('%s: no FAT labelled %s in its GPT' % (img, STICK['label']))


def slot_sectors(img):
    """[first, end) of every slot file on the disk, from the FAT's boot sector and mshowfat."""
    part = partition(img)
    with open(img, 'rb') as f:
        f.seek(part * SECTOR)
        bs = f.read(SECTOR)
    spc, rsvd, fats, roots, fatsz = struct.unpack_from('<BHBHxxxH', bs, 13)
    data = part + rsvd + fats * fatsz + roots * 32 // SECTOR
    out = []
    for i in range(STICK['slots']):
        name = '::/%s/slot-%02d.log' % (STICK['folder'], i)
        got = subprocess.run(['mshowfat', '-i', '%s@@%d' % (img, part * SECTOR), name],
                             capture_output=True, text=True, timeout=30).stdout
        runs = re.findall(r'<(\d+)-(\d+)>', got)
        if len(runs) != 1:
            raise ValueError('%s: %s is not one run of clusters: %s' % (img, name, got.strip()))
        a, b = int(runs[0][0]), int(runs[0][1])
        out.append((data + (a - 2) * spc, data + (b - 1) * spc))
    return out


def changed_outside(orig, img, written):
    """Sectors of img that differ from orig outside the slots numbered in written, and slots
    of written that did not change: [what was wrong]."""
    slots = slot_sectors(img)
    allowed = [slots[i] for i in written]
    touched, bad = set(), []
    with open(orig, 'rb') as a, open(img, 'rb') as b:
        base = 0
        while True:
            x, y = a.read(1 << 20), b.read(1 << 20)
            if not x and not y:
                break
            if x != y:
                for s in range(0, max(len(x), len(y)), SECTOR):
                    if x[s:s + SECTOR] == y[s:s + SECTOR]:
                        continue
                    sector = (base + s) // SECTOR
                    hit = [i for i, (lo, hi) in zip(written, allowed) if lo <= sector < hi]
                    if not hit:
                        bad.append('sector %d changed, outside the slots written' % sector)
                    touched.update(hit)
            base += len(x)
    bad += ['slot %d was not written' % i for i in written if i not in touched]
    return bad[:10]


def copy_slots(img, folder):
    """The folder smpscope/ taken off a copy of img with mcopy, as a laptop would: []."""
    copy = img + '.copy'
    subprocess.run(['cp', '--sparse=always', img, copy], check=True, timeout=60)
    if os.path.isdir(folder):
        shutil.rmtree(folder)
    os.makedirs(folder)
    p = subprocess.run(['mcopy', '-n', '-i', '%s@@%d' % (copy, partition(copy) * SECTOR),
                        '::/%s/*' % STICK['folder'], folder], capture_output=True, text=True,
                       timeout=60)
    os.unlink(copy)
    return [] if p.returncode == 0 else ['mcopy: %s' % p.stderr.strip()]
