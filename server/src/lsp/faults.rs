//! Fault injection for the end-to-end tests of issue 7 ("a panic in a handler becomes an error
//! response and a log line, and the server goes on"): with `AGENTLS_TEST_PANIC_ON` set to a
//! comma-separated list of handler names (`hover`, `completion`, `didChange`, ...), those
//! handlers panic inside their guard. Unset, this is one environment lookup per process.

use std::sync::OnceLock;

/// The environment variable naming the handlers that panic.
pub(crate) const PANIC_ON: &str = "AGENTLS_TEST_PANIC_ON";

/// Panic if the tests asked handler `what` to.
pub(crate) fn maybe_panic(what: &str) {
    static NAMES: OnceLock<Vec<String>> = OnceLock::new();
    let names = NAMES.get_or_init(|| {
        std::env::var(PANIC_ON)
            .map(|v| v.split(',').map(|s| s.trim().to_string()).collect())
            .unwrap_or_default()
    });
    if names.iter().any(|n| n == what) {
        panic!("{PANIC_ON} asked `{what}` to panic");
    }
}
