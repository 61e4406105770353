"""The web workbench (``realpolitik serve``) and the static report (``realpolitik report``)."""
