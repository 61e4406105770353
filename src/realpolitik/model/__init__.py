"""The model built from the store: dyads, power profiles, graph, causal map."""
