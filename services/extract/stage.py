"""Extract stage: the entities of the contract (regions, parks, organizations,
persons, industries, documents) with exact offsets and canonical names.

Four steps per document, each in one place:

1. **Analysis** (``analysis.py``): built once, frozen, by the analysers
   declared in ``recognisers.ANALYSERS``: the text, page-chrome spans
   (``chrome.py``), LAC words (``ner.py``), the names the organizations'
   list rules make organizations, the second model's spans
   (``foolnltk.py``) and gazetteer hits (``gazetteer.py``).
2. **Recognisers** (``recognisers.RECOGNISERS``): declared in order, each
   with the entity types it gives, what it needs (analysis slots or an
   earlier recogniser's candidates, handed over by the pipeline) and a pure
   function ``(Analysis, Found) -> list[Candidate]``. A candidate is an
   entity with its source (the recogniser's name) and a score. No recogniser
   imports or calls another: persons read the organizations' list names from
   the analysis; organizations read the persons', regions' and industries'
   candidates; ``model_entities`` reads the model spans, gazetteer hits and
   the persons' candidates.
3. **Resolver** (``resolver.py``): 《》 edges, page chrome (which gives no
   region, park, industry or organization; its people stay), corroboration
   of the rules' organizations whose name does not say what they are,
   overlaps (span length, type priority, source agreement, score,
   recogniser order) and canonical names shared by every mention.
4. **Keep model** (``keep_model.py``): a learned keep/drop decision per
   resolved entity of the types its model file has a threshold for (now
   organizations and regions; one per name, all its mentions), from generic features of its candidates and the analysis;
   trained on the tuning sets' gold by ``tools/train_filter.py``. The
   entities it drops are kept apart in ``dropped_entities`` (with their
   score), not in ``entities``: the normalize stage reads them as names
   written in the text when it attributes figures, never as owners.

The recognisers' word lists and tables are data files under
``docpipe/data`` (one folder per recogniser) read by ``docpipe.wordlists`` (and
the large place and park tables by ``resources.py``); the CJK character
class is ``docpipe.textclasses.HAN``. Every analyser and recogniser loads its
resources in ``warm_up``; one that cannot stops the worker at start
(``RecogniserUnavailable``, naming it). Adding a recogniser:
``CONTRIBUTING.md``.
"""

from __future__ import annotations

from docpipe.document import Document, Entity
from docpipe.pipeline import declared_stage

from . import keep_model, misnamed, recognisers
from .analysis import Analysis
from .candidates import Candidate
from .resolver import resolve


def resolved(text: str) -> tuple[Analysis, list[Candidate], list[Entity]]:
    """Steps 1-3: the analysis, every recogniser's candidates and the
    resolver's entities (the keep model's input: its tests and trainer call
    this rather than wire the resolver again)."""
    analysis, candidates = recognisers.run(text)
    entities = resolve(
        candidates,
        analysis.chrome,
        recognisers.READS_TITLES,
        support=recognisers.organization_support(analysis),
        corroborate=recognisers.CORROBORATED,
        text=text,
    )
    return analysis, candidates, entities


def extract(doc: Document) -> Document:
    # (the ones the keep step drops go beside them: read by the normalize
    # stage's attribution only, as names written in the text)
    doc.entities, doc.dropped_entities = keep_model.split(*resolved(doc.clean_text or ""))
    return doc


def warm_up() -> None:
    """Every analyser's and recogniser's resources, then the resolver's names."""
    recognisers.warm_up()
    misnamed.load_resources()
    keep_model.load_resources()


# Its reads, adds, status and version: docpipe/pipeline.toml.
STAGE = declared_stage("extract", extract, warm_up=warm_up)
READS, ADDS = STAGE.reads, STAGE.adds
