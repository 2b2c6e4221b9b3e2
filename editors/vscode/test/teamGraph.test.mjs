// Unit tests of the Team Graph webview logic (src/teamGraph.ts, compiled to out/).
import { test, describe } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";

import {
  TEAM_GRAPH_METHOD,
  escapeHtml,
  graphHtml,
  makeNonce,
  openTarget,
  parsePageMessage,
  problems,
} from "../out/teamGraph.mjs";

const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8"));

const RESULT = {
  graph: {
    nodes: [
      { id: ".claude/agents/lead.md", name: "lead", kind: "agent", uri: "file:///p/.claude/agents/lead.md", line: 1, duplicate: false, problem: false },
      { id: ".claude/agents/a.md", name: "twin", kind: "agent", uri: "file:///p/.claude/agents/a.md", line: 1, duplicate: true, problem: true },
      { id: "missing:ghost", name: "ghost", kind: "missing", duplicate: false, problem: true },
    ],
    edges: [
      { from: ".claude/agents/lead.md", to: "missing:ghost", kind: "tool-rule", unresolved: true, suggestion: "host", line: 5 },
      { from: ".claude/agents/lead.md", to: ".claude/agents/a.md", kind: "mention", unresolved: false, line: 7 },
    ],
  },
  svg: '<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><g class="agentls-node" data-id=".claude/agents/lead.md" data-path="/p/.claude/agents/lead.md"><rect/></g></svg>',
  mermaid: "flowchart LR\n",
};

describe("team graph webview", () => {
  test("the command is contributed and the method is the server's", () => {
    assert.ok(pkg.contributes.commands.some((c) => c.command === "agentls.showTeamGraph" && c.title === "Show Team Graph"));
    assert.equal(TEAM_GRAPH_METHOD, "agentls/teamGraph");
  });

  test("the page embeds the SVG under a strict CSP, scripts only with the nonce", () => {
    const html = graphHtml(RESULT, "abc123", "vscode-webview://x");
    assert.ok(html.includes("<svg"), "the SVG is inline");
    assert.ok(!html.includes("<?xml"), "no XML declaration inside HTML");
    // Quotes in the CSP attribute are written as character references.
    const csp = html.match(/http-equiv="Content-Security-Policy" content="([^"]*)"/)[1].replace(/&#39;/g, "'");
    assert.ok(csp.includes("script-src 'nonce-abc123'"), csp);
    assert.ok(csp.includes("default-src 'none'"), csp);
    assert.equal((html.match(/<script/g) ?? []).length, 1);
    assert.ok(html.includes('<script nonce="abc123">'));
    assert.ok(html.includes("3 nodes, 2 edges"));
  });

  test("problems are listed, escaped", () => {
    assert.deepEqual(problems(RESULT), [
      "lead names ghost, which does not exist (did you mean host?)",
      "twin is defined more than once (.claude/agents/a.md)",
    ]);
    const evil = { ...RESULT, graph: { nodes: [{ ...RESULT.graph.nodes[1], name: "<img src=x>" }], edges: [] } };
    const html = graphHtml(evil, "n", "s");
    assert.ok(html.includes("&lt;img src=x&gt;") && !html.includes("<img src=x>"));
  });

  test("a page without an SVG still says what it has", () => {
    const html = graphHtml({ ...RESULT, svg: null }, "n", "s");
    assert.ok(html.includes("No picture was drawn: 3 nodes."));
  });

  test("clicks open only files of nodes in the graph", () => {
    assert.deepEqual(openTarget(RESULT, ".claude/agents/lead.md"), { uri: "file:///p/.claude/agents/lead.md", line: 1 });
    assert.equal(openTarget(RESULT, "missing:ghost"), undefined, "a missing name has no file");
    assert.equal(openTarget(RESULT, "/etc/passwd"), undefined);
  });

  test("messages from the page are checked", () => {
    assert.deepEqual(parsePageMessage({ type: "open", id: "x" }), { type: "open", id: "x" });
    assert.deepEqual(parsePageMessage({ type: "refresh" }), { type: "refresh" });
    assert.deepEqual(parsePageMessage({ type: "copyMermaid" }), { type: "copyMermaid" });
    assert.equal(parsePageMessage({ type: "open", id: 3 }), undefined);
    assert.equal(parsePageMessage({ type: "run", cmd: "rm" }), undefined);
    assert.equal(parsePageMessage(null), undefined);
    assert.equal(parsePageMessage("open"), undefined);
  });

  test("helpers", () => {
    assert.equal(escapeHtml(`<a href="x">'&'</a>`), "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
    const nonce = makeNonce();
    assert.match(nonce, /^[A-Za-z0-9]{32}$/);
    assert.notEqual(makeNonce(), nonce);
  });
});
