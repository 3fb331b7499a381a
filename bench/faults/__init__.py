"""`make faults`: a fault-injection run of the whole stack that anyone can repeat.

    python -m bench.faults [--docs 300] [--worker-kills 24] [--redis-kills 2] [--api-kills 1]
                           [--group-every 4] [--store-lock 30] [--redeliveries 6] [--trims 1]
                           [--sweep-every 5] [--stuck-after 200] [--out var/faults]
                           [--mongo [--mongo-kills 1] [--mongo-down 10]]

``docpipe run --no-flower`` starts as a user starts it (embedded Redis, the
embedded store unless MONGODB_URI, free ports, a temporary var dir). Distinct
articles (``bench.corpus``) are POSTed while a fault thread injects, one after
the other, each once the stack has recovered from the previous one:

- ``worker-pool``: SIGKILL the pool process of a stage worker while a message
  of that stage is delivered and unacknowledged (mid-task); Celery's
  ``task_reject_on_worker_lost`` puts it back at once;
- ``worker-group``: SIGKILL a stage worker's whole process group (its main
  process too) mid-task; the supervisor restarts it and the message comes
  back through the sweep (``--stuck-after``) — every ``--group-every``-th
  worker kill is of this kind;
- ``redis``: SIGKILL the embedded Redis (AOF everysec: the last second of
  writes can go; the sweep re-enqueues what it held);
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

Exit status 0 when nothing was lost, no output differs, no event is missing
and every duplicate event repeats an id; 1 otherwise.
Events missed by the SSE client or the webhook receiver are reported, not
failed on: an event trimmed before a consumer read it is gone for it.
"""

from .injector import Faults
from .plan import Plan
from .report import ok, table
from .runner import main, run
from .traffic import articles

__all__ = ["Faults", "Plan", "articles", "main", "ok", "run", "table"]
