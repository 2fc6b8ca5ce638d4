"""The lab's accounts in lava-server's database, created when missing (docs/lab.md, "make lab"):
a superuser with an API token for lavacli, the worker with its token; and any job an
interrupted run left unfinished is marked Incomplete, which frees its device. Run inside
lava-server's Django (one process instead of a `lava-server manage` call per step):

    lava-server manage shell -c "import runpy; runpy.run_path('tools/lab/accounts.py')"

with LAB_USER, LAB_WORKER and LAB_SECRETS (a directory) in the environment. Writes
LAB_SECRETS/lab-token and LAB_SECRETS/worker-token, readable by root alone.
"""
import os

from django.contrib.auth.models import User
from lava_scheduler_app.models import TestJob, Worker
from linaro_django_xmlrpc.models import AuthToken


def secret(name, value):
    path = os.path.join(os.environ['LAB_SECRETS'], name)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, 'w') as f:
        f.write(value + '\n')


def main():
    user, made = User.objects.get_or_create(username=os.environ['LAB_USER'])
    if made:
        # Nobody logs in: lavacli and the REST calls use the token.
        user.set_unusable_password()
    user.is_staff = user.is_superuser = True
    user.save()
    token = AuthToken.objects.filter(user=user).order_by('id').first()
    if token is None:
        token = AuthToken.objects.create(user=user, description='make lab')
    secret('lab-token', token.secret)
    worker, _ = Worker.objects.get_or_create(hostname=os.environ['LAB_WORKER'],
                                             defaults={'description': 'make lab'})
    secret('worker-token', worker.token)
    for job in TestJob.objects.exclude(state=TestJob.STATE_FINISHED):
        # What `lava-server manage jobs fail ID` does.
        job.go_state_finished(TestJob.HEALTH_INCOMPLETE)
        job.save()
        print('accounts: job %d left unfinished by an earlier run: Incomplete' % job.id)


main()
