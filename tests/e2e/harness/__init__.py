"""What the e2e groups (tests/e2e/<group>.py) stand on: the runner, the test record, the log
and screen readers, and the checks more than one group asks (docs/testing.md, "The e2e
harness"). Nothing here names a test; every test lives in a group."""
import os
import sys

# tests/, for names.py: the names the build shares with the tests.
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
