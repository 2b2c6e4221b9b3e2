//! Hover (in progress).
