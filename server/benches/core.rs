//! Criterion benchmarks of the core: full parse, incremental edit, analysis, summaries,
//! cross-file diagnostics and completion, on real agent files from `../shared/corpus` (with a
//! synthetic fallback when the corpus is absent).
//!
//! Run: `cargo bench -p agentls --bench core` (add `-- <filter>` to pick benchmarks, e.g.
//! `-- edit`). The ratio of incremental to from-scratch work is the `edit/*` figure over the
//! `parse/agent_5000_lines` figure (see `docs/PERFORMANCE.md`).

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::Duration;

use agentls::analysis::{
    self, Env, FileContext, Settings, WorkspaceNames, completion, summary, summary::incremental,
};
use agentls::schema::Dialect;
use agentls::syntax::Document;
use agentls::text::PositionEncoding;
use agentls::workspace;
use criterion::{BatchSize, Criterion, criterion_group, criterion_main};

/// The agent used as "a realistic agent file" (about 7 KB, 150 lines).
const REALISTIC: &str = "wshobson-agents/plugins/multi-platform-apps/agents/frontend-developer.md";

const FALLBACK: &str = "---\nname: frontend-developer\ndescription: Build React components, implement responsive layouts, and handle client-side state management. Use PROACTIVELY when creating UI components.\nmodel: inherit\n---\n\nYou are a frontend development expert specializing in modern React applications.\n\n## Purpose\n\nExpert frontend developer. Works with the `code-reviewer` agent and @test-automator.\n\n## Capabilities\n\n- React 19 features, Server Components, `useActionState`\n- Next.js 15 App Router, see [the guide](docs/next.md)\n- Tailwind CSS, design systems\n\n```tsx\nexport function App() { return <div/>; }\n```\n\n1. Analyze requirements\n2. Implement with **accessibility** in mind\n";

fn corpus() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus");
    dir.is_dir().then_some(dir)
}

/// Every agent file of the corpus (sorted), as text.
fn corpus_agents() -> Vec<String> {
    let Some(dir) = corpus() else {
        return vec![FALLBACK.to_string()];
    };
    let mut paths = Vec::new();
    let mut stack = vec![dir];
    while let Some(d) = stack.pop() {
        let Ok(rd) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in rd.flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else {
                let s = p.to_string_lossy();
                let is_agent = s.ends_with(".agent.md")
                    || (s.contains("/agents/") && s.ends_with(".md") && !s.ends_with("README.md"));
                if is_agent {
                    paths.push(p);
                }
            }
        }
    }
    paths.sort();
    paths
        .iter()
        .filter_map(|p| std::fs::read_to_string(p).ok())
        .collect()
}

fn realistic() -> String {
    corpus()
        .and_then(|d| std::fs::read_to_string(d.join(REALISTIC)).ok())
        .unwrap_or_else(|| FALLBACK.to_string())
}

/// The body of an agent file (after its closing `---` line).
fn body(text: &str) -> &str {
    let Some(rest) = text.strip_prefix("---\n") else {
        return text;
    };
    match rest.find("\n---\n") {
        Some(i) => &rest[i + 5..],
        None => rest,
    }
}

/// A 5,000-line agent: the realistic agent's frontmatter (with a `tools:` line) and the bodies
/// of the corpus agents repeated until the file has 5,000 lines.
fn big_agent(agents: &[String]) -> String {
    let mut out = String::from(
        "---\nname: big-agent\ndescription: Expert backend architect specializing in scalable API design, microservices architecture, and distributed systems. Use PROACTIVELY when creating new backend services or APIs.\ntools: Read, Grep, Glob, Bash\nmodel: sonnet\n---\n",
    );
    let mut lines = out.lines().count();
    'fill: loop {
        for a in agents {
            for line in body(a).lines() {
                out.push_str(line);
                out.push('\n');
                lines += 1;
                if lines >= 5000 {
                    break 'fill;
                }
            }
        }
    }
    out
}

/// The agents of a 5,000-agent workspace, with unique names, as an index.
fn workspace_index(agents: &[String], n: usize) -> workspace::Index {
    let mut index = workspace::Index::new(PositionEncoding::Utf16);
    for i in 0..n {
        let text = &agents[i % agents.len()];
        let renamed = match text.find("\nname:") {
            Some(at) => {
                let end = text[at + 1..].find('\n').map_or(text.len(), |e| at + 1 + e);
                format!("{}\nname: agent-{i}{}", &text[..at], &text[end..])
            }
            None => text.clone(),
        };
        let path = PathBuf::from(format!("/bench/ws/.claude/agents/agent-{i}.md"));
        let doc = Document::new(&renamed);
        index.insert(
            workspace::summarize(&path, &doc, Dialect::ClaudeAgent, PositionEncoding::Utf16),
            false,
        );
    }
    index.complete = true;
    index
}

fn offset_in_body(text: &str) -> usize {
    // The start of a prose line near the middle of the file.
    let mid = text.len() / 2;
    let line = text[mid..].find("\n").map_or(mid, |i| mid + i + 1);
    let mut at = line;
    for l in text[line..].split_inclusive('\n') {
        if l.trim().len() > 20 && !l.starts_with(['#', '-', '`', '|', ' ']) {
            return at + 5;
        }
        at += l.len();
    }
    line
}

fn offset_in_description(text: &str) -> usize {
    text.find("description: ").expect("a description") + "description: ".len() + 10
}

