"""docpipe's common library: contract models, settings, the Celery factory,
the store, events and the CLI. No stage logic lives here."""

from .pipeline import PIPELINE_VERSION

__all__ = ["PIPELINE_VERSION"]
