#!/bin/sh
# Score the current pipeline on one labelled set with ../shared/eval/score.py.
#   tests/score_set.sh seeds                 # the shared seeds and their gold
#   tests/score_set.sh tests/heldout3        # a folder with articles/ and gold/
#   tests/score_set.sh tests/heldout3 --json # extra arguments go to score.py
#   tests/score_set.sh tests/heldout3 --summary   # the summary lines only
# With no extra arguments score.py gets --verbose (every miss and false find).
# Environment: DOCPIPE (default .venv/bin/docpipe), SCORER (default
# ../shared/eval/score.py next to the repository), PRED (predictions file).
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
[ $# -ge 1 ] || { echo "usage: tests/score_set.sh seeds|<folder with articles/ and gold/> [score.py args]" >&2; exit 2; }
SET=${1%/}
shift
DOCPIPE=${DOCPIPE:-.venv/bin/docpipe}
SCORER=${SCORER:-../shared/eval/score.py}
if [ "$SET" = seeds ]; then
    ARTICLES=seeds; GOLD=../shared/eval/gold
else
    ARTICLES=$SET/articles; GOLD=$SET/gold
fi
[ -d "$ARTICLES" ] && [ -d "$GOLD" ] || { echo "tests/score_set.sh: no $ARTICLES/ or $GOLD/" >&2; exit 2; }
# A file of its own per run: two runs at once must not write one file.
PRED=${PRED:-$(mktemp "${TMPDIR:-/tmp}/docpipe-score-$(basename "$SET")-XXXXXX.jsonl")}
SUMMARY=no
if [ $# -eq 0 ]; then
    set -- --verbose
elif [ "$1" = --summary ]; then
    SUMMARY=yes; shift
fi
"$DOCPIPE" extract -q "$ARTICLES"/*.txt > "$PRED"
if [ "$SUMMARY" = yes ]; then
    python3 "$SCORER" "$PRED" "$GOLD" "$@" | sed -n '/^METRICS/,$p'
else
    python3 "$SCORER" "$PRED" "$GOLD" "$@"
fi
