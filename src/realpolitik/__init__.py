"""realpolitik: build a cited model of the international system from a corpus."""

__version__ = "0.1.0"
