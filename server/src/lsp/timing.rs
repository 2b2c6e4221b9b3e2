//! Opt-in timing log for benchmarks: with `AGENTLS_TRACE_TIMING=1` in the environment, handlers
//! on the typing path write `timing <what> <microseconds>` lines to stderr (never stdout, the
//! protocol channel). Off by default; when off, the cost is one relaxed load per handler.

use std::io::Write;
use std::sync::OnceLock;
use std::time::Instant;

fn enabled() -> bool {
    static ON: OnceLock<bool> = OnceLock::new();
    *ON.get_or_init(|| std::env::var_os("AGENTLS_TRACE_TIMING").is_some_and(|v| v == "1"))
}

/// A start time when timing is on.
pub(crate) fn start() -> Option<Instant> {
    enabled().then(Instant::now)
}

/// Log the time since `start` (if timing is on) under `what`.
pub(crate) fn finish(what: &str, start: Option<Instant>) {
    if let Some(t) = start {
        let us = t.elapsed().as_micros();
        let _ = writeln!(std::io::stderr().lock(), "timing {what} {us}");
    }
}

/// Add the time since `start` (if timing is on) to `total`, to log a sum with [`log`].
pub(crate) fn add(total: &mut std::time::Duration, start: Option<Instant>) {
    if let Some(t) = start {
        *total += t.elapsed();
    }
}

/// Log `total` (if timing is on) under `what`.
pub(crate) fn log(what: &str, total: std::time::Duration) {
    if enabled() {
        let _ = writeln!(
            std::io::stderr().lock(),
            "timing {what} {}",
            total.as_micros()
        );
    }
}
