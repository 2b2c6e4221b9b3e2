// Unit tests of the extension's vscode-free logic (compiled to out/ by `npm run build`).
import { test, describe } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";

import {
  resolveServerPath,
  ServerNotFoundError,
  bundledServerPath,
  splitPath,
  pathCandidates,
  normalizeConfiguredPath,
} from "../out/serverPath.mjs";
import {
  toServerSettings,
  readRawSettings,
  explicitValue,
  affectsServerSettings,
  requiresRestart,
  SERVER_SETTING_KEYS,
  SEVERITIES,
  DIALECTS,
} from "../out/settings.mjs";
import { AGENT_FILE_PATTERNS, documentSelector, matchGlob, isSelected, dialectPatterns } from "../out/selector.mjs";

const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8"));

/** A fake file system in which exactly `files` are executables. */
function fakeHost(files) {
  const set = new Set(files);
  const calls = [];
  return {
    calls,
    isExecutableFile(f) {
      calls.push(f);
      return set.has(f);
    },
  };
}

describe("server path resolution", () => {
  const base = {
    platform: "linux",
    extensionPath: "/ext",
    envPath: "/usr/local/bin:/opt/agentls/bin:/usr/bin",
    homeDir: "/home/me",
    workspaceFolder: "/work/project",
  };

  test("agentls.path wins over PATH and the bundled binary", () => {
    const host = fakeHost(["/custom/agentls", "/opt/agentls/bin/agentls", "/ext/server/agentls"]);
    const r = resolveServerPath({ ...base, configuredPath: "/custom/agentls" }, host);
    assert.deepEqual(r, { command: "/custom/agentls", source: "setting" });
  });

  test("agentls.path set but missing is an error, with no silent fallback", () => {
    const host = fakeHost(["/opt/agentls/bin/agentls", "/ext/server/agentls"]);
    assert.throws(
      () => resolveServerPath({ ...base, configuredPath: "/nope/agentls" }, host),
      (err) => err instanceof ServerNotFoundError && err.fromSetting && err.tried[0] === "/nope/agentls",
    );
  });

  test("agentls.path supports ~ and workspace-relative paths", () => {
    assert.equal(normalizeConfiguredPath("~/bin/agentls", "linux", "/w", "/home/me"), "/home/me/bin/agentls");
    assert.equal(normalizeConfiguredPath("target/debug/agentls", "linux", "/w", "/home/me"), "/w/target/debug/agentls");
    const host = fakeHost(["/work/project/bin/agentls"]);
    const r = resolveServerPath({ ...base, configuredPath: " bin/agentls " }, host);
    assert.deepEqual(r, { command: "/work/project/bin/agentls", source: "setting" });
  });

  test("empty agentls.path falls through to PATH, in PATH order", () => {
    const host = fakeHost(["/opt/agentls/bin/agentls", "/usr/bin/agentls", "/ext/server/agentls"]);
    const r = resolveServerPath({ ...base, configuredPath: "" }, host);
    assert.deepEqual(r, { command: "/opt/agentls/bin/agentls", source: "path" });
    assert.deepEqual(host.calls, ["/usr/local/bin/agentls", "/opt/agentls/bin/agentls"]);
  });

  test("bundled binary is the last resort", () => {
    const host = fakeHost(["/ext/server/agentls"]);
    const r = resolveServerPath({ ...base }, host);
    assert.deepEqual(r, { command: "/ext/server/agentls", source: "bundled" });
    assert.equal(host.calls.at(-1), "/ext/server/agentls");
  });

  test("nothing found lists every location tried", () => {
    const host = fakeHost([]);
    assert.throws(
      () => resolveServerPath({ ...base }, host),
      (err) =>
        err instanceof ServerNotFoundError &&
        !err.fromSetting &&
        err.tried.length === 4 &&
        err.tried.at(-1) === "/ext/server/agentls",
    );
  });

  test("Windows: PATHEXT, ; separator and agentls.exe bundled", () => {
    assert.equal(bundledServerPath("C:\\ext", "win32"), "C:\\ext\\server\\agentls.exe");
    assert.deepEqual(splitPath('C:\\a;;"C:\\b c"', "win32"), ["C:\\a", "C:\\b c"]);
    assert.deepEqual(pathCandidates("C:\\a", "win32", ".EXE;.CMD"), ["C:\\a\\agentls.exe", "C:\\a\\agentls.cmd"]);
    const host = fakeHost(["C:\\tools\\agentls.exe"]);
    const r = resolveServerPath(
      { platform: "win32", extensionPath: "C:\\ext", envPath: "C:\\Windows;C:\\tools", envPathExt: ".EXE" },
      host,
    );
    assert.deepEqual(r, { command: "C:\\tools\\agentls.exe", source: "path" });
  });

  test("macOS/Linux PATH ignores empty entries", () => {
    assert.deepEqual(splitPath(":/a::/b:", "darwin"), ["/a", "/b"]);
    assert.deepEqual(splitPath(undefined, "linux"), []);
  });
});

