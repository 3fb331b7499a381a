#!/bin/sh
# Score the current pipeline on this held-out set; see ../score_set.sh.
#   tests/heldout12/score.sh            # summary plus every miss / false find
#   tests/heldout12/score.sh --summary  # the summary lines only
exec "$(dirname "$0")/../score_set.sh" tests/heldout12 "$@"
