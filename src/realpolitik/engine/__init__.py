"""Running the per-document stages over a corpus: discovery, planning, execution."""