describe("settings → initializationOptions / didChangeConfiguration", () => {
  test("unset settings send an empty agentls object", () => {
    assert.deepEqual(toServerSettings({}).payload, { agentls: {} });
  });

  test("every server setting is mapped and nested under agentls", () => {
    const { payload, warnings } = toServerSettings({
      severity: { "unknown-key": "off", "missing-description": "Warning" },
      dialects: { "**/prompts/*.md": "claude-agent" },
      customKeys: { team: "string" },
      capabilities: ["web"],
      extraTools: ["mcp__github__create_issue", "mcp__github__create_issue"],
      userAgents: false,
      targets: ["claude-code", "gemini-cli"],
    });
    assert.deepEqual(warnings, []);
    assert.deepEqual(payload, {
      agentls: {
        severity: { "unknown-key": "off", "missing-description": "warning" },
        dialects: { "**/prompts/*.md": "claude-agent" },
        customKeys: { team: "string" },
        capabilities: ["web"],
        extraTools: ["mcp__github__create_issue"],
        userAgents: false,
        targets: ["claude-code", "gemini-cli"],
      },
    });
  });

  test("invalid values are dropped with a warning, never forwarded", () => {
    const { payload, warnings } = toServerSettings({
      severity: { a: "fatal", b: 3, c: "hint" },
      dialects: { "x/*.md": "cursor-rule" },
      capabilities: "web",
      extraTools: ["ok", 5, ""],
      userAgents: "yes",
    });
    assert.deepEqual(payload, { agentls: { severity: { c: "hint" }, dialects: {}, extraTools: ["ok"] } });
    assert.ok(warnings.length >= 5, warnings.join("\n"));
  });

  test("only explicitly set values are read (defaults stay on the server)", () => {
    const inspected = {
      severity: { defaultValue: {}, globalValue: { "unknown-key": "off" } },
      userAgents: { defaultValue: true },
      extraTools: { defaultValue: [], globalValue: ["a"], workspaceValue: ["b"] },
      dialects: { defaultValue: {}, workspaceFolderValue: { "p/*.md": "claude-skill" } },
    };
    const raw = readRawSettings((k) => inspected[k]);
    assert.deepEqual(raw, {
      severity: { "unknown-key": "off" },
      extraTools: ["b"],
      dialects: { "p/*.md": "claude-skill" },
    });
    assert.equal(explicitValue(undefined), undefined);
  });

  test("client-only settings never reach the server", () => {
    const { payload } = toServerSettings({ path: "/x", "trace.server": "verbose", severity: {} });
    assert.deepEqual(Object.keys(payload.agentls), ["severity"]);
  });

  test("change detection", () => {
    assert.equal(affectsServerSettings((s) => s === "agentls.extraTools"), true);
    assert.equal(affectsServerSettings((s) => s === "agentls.trace.server"), false);
    assert.equal(requiresRestart((s) => s === "agentls.path"), true);
    assert.equal(requiresRestart((s) => s === "agentls.dialects"), true);
    assert.equal(requiresRestart((s) => s === "agentls.severity"), false);
  });

  test("package.json contributes exactly the mirrored settings with descriptions", () => {
    const props = pkg.contributes.configuration.properties;
    const expected = [...SERVER_SETTING_KEYS.map((k) => `agentls.${k}`), "agentls.path", "agentls.trace.server"];
    assert.deepEqual(Object.keys(props).sort(), expected.sort());
    for (const [key, schema] of Object.entries(props)) {
      assert.ok(schema.description || schema.markdownDescription, `${key} has a description`);
    }
    assert.deepEqual(props["agentls.severity"].additionalProperties.enum, [...SEVERITIES]);
    assert.deepEqual(props["agentls.dialects"].additionalProperties.enum, [...DIALECTS]);
    assert.deepEqual(props["agentls.trace.server"].enum, ["off", "messages", "verbose"]);
  });
});

