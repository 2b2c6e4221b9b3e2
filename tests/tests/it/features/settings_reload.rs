use super::*;

fn codes(diags: &[serde_json::Value]) -> Vec<String> {
    diags
        .iter()
        .map(|d| format!("{} {}", d["code"].as_str().unwrap_or(""), d["severity"]))
        .collect()
}

/// Wait until `uri` is published with exactly `expected` (earlier publications, such as the
/// cross-file ones after indexing, are skipped; the harness's timeout ends a wait in vain).
fn wait_for(server: &mut Server, uri: &str, expected: &[&str]) {
    while codes(&server.wait_diagnostics(uri, 1)) != expected {}
}

/// A client that cannot watch files (Neovim on Linux) still gets a changed `.agentls.toml`:
/// the save of any document reads it again.
#[test]
fn a_changed_settings_file_is_read_again_on_the_save_of_any_document() {
    const AGENT: &str = "---\nname: a\ndescription: Does a.\nversion: 1\n---\nBody.\n";
    let ws = Workspace::with_files(&[(".claude/agents/a.md", AGENT)]);
    let mut server = start(&ws);
    let uri = ws.uri(".claude/agents/a.md");
    server.open(&uri, AGENT);
    assert_eq!(
        codes(&server.wait_diagnostics(&uri, 1)),
        ["unknown-key 4"],
        "an unknown key is a hint by default"
    );
    ws.write(".agentls.toml", "[severity]\nunknown-key = \"warning\"\n");
    server.save(&uri);
    wait_for(&mut server, &uri, &["unknown-key 2"]);
    // Removed: back to the default.
    std::fs::remove_file(ws.path(".agentls.toml")).unwrap();
    server.save(&uri);
    wait_for(&mut server, &uri, &["unknown-key 4"]);
    server.shutdown();
}
