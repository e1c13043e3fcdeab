"""Learned judges: NLI contradiction cross-encoder and biased-language classifier (issue 6)."""
