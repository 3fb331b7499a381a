"""`make faults`: a fault-injection run of the whole stack that anyone can repeat.

    python -m bench.faults [--docs 300] [--worker-kills 24] [--redis-kills 2] [--api-kills 1]
                           [--group-every 4] [--store-lock 30] [--redeliveries 6] [--trims 1]
                           [--first-share 0.2] [--min-mid-task 20] [--extra-worker-kills 12]
                           [--redis-down-posts 10] [--bursts 1] [--burst-kills 8]
                           [--sweep-every 5] [--stuck-after 200] [--out var/faults]
                           [--mongo [--mongo-kills 1] [--mongo-down 10]]

``docpipe run --no-flower`` starts as a user starts it (embedded Redis, the
embedded store unless MONGODB_URI, free ports, a temporary var dir). Distinct
articles (``bench.corpus``) are POSTed while a fault thread injects, one after
the other, each once the stack has recovered from the previous one. Work
keeps flowing until the last fault: ``--first-share`` of the articles are
POSTed at the start, the rest in equal steps before each planned fault.

- ``worker-pool``: SIGKILL the pool process of a stage worker once the worker
  holds a message of its stage unacknowledged (taken by this worker process:
  a leftover of a killed predecessor does not count); Celery's
  ``task_reject_on_worker_lost`` puts it back at once. It counts as
  mid-task only when the worker then logs a ``WorkerLostError`` (billiard
  logs one only for a job running in the dead process);
- ``worker-group``: SIGKILL a stage worker's whole process group (its main
  process too); the supervisor restarts it and the message comes back
  through the visibility timeout or the sweep (``--stuck-after``) — every
  ``--group-every``-th worker kill is of this kind. Mid-task only when the
  message the worker had taken is still unacknowledged once it is dead.
  A worker kill that met no running task is followed by another of the
  same kind and stage (at most ``--extra-worker-kills`` in all); fewer than
  ``--min-mid-task`` kills mid-task fails the run;
- ``worker-burst``: SIGKILL a stage worker's group, then each process the
  supervisor starts for it as soon as it appears (while it starts, in the
  run of its restart backoff), ``--burst-kills`` times in all (8: issue
  #15's "8 times in 20 s"); recovered once it is ready again and
  ``/readyz`` answers 200. ``/readyz`` is asked every 0.5 s from the first
  kill until then; the note and the report's ``bursts`` give the kills,
  their span, ``/readyz``'s answers while the stage was down, the time
  from the last kill until it was ready and until ``/readyz`` said 200,
  and the restart count;
- ``redis``: SIGKILL the embedded Redis (AOF everysec: the last second of
  writes can go; the sweep re-enqueues what it held); ``--redis-down-posts``
  articles, held back from the flow, are POSTed at once right after each
  kill: every first answer is counted (and whether Redis answered a PING
  just before it was sent); a 5xx other than 503, a 503 without
  ``Retry-After`` or one of them never accepted fails the run;
- ``api``: SIGKILL the API process;
- ``store-lock``: the embedded store locked for ``--store-lock`` seconds: a
  connection of this process holds SQLite's write lock (``BEGIN EXCLUSIVE``;
  in WAL mode readers go on), as another process's long write transaction
  (a backup, a migration, a ``sqlite3`` shell left open) does; every write
  of the stack waits on its busy timeout meanwhile (not injected on MongoDB);
- ``mongo`` (``--mongo``: the store on a wire server this run starts with
  ``bench.wire_server``, in place of the store lock): SIGKILL the server,
  leave it down ``--mongo-down`` seconds, start it again on the same port and
  data directory; the workers' store writes fail and are retried meanwhile;
- ``redeliver``: a message of a stage delivered a second time while its
  first delivery runs (a copy of the unacknowledged message, same task id,
  pushed back where the workers take next: what a visibility timeout passed
  under a slow task, or a broker failover, does);
- ``xtrim``: the event stream trimmed to nothing (``XTRIM MAXLEN 0``, in one
  transaction with an ``XRANGE`` of what it removes, so the count of events
  stays exact) under two live consumers: an SSE client of ``GET /events``
  (from the start, resuming with ``Last-Event-ID``) and a webhook receiver
  subscribed before the first POST; what each of them got is counted.

Stages are killed (and messages redelivered) in turn (segment, extract, normalize). Then it waits for
quiescence (every accepted document processed or failed, every queue empty),
reads every document back and the whole event stream, runs each accepted text
in-process (``run_stages``) and compares the stage outputs. It writes
``<out>/faults-<time>.json`` and prints a table: accepted, processed, failed
(by code), lost (accepted, neither processed nor failed), outputs differing
from the in-process run, events per document (missing, duplicates with equal
or different ids), recovery time per fault kind.

Exit status 0 when nothing was lost, no output differs, no event is missing,
every duplicate event repeats an id, at least ``--min-mid-task`` worker kills
hit a running task and the POSTs at the Redis kills were answered as above;
1 otherwise. The table also counts the task retries Celery could not publish
while Redis was down (``reject requeue=False``) and how long their documents
waited to be taken again.
Events missed by the SSE client or the webhook receiver are reported, not
failed on: an event trimmed before a consumer read it is gone for it.
"""

from .injector import Faults
from .plan import Plan
from .report import ok, table
from .runner import main, run
from .traffic import articles

__all__ = ["Faults", "Plan", "articles", "main", "ok", "run", "table"]
