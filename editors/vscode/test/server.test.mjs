// Client–server exchange against the REAL agentls binary, as VS Code's client
// would drive it. The binary comes from AGENTLS_BIN or ../../target/debug/agentls;
// a missing binary fails the suite (it is not skipped).
import { test, describe, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, mkdirSync, writeFileSync, rmSync, realpathSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";

import { LspSession, serverBinary, assertBinaryExists, completionNames, uriOf } from "./lspSession.mjs";
import { toServerSettings } from "../out/settings.mjs";
import { TEAM_GRAPH_METHOD, graphHtml, openTarget } from "../out/teamGraph.mjs";

const TEST_TIMEOUT = 60_000; // only guards against a hung server; no duration is asserted

// Claude Code skips it: its retry quotes the first description line (it holds `: `), and the
// indented continuation after the quoted value still breaks the YAML.
const BROKEN = "---\ndescription: Use this agent when: the user asks\n  to review code\n---\nBody\n";
const NO_DESCRIPTION = "---\nname: x\n---\n";
const TOOLS = "---\nname: comp\ndescription: Completes tools\ntools: Read, \n---\nBody\n";
const KEYS = "---\nname: keys\ndescription: Completes keys\n\n---\nBody\n";

function write(root, rel, text) {
  const file = path.join(root, ...rel.split("/"));
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
  return file;
}

const codes = (params) => params.diagnostics.map((d) => d.code);

describe("agentls serve (real binary) with a VS Code-like client", { timeout: 4 * TEST_TIMEOUT }, () => {
  const bin = serverBinary();
  let root;
  let session;
  let init;

  before(async () => {
    assertBinaryExists(bin);
    root = realpathSync(mkdtempSync(path.join(tmpdir(), "agentls-vscode-")));
    mkdirSync(path.join(root, ".git"));
    session = new LspSession(bin, { cwd: root });
    const { payload } = toServerSettings({ extraTools: ["mcp__test__ping"] });
    init = await session.initialize({ rootDir: root, positionEncodings: ["utf-16"], initializationOptions: payload });
  });

  after(async () => {
    if (session) {
      const { code } = await session.shutdown();
      if (code !== 0) console.error(`agentls exited with ${code}; stderr:\n${session.stderr.slice(-2000)}`);
    }
    if (root) rmSync(root, { recursive: true, force: true });
  });

  test("initialize advertises what the editor integrations rely on", { timeout: TEST_TIMEOUT }, () => {
    const caps = init.capabilities;
    assert.ok(caps, "capabilities");
    const problems = [];
    // Offered only utf-16, so utf-16 must be used (absent means utf-16 too).
    if (!(caps.positionEncoding === undefined || caps.positionEncoding === "utf-16")) {
      problems.push(`positionEncoding is ${caps.positionEncoding}, expected utf-16`);
    }
    const sync = caps.textDocumentSync;
    const change = typeof sync === "number" ? sync : sync?.change;
    if (change !== 2) problems.push(`textDocumentSync.change is ${change}, expected 2 (incremental)`);
    if (typeof sync === "object") {
      if (sync.openClose !== true) problems.push("textDocumentSync.openClose is not true");
      if (!sync.save) problems.push("textDocumentSync.save is missing");
    }
    if (!caps.completionProvider) {
      problems.push("completionProvider is missing");
    } else {
      for (const ch of [":", ",", " ", "-"]) {
        if (!caps.completionProvider.triggerCharacters?.includes(ch)) {
          problems.push(`completion trigger character ${JSON.stringify(ch)} is missing`);
        }
      }
    }
    if (!caps.hoverProvider) problems.push("hoverProvider is missing");
    if (!caps.codeActionProvider) problems.push("codeActionProvider is missing");
    assert.deepEqual(problems, [], `capabilities: ${JSON.stringify(caps)}`);
  });

  test("broken frontmatter is reported as yaml-syntax on line 1", { timeout: TEST_TIMEOUT }, async () => {
    const file = write(root, ".claude/agents/bad.md", BROKEN);
    const uri = await session.open(file, BROKEN, 1);
    const params = await session.waitForDiagnostics(uri, (p) => p.diagnostics.some((d) => d.code === "yaml-syntax"));
    const diag = params.diagnostics.find((d) => d.code === "yaml-syntax");
    assert.equal(diag.source, "agentls");
    assert.equal(diag.severity, 1, "error severity");
    assert.equal(diag.range.start.line, 1);
    if (params.version !== undefined && params.version !== null) assert.equal(params.version, 1);
  });

  test("an incremental edit that fixes the file clears yaml-syntax", { timeout: TEST_TIMEOUT }, async () => {
    const uri = uriOf(path.join(root, ".claude", "agents", "bad.md"));
    // Lines 1-2 are `description: Use this agent when: the user asks` and `  to review code`;
    // quote the value across both.
    const start = "description: ".length;
    const end = "  to review code".length;
    await session.change(uri, 2, [
      { range: { start: { line: 2, character: end }, end: { line: 2, character: end } }, text: '"' },
      { range: { start: { line: 1, character: start }, end: { line: 1, character: start } }, text: '"' },
    ]);
    const params = await session.waitForDiagnostics(
      uri,
      (p) => (p.version === 2 || p.version === undefined || p.version === null) && !p.diagnostics.some((d) => d.code === "yaml-syntax"),
    );
    assert.ok(!codes(params).includes("yaml-syntax"), JSON.stringify(params.diagnostics));
  });

  test("missing description is reported", { timeout: TEST_TIMEOUT }, async () => {
    const file = write(root, ".claude/agents/x.md", NO_DESCRIPTION);
    const uri = await session.open(file, NO_DESCRIPTION, 1);
    const params = await session.waitForDiagnostics(uri, (p) => codes(p).includes("missing-description"));
    const diag = params.diagnostics.find((d) => d.code === "missing-description");
    assert.equal(diag.source, "agentls");
  });

  test("a Markdown file that is not an agent file gets no diagnostics", { timeout: TEST_TIMEOUT }, async () => {
    const file = write(root, "docs/notes.md", BROKEN);
    const uri = await session.open(file, BROKEN, 1);
    // Round trip through an agent file opened afterwards: once its diagnostics
    // arrive the server has handled the earlier didOpen as well.
    const probe = write(root, ".claude/agents/probe.md", NO_DESCRIPTION);
    const probeUri = await session.open(probe, NO_DESCRIPTION, 1);
    await session.waitForDiagnostics(probeUri, (p) => p.diagnostics.length > 0);
    // Any answer, even an error, means the server has read everything sent before it.
    await session.request("textDocument/hover", { textDocument: { uri }, position: { line: 1, character: 2 } }).catch(() => null);
    const published = session.diagnostics.get(uri) ?? [];
    assert.ok(published.every((p) => p.diagnostics.length === 0), JSON.stringify(published));
  });

  test("completion in tools: offers Claude Code tools not yet listed", { timeout: TEST_TIMEOUT }, async () => {
    const file = write(root, ".claude/agents/comp.md", TOOLS);
    const uri = await session.open(file, TOOLS, 1);
    const result = await session.request("textDocument/completion", {
      textDocument: { uri },
      position: { line: 3, character: "tools: Read, ".length },
      context: { triggerKind: 2, triggerCharacter: " " },
    });
    const names = completionNames(result);
    for (const tool of ["Grep", "Glob", "Bash"]) assert.ok(names.includes(tool), `${tool} in ${JSON.stringify(names)}`);
    assert.ok(!names.includes("Read"), "Read is already listed");
  });

  test("completion at the start of a frontmatter line offers keys", { timeout: TEST_TIMEOUT }, async () => {
    const file = write(root, ".claude/agents/keys.md", KEYS);
    const uri = await session.open(file, KEYS, 1);
    const result = await session.request("textDocument/completion", {
      textDocument: { uri },
      position: { line: 3, character: 0 },
      context: { triggerKind: 1 },
    });
    const names = completionNames(result);
    for (const key of ["model", "tools"]) assert.ok(names.includes(key), `${key} in ${JSON.stringify(names)}`);
  });

  test("settings sent with didChangeConfiguration apply (severity off)", { timeout: TEST_TIMEOUT }, async () => {
    const file = write(root, ".claude/agents/quiet.md", NO_DESCRIPTION);
    const uri = await session.open(file, NO_DESCRIPTION, 1);
    await session.waitForDiagnostics(uri, (p) => codes(p).includes("missing-description"));
    const { payload } = toServerSettings({ severity: { "missing-description": "off" } });
    await session.changeConfiguration(payload);
    // Touch the document so a fresh analysis runs under the new settings.
    // A server may also pull the settings (workspace/configuration) and
    // republish later, so any publication after the edit may show the change.
    const before = session.diagnostics.get(uri).length;
    await session.change(uri, 2, [{ text: NO_DESCRIPTION + "\n" }]);
    const params = await session.waitForDiagnostics(
      uri,
      (p) => session.diagnostics.get(uri).indexOf(p) >= before && !codes(p).includes("missing-description"),
      15_000,
    );
    assert.ok(!codes(params).includes("missing-description"));
    // Restore defaults for the following tests.
    await session.changeConfiguration(toServerSettings({}).payload);
  });

  test("hover and code actions answer without error", { timeout: TEST_TIMEOUT }, async () => {
    const uri = uriOf(path.join(root, ".claude", "agents", "x.md"));
    const hover = await session.request("textDocument/hover", { textDocument: { uri }, position: { line: 1, character: 1 } });
    assert.ok(hover === null || typeof hover === "object");
    // Any publication with the diagnostic will do (settings changes may republish without it).
    const published = await session.waitForDiagnostics(uri, (p) => codes(p).includes("missing-description"));
    const diag = published.diagnostics.find((d) => d.code === "missing-description");
    const actions = await session.request("textDocument/codeAction", {
      textDocument: { uri },
      range: diag.range,
      context: { diagnostics: [diag], triggerKind: 1 },
    });
    assert.ok(actions === null || Array.isArray(actions));
  });

  test("agentls/teamGraph answers what the Team Graph webview shows", { timeout: TEST_TIMEOUT }, async () => {
    const LEAD = "---\nname: graph-lead\ndescription: Leads.\ncolor: purple\ntools: Agent(graph-worker)\n---\nGo.\n";
    const WORKER = "---\nname: graph-worker\ndescription: Works.\n---\nWork.\n";
    const lead = write(root, ".claude/agents/graph-lead.md", LEAD);
    const worker = write(root, ".claude/agents/graph-worker.md", WORKER);
    const leadUri = await session.open(lead, LEAD, 1);
    await session.open(worker, WORKER, 1);
    await session.waitForDiagnostics(leadUri);
    const result = await session.request(TEAM_GRAPH_METHOD, { focus: "graph-lead" });
    const names = result.graph.nodes.map((n) => n.name).sort();
    assert.deepEqual(names, ["graph-lead", "graph-worker"]);
    const node = result.graph.nodes.find((n) => n.name === "graph-lead");
    assert.equal(node.color, "purple");
    assert.deepEqual(openTarget(result, node.id), { uri: leadUri, line: 1 });
    assert.deepEqual(result.graph.edges.map((e) => e.kind), ["tool-rule"]);
    const html = graphHtml(result, "n0nce", "vscode-resource:");
    assert.ok(html.includes(`data-id="${node.id}"`), "the SVG's nodes are clickable");
  });
});

describe("position encoding negotiation", { timeout: TEST_TIMEOUT }, () => {
  test("utf-8 is chosen when the client offers it", { timeout: TEST_TIMEOUT }, async () => {
    const bin = serverBinary();
    assertBinaryExists(bin);
    const s = new LspSession(bin, { args: ["serve", "--stdio"] });
    try {
      const r = await s.initialize({ positionEncodings: ["utf-8", "utf-16"] });
      assert.equal(r.capabilities.positionEncoding, "utf-8");
    } finally {
      const { code } = await s.shutdown();
      assert.equal(code, 0, "clean exit after shutdown/exit");
    }
  });
});
