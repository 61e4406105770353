"""Actors: the registry of states, organisations and leaders, and the resolver."""

from __future__ import annotations

from realpolitik.actors.registry import Registry, load_registry, surface_forms

__all__ = ["Registry", "load_registry", "surface_forms"]
