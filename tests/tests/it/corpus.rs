//! Real agent files: `agentls check` over the shared corpus (`<repo>/../shared/corpus`) must be
//! quiet: no `yaml-syntax` anywhere, and no error except the real ones the corpus README lists.
//! Broken cases live in `server/tests/fixtures` instead.

/// Errors that are true. The corpus README says the agent with `tools: []`
/// (`plugins/arm-cortex-microcontrollers/agents/arm-cortex-expert.md`) cannot start, but Claude
/// Code 2.1.332 refuses only a tools list whose named tools all fail to resolve; an empty list
/// starts the agent with no tools (a `no-tools` warning). See tests/conformance/claude-code.
/// The GitHub Copilot CLI 1.0.102, run on these very files, skips five Copilot agents: four
/// MCP servers without `tools` (`mcp-servers.<name>.tools: Required`) and one agent without
/// `description` (`description: Required`). See tests/conformance/copilot-cli/FINDINGS.md.
const REAL_ERRORS: &[(&str, &str)] = &[
    (
        "github-awesome-copilot/agents/cast-imaging-impact-analysis.agent.md",
        "missing-key",
    ),
    (
        "github-awesome-copilot/agents/cast-imaging-software-discovery.agent.md",
        "missing-key",
    ),
    (
        "github-awesome-copilot/agents/cast-imaging-structural-quality-advisor.agent.md",
        "missing-key",
    ),
    (
        "github-awesome-copilot/agents/elasticsearch-observability.agent.md",
        "missing-key",
    ),
    (
        "github-awesome-copilot/agents/declarative-agents-architect.agent.md",
        "missing-description",
    ),
];

fn is_real_error(path: &str, code: &str) -> bool {
    REAL_ERRORS
        .iter()
        .any(|(p, c)| path.replace('\\', "/").ends_with(p) && code == *c)
}

use agentls_e2e::*;
use serde_json::Value;

#[test]
fn the_corpus_has_no_yaml_syntax_error_and_no_false_error() {
    let corpus = corpus_dir();
    let (code, json) = check_json(&[corpus.to_string_lossy().as_ref()]);
    let files = json["summary"]["files"].as_u64().expect("summary.files");
    assert!(
        files > 400,
        "check found only {files} agent files in {}",
        corpus.display()
    );
    let diags = json["diagnostics"].as_array().expect("a diagnostics array");
    let describe = |d: &Value| {
        format!(
            "{}:{}:{}: {}[{}]: {}",
            d["path"].as_str().unwrap_or_default(),
            d["range"]["start"]["line"].as_u64().unwrap_or_default() + 1,
            d["range"]["start"]["character"]
                .as_u64()
                .unwrap_or_default()
                + 1,
            d["severity"].as_str().unwrap_or_default(),
            d["code"].as_str().unwrap_or_default(),
            d["message"].as_str().unwrap_or_default(),
        )
    };
    let yaml: Vec<String> = diags
        .iter()
        .filter(|d| d["code"] == "yaml-syntax")
        .map(describe)
        .collect();
    assert!(
        yaml.is_empty(),
        "yaml-syntax on real files:\n{}",
        yaml.join("\n")
    );
    let errors: Vec<&Value> = diags.iter().filter(|d| d["severity"] == "error").collect();
    let false_alarms: Vec<String> = errors
        .iter()
        .filter(|d| {
            !is_real_error(
                d["path"].as_str().unwrap_or_default(),
                d["code"].as_str().unwrap_or_default(),
            )
        })
        .map(|d| describe(d))
        .collect();
    assert!(
        false_alarms.is_empty(),
        "errors on real files:\n{}",
        false_alarms.join("\n")
    );
    assert_eq!(
        errors.len(),
        REAL_ERRORS.len(),
        "every known real error is found"
    );
    let want = if REAL_ERRORS.is_empty() { 0 } else { 1 };
    assert_eq!(code, want, "the exit status follows the real errors");
}

#[test]
fn the_server_publishes_no_error_for_any_corpus_file() {
    let files = markdown_files(&corpus_dir());
    assert!(files.len() > 400, "only {} Markdown files", files.len());
    let mut server = Server::start();
    server.initialize(client_capabilities(&["utf-16"]));
    let mut problems = Vec::new();
    for path in &files {
        let Ok(text) = std::fs::read_to_string(path) else {
            continue;
        };
        let uri = file_uri(path);
        server.open(&uri, &text);
        for d in server.wait_diagnostics(&uri, 1) {
            let real = is_real_error(
                &path.to_string_lossy(),
                d["code"].as_str().unwrap_or_default(),
            );
            if (d["severity"] == 1 && !real) || d["code"] == "yaml-syntax" {
                problems.push(format!("{}: {}", path.display(), d));
            }
        }
        server.close(&uri);
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    server.shutdown();
}
