"""Use cases of the desk: one call is one transaction; plain values in and out."""