fn bench_parse(c: &mut Criterion, agent: &str, big: &str) {
    let mut g = c.benchmark_group("parse");
    g.bench_function("realistic_agent", |b| {
        b.iter(|| Document::new(black_box(agent)))
    });
    g.bench_function("agent_5000_lines", |b| {
        b.iter(|| Document::new(black_box(big)))
    });
    g.finish();
}

/// One character typed then deleted (two edits, two reparses per iteration): the document is
/// the same after every iteration.
fn bench_edit(c: &mut Criterion, big: &str) {
    let mut g = c.benchmark_group("edit");
    for (name, at) in [
        ("body_5000_lines_type_and_delete", offset_in_body(big)),
        (
            "frontmatter_5000_lines_type_and_delete",
            offset_in_description(big),
        ),
    ] {
        let mut doc = Document::new(big);
        g.bench_function(name, |b| {
            b.iter(|| {
                doc.edit(at..at, "x");
                doc.reparse();
                doc.edit(at..at + 1, "");
                doc.reparse();
            })
        });
    }
    // The same, with the reference summary kept current (what the server does per keystroke).
    let file = FileContext::from_path(
        Path::new("/bench/ws/.claude/agents/big-agent.md"),
        Dialect::ClaudeAgent,
    );
    let enc = PositionEncoding::Utf16;
    for (name, at) in [
        (
            "body_5000_lines_type_and_delete+summary",
            offset_in_body(big),
        ),
        (
            "frontmatter_5000_lines_type_and_delete+summary",
            offset_in_description(big),
        ),
    ] {
        let mut doc = Document::new(big);
        let mut prev = Some(incremental::summarize(&doc, &file, enc, None));
        g.bench_function(name, |b| {
            b.iter(|| {
                for (range, text) in [(at..at, "x"), (at..at + 1, "")] {
                    doc.edit(range, text);
                    doc.reparse();
                    prev = Some(incremental::summarize(&doc, &file, enc, prev.take()));
                }
            })
        });
    }
    g.finish();
}

fn bench_analysis(c: &mut Criterion, agent: &str, big: &str, names: &WorkspaceNames) {
    let settings = Settings::default();
    let env = Env {
        settings: &settings,
        workspace: names,
    };
    let file = FileContext::from_path(
        Path::new("/bench/ws/.claude/agents/big-agent.md"),
        Dialect::ClaudeAgent,
    );
    let mut g = c.benchmark_group("analysis");
    for (name, text) in [("realistic_agent", agent), ("agent_5000_lines", big)] {
        let doc = Document::new(text);
        g.bench_function(format!("diagnostics/{name}"), |b| {
            b.iter(|| analysis::diagnostics(black_box(&doc), &file, env))
        });
        g.bench_function(format!("summary/{name}"), |b| {
            b.iter(|| summary::summarize(black_box(&doc), &file, PositionEncoding::Utf16))
        });
    }
    g.finish();
}

fn bench_cross_file(c: &mut Criterion, big: &str, index: &mut workspace::Index) {
    let path = PathBuf::from("/bench/ws/.claude/agents/big-agent.md");
    let doc = Document::new(big);
    let settings = Settings::default();
    index.insert(
        workspace::summarize(&path, &doc, Dialect::ClaudeAgent, PositionEncoding::Utf16),
        true,
    );
    let mut g = c.benchmark_group("workspace_5000_agents");
    g.bench_function("cross_file_diagnostics/agent_5000_lines", |b| {
        b.iter(|| workspace::diagnostics(black_box(index), &path, &settings))
    });
    g.bench_function("index_update/agent_5000_lines", |b| {
        b.iter_batched(
            || workspace::summarize(&path, &doc, Dialect::ClaudeAgent, PositionEncoding::Utf16),
            |loaded| index.insert(loaded, true),
            BatchSize::SmallInput,
        )
    });
    g.finish();
}

fn bench_completion(c: &mut Criterion, big: &str, names: &WorkspaceNames) {
    let settings = Settings::default();
    let env = Env {
        settings: &settings,
        workspace: names,
    };
    let file = FileContext::from_path(
        Path::new("/bench/ws/.claude/agents/big-agent.md"),
        Dialect::ClaudeAgent,
    );
    let doc = Document::new(big);
    let tools_end = big
        .find("tools: Read, Grep, Glob, Bash")
        .expect("tools line")
        + "tools: Read, Grep, Glob, Bash".len();
    let model = big.find("model: ").expect("model line") + "model: ".len();
    let mut g = c.benchmark_group("completion");
    g.bench_function("tools_value/agent_5000_lines", |b| {
        b.iter(|| completion::complete(black_box(&doc), &file, env, tools_end, None))
    });
    g.bench_function("model_value/agent_5000_lines", |b| {
        b.iter(|| completion::complete(black_box(&doc), &file, env, model, None))
    });
    g.bench_function("key/agent_5000_lines", |b| {
        b.iter(|| completion::complete(black_box(&doc), &file, env, 4, None))
    });
    g.finish();
}

fn benches(c: &mut Criterion) {
    let agents = corpus_agents();
    let agent = realistic();
    let big = big_agent(&agents);
    let mut index = workspace_index(&agents, 5000);
    let names = index.names();
    bench_parse(c, &agent, &big);
    bench_edit(c, &big);
    bench_analysis(c, &agent, &big, &names);
    bench_completion(c, &big, &names);
    bench_cross_file(c, &big, &mut index);
}

criterion_group! {
    name = core;
    config = Criterion::default()
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3));
    targets = benches
}
criterion_main!(core);
