"""Debian's Linux 6.1 and 6.12 kernel images, fetched with `apt-get download` into the build
folder and unpacked there; nothing else is used as a source."""
import glob
import os
import re
import subprocess

# The package name patterns, newest first by Debian's version order.
SERIES = {
    '6.1': r'^linux-image-6\.1\.0-\d+-amd64-unsigned$',
    '6.12': r'^linux-image-6\.12\.\d+\+deb12-amd64-unsigned$',
}


class FetchError(Exception):
    pass


def newest_package(pattern):
    # apt-cache takes POSIX regular expressions; the exact pattern is applied here.
    out = subprocess.run(['apt-cache', 'search', '--names-only', '^linux-image-6'],
                         capture_output=True, text=True, timeout=120).stdout
    names = [line.split(' ', 1)[0] for line in out.splitlines()]
    names = [n for n in names if re.match(pattern, n)]
    if not names:
        return None

    def version(name):
        return [int(x) for x in re.findall(r'\d+', name)]
    return max(names, key=version)


def fetch(series, dest):
    """Returns the path of the unpacked vmlinuz for that series, downloading it once."""
    os.makedirs(dest, exist_ok=True)
    pkg = newest_package(SERIES[series])
    if not pkg and os.geteuid() == 0:
        subprocess.run(['apt-get', 'update', '-qq'], timeout=600, check=False)
        pkg = newest_package(SERIES[series])
    if not pkg:
        raise FetchError('no Debian package matches %s (apt-get update, or add '
                         'bookworm-security/bookworm-backports to the sources)' % SERIES[series])
    unpacked = os.path.join(dest, pkg)
    found = glob.glob(os.path.join(unpacked, 'boot', 'vmlinuz-*'))
    if found:
        return found[0], pkg
    p = subprocess.run(['apt-get', 'download', pkg], cwd=dest, capture_output=True, text=True,
                       timeout=900)
    debs = glob.glob(os.path.join(dest, pkg + '_*.deb'))
    if p.returncode != 0 or not debs:
        raise FetchError('apt-get download %s failed: %s' % (pkg, p.stderr.strip()[-300:]))
    os.makedirs(unpacked, exist_ok=True)
    tar = subprocess.Popen(['dpkg-deb', '--fsys-tarfile', debs[0]], stdout=subprocess.PIPE)
    subprocess.run(['tar', '-x', '-C', unpacked, '--wildcards', './boot/vmlinuz-*'],
                   stdin=tar.stdout, check=True, timeout=300)
    tar.wait(timeout=300)
    found = glob.glob(os.path.join(unpacked, 'boot', 'vmlinuz-*'))
    if not found:
        raise FetchError('%s holds no boot/vmlinuz-*' % debs[0])
    os.remove(debs[0])
    return found[0], pkg
