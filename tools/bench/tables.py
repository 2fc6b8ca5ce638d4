"""Markdown tables and the few statistics the bench quotes."""
import statistics


def med(values):
    return round(statistics.median(values)) if values else None


def ratio(a, b):
    if a is None or not b:
        return '-'
    return '%.3f' % (a / b)


def cell(v):
    if v is None:
        return '-'
    if isinstance(v, float):
        return '%.2f' % v
    return str(v)


def markdown(head, rows):
    lines = ['| ' + ' | '.join(head) + ' |', '|' + '---|' * len(head)]
    lines += ['| ' + ' | '.join(cell(v) for v in r) + ' |' for r in rows]
    return '\n'.join(lines)
