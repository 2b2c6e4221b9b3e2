//! Completion (in progress).
