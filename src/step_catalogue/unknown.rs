//! Feature lines that match no step (filled in later).
