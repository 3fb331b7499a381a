"""Development tools (table generators, eval reports, deploy manifests), run as
scripts from the repository root. Never installed, never imported by the
runtime (import-linter's contracts in pyproject.toml)."""
