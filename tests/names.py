"""The names the build shares with the tests: events, steps, phases, knobs, cases and faults,
read from BUILD/names.json, which the build writes from the same lists the image and
smpscope-report are compiled from. The tests keep no copies of their own.

    from names import load
    n = load('build')
    n.steps, n.phases, n.case_names(runner='bringup'), n.knob('tsc_loop_ms')['max']
"""
import json
import os
import sys


class Names:
    def __init__(self, data, path):
        self.path = path
        self.events = data['events']
        self.steps = data['steps']
        self.phases = data['phases']
        self.knobs = data['knobs']
        self.cases = data['cases']
        self.flows = data['flows']
        self.faults = data['faults']
        self.emulators = data['emulators']  # ev=exit emulator= (include/exitcode.h)
        self.exit_hows = data['exit_hows']  # ev=exit how=
        self.cmos_whens = data['cmos_whens']
        self.disarm_reasons = data['disarm_reasons']
        self.park_actions = data['park_actions']  # ev=park action= (include/events.h)
        self.park_bys = data['park_bys']  # ev=park by=
        self.save_results = data['save_results']  # ev=save result= (include/stick.h)
        self.stick = data['stick']  # the stick image's log partition: label, folder, slots

    def case_names(self, runner=None):
        """Case names in table order, those of one runner if given."""
        return [c['name'] for c in self.cases if runner is None or c['runner'] == runner]

    def ladder(self):
        """The bringup ladder, most conservative case first: the cases with a rung, in rung
        order (the rung column of cases/cases.def, which case=all and smpscope-report bisect
        read too)."""
        return [c['name'] for c in sorted((c for c in self.cases if c['rung']),
                                          key=lambda c: c['rung'])]

    def flows_kicking_all_first(self):
        """The flows that kick every AP before the first wait (include/knob_values.h)."""
        return [f['name'] for f in self.flows if f['kicks_all_first']]

    def knob(self, name):
        for k in self.knobs:
            if k['name'] == name:
                return k
        raise KeyError('no knob %r in %s' % (name, self.path))


_cache = {}


def build_dir():
    """The build directory the running suite was given (its first argument), else build/."""
    return sys.argv[1] if len(sys.argv) > 1 and not sys.argv[1].startswith('-') else 'build'


def load(build=None):
    """The names of BUILD (default: the suite's build directory). Exits with a message naming
    the missing file and the command that writes it, rather than a traceback."""
    path = os.path.join(build or build_dir(), 'names.json')
    if path in _cache:
        return _cache[path]
    try:
        with open(path, encoding='utf-8') as f:
            data = json.load(f)
        names = Names(data, path)
    except FileNotFoundError:
        sys.exit('tests: %s is missing; the build writes it: run `make all` first' % path)
    except (ValueError, KeyError, TypeError) as e:
        sys.exit('tests: %s is not the names file the build writes (%s); run `make all`'
                 % (path, e))
    _cache[path] = names
    return names
