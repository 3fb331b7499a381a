#!/bin/sh
# Score the current pipeline on the third held-out set (hand-written,
# hand-labelled articles nobody has tuned on). Needs no Makefile.
#   tests/heldout3/score.sh             # summary plus every miss / false find
#   tests/heldout3/score.sh --json      # any extra arguments go to score.py
# Environment: DOCPIPE (default .venv/bin/docpipe), SCORER (default
# ../shared/eval/score.py next to the repository), PRED (predictions file).
set -eu
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT"
DOCPIPE=${DOCPIPE:-.venv/bin/docpipe}
SCORER=${SCORER:-../shared/eval/score.py}
PRED=${PRED:-/tmp/heldout3.jsonl}
[ $# -eq 0 ] && set -- --verbose
"$DOCPIPE" extract -q tests/heldout3/articles/*.txt > "$PRED"
python3 "$SCORER" "$PRED" tests/heldout3/gold "$@"