describe("document selector", () => {
  const agentFiles = [
    "/p/.claude/agents/code-reviewer.md",
    "/p/.claude/agents/team/nested/reviewer.md",
    "/home/me/.claude/agents/global.md",
    "/p/plugins/my-plugin/agents/helper.md",
    "/p/.claude/skills/pdf/SKILL.md",
    "/p/.claude/commands/review.md",
    "/p/.claude/commands/git/commit.md",
    "/p/.github/agents/planner.md",
    "/p/docs/planner.agent.md",
    "/p/.github/chatmodes/plan.chatmode.md",
    "/p/.opencode/agent/review.md",
    "/p/.opencode/agents/sub/review.md",
    "C:\\Users\\me\\proj\\.claude\\agents\\win.md",
  ];
  const otherFiles = [
    "/p/README.md",
    "/p/docs/guide.md",
    "/p/.claude/settings.json",
    "/p/.claude/agents/notes.txt",
    "/p/.claude/skills/pdf/reference.md",
    "/p/.github/copilot-instructions.md",
    "/p/.github/workflows/ci.yml",
    "/p/.opencode/opencode.json",
  ];

  for (const f of agentFiles) {
    test(`selects ${f}`, () => assert.ok(isSelected(f), f));
  }
  for (const f of otherFiles) {
    test(`does not select ${f}`, () => assert.ok(!isSelected(f), f));
  }

  test("each dialect location has its own pattern, on the file scheme", () => {
    const sel = documentSelector();
    assert.equal(sel.length, AGENT_FILE_PATTERNS.length);
    for (const f of sel) assert.equal(f.scheme, "file");
    const expectations = {
      "**/.claude/agents/**/*.md": "/p/.claude/agents/a.md",
      "**/agents/**/*.md": "/p/plug/agents/a.md",
      "**/.claude/skills/*/SKILL.md": "/p/.claude/skills/s/SKILL.md",
      "**/.claude/commands/**/*.md": "/p/.claude/commands/c.md",
      "**/.github/agents/*.md": "/p/.github/agents/a.md",
      "**/*.agent.md": "/p/x.agent.md",
      "**/*.chatmode.md": "/p/x.chatmode.md",
      "**/.opencode/agent/**/*.md": "/p/.opencode/agent/a.md",
      "**/.opencode/agents/**/*.md": "/p/.opencode/agents/a.md",
      "**/.config/opencode/agent/**/*.md": "/home/u/.config/opencode/agent/a.md",
      "**/skills/*/SKILL.md": "/p/.agents/skills/s/SKILL.md",
      "**/.kilo/agent/**/*.md": "/p/.kilo/agent/a.md",
      "**/.kilocode/agent/**/*.md": "/p/.kilocode/agent/a.md",
      "**/.config/kilo/agent/**/*.md": "/home/u/.config/kilo/agent/a.md",
      "**/.kilo/mode/*.md": "/p/.kilo/mode/a.md",
      "**/.kilo/modes/*.md": "/p/.kilo/modes/a.md",
      "**/.factory/droids/*.md": "/p/.factory/droids/a.md",
    };
    assert.deepEqual([...AGENT_FILE_PATTERNS].sort(), Object.keys(expectations).sort());
    for (const [pattern, file] of Object.entries(expectations)) {
      assert.ok(matchGlob(pattern, file), `${pattern} matches ${file}`);
    }
  });

  // Every folder a tool reads (server/schema/targets.toml, the server's own data) reaches the
  // server: a new tool's folder that the selector misses fails here.
  test("every folder in targets.toml is selected", () => {
    const toml = readFileSync(new URL("../../../server/schema/targets.toml", import.meta.url), "utf8");
    const patterns = [...toml.matchAll(/^pattern = "([^"]+)"$/gm)].map((m) => m[1]);
    assert.ok(patterns.length > 20, `${patterns.length} patterns`);
    for (const pattern of patterns) {
      const example = pattern
        .replace(/^~\//, "/home/u/")
        .replace(/^(?!\/)/, "/p/")
        .replace(/\*\*\//g, "team/")
        .replace(/\*/g, "x");
      assert.ok(isSelected(example), `${pattern}: ${example} is not selected`);
    }
  });

  test("the agentls.dialects setting offers every dialect the server has", () => {
    const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8"));
    const offered = pkg.contributes.configuration.properties["agentls.dialects"].additionalProperties.enum;
    const schemaDir = new URL("../../../server/schema/", import.meta.url);
    const ids = readdirSync(schemaDir)
      .filter((f) => f.endsWith(".toml") && f !== "targets.toml")
      .map((f) => f.slice(0, -".toml".length));
    assert.deepEqual([...offered].sort(), ids.sort());
  });

  test("agentls.dialects globs extend the selector", () => {
    assert.deepEqual(dialectPatterns({ "prompts/*.md": "claude-agent", "**/x/*.md": "claude-skill" }), [
      "**/prompts/*.md",
      "**/x/*.md",
    ]);
    const dialects = { "**/prompts/*.md": "claude-agent" };
    assert.ok(!isSelected("/p/prompts/a.md"));
    assert.ok(isSelected("/p/prompts/a.md", dialects));
    assert.equal(documentSelector(dialects).length, AGENT_FILE_PATTERNS.length + 1);
  });

  test("glob syntax: braces, classes, ?", () => {
    assert.ok(matchGlob("**/*.{agent,chatmode}.md", "/a/b.chatmode.md"));
    assert.ok(matchGlob("/a/[bc]?.md", "/a/cd.md"));
    assert.ok(!matchGlob("/a/*.md", "/a/b/c.md"));
    assert.ok(matchGlob("/a/**", "/a/b/c.md"));
  });
});

describe("package manifest", () => {
  test("vsce-relevant fields", () => {
    assert.equal(pkg.license, "MIT OR Apache-2.0");
    assert.ok(pkg.repository?.url);
    assert.equal(pkg.main, "./dist/extension.js");
    assert.ok(pkg.contributes.commands.some((c) => c.command === "agentls.restartServer"));
    assert.match(pkg.scripts.package, /--no-dependencies/);
  });

  test("activation covers every dialect location", () => {
    const events = pkg.activationEvents.join("\n");
    for (const needle of [".claude/agents", ".claude/skills", ".claude/commands", ".github/agents", ".agent.md", ".chatmode.md", ".opencode/agent", "plugin.json", "onLanguage:markdown"]) {
      assert.ok(events.includes(needle), needle);
    }
  });
});
