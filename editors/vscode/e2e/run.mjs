// End-to-end tests of the agentls extension in VS Code's own workbench (code-server) driven in
// headless Chromium. One code-server and one browser serve every case, in order: later cases
// build on the editor state the earlier ones leave (open files, applied edits).
//
//   node e2e/run.mjs --vsix agentls-linux-x64.vsix [--out ../../target/vscode-e2e]
//
// Run with Node 24 (code-server 4.139 needs it); scripts/test-vscode-e2e.sh installs it and
// everything else. A screenshot of every step goes to --out (NN-case.png), for a person to look
// at when a step fails. Prints `vscode-e2e: N passed, N failed` and exits 1 on any failure.
import * as fs from "node:fs";
import * as path from "node:path";
import { fileURLToPath } from "node:url";

import { CodeServer, launchBrowser, profileSettings, sleep, tmpRoot } from "./harness.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));

function arg(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
}

const vsix = path.resolve(arg("vsix", path.join(here, "..", "agentls-linux-x64.vsix")));
const outDir = path.resolve(arg("out", path.join(here, "..", "..", "..", "target", "vscode-e2e")));
const only = arg("only");
const keep = process.argv.includes("--keep");

/** Built-in agent-file support off: agentls alone reports on these files (see README.md). */
export const AGENT_FILES_AS_MARKDOWN = {
  "**/.claude/agents/**/*.md": "markdown",
  "**/.github/agents/*.md": "markdown",
  "**/*.agent.md": "markdown",
};

// --- the run ------------------------------------------------------------------------------------

fs.rmSync(outDir, { recursive: true, force: true });
fs.mkdirSync(outDir, { recursive: true });
const root = tmpRoot();
const workspace = path.join(root, "workspace");
fs.cpSync(path.join(here, "fixture"), workspace, { recursive: true });
const server = new CodeServer(root);
let browser;
let page;
let step = 0;
let passed = 0;
let failed = 0;
const log = (...a) => console.log(...a);

async function shot(name) {
  step += 1;
  const file = path.join(outDir, `${String(step).padStart(2, "0")}-${name}.png`);
  try {
    await page.screenshot({ path: file });
  } catch (err) {
    log(`  (no screenshot: ${err.message})`);
  }
  return file;
}

async function waitFor(what, fn, timeout = 30_000, interval = 250) {
  const deadline = Date.now() + timeout;
  let last;
  while (Date.now() < deadline) {
    try {
      last = await fn();
      if (last) return last;
    } catch (err) {
      last = err;
    }
    await sleep(interval);
  }
  throw new Error(`timed out waiting for ${what}${last instanceof Error ? `: ${last.message}` : ""}`);
}

function check(cond, message) {
  if (!cond) throw new Error(message);
}

// --- workbench gestures --------------------------------------------------------------------------

async function chord(...keys) {
  for (const k of keys) await page.keyboard.down(k);
  for (const k of [...keys].reverse()) await page.keyboard.up(k);
}

/** Waits until the input matching `selector` has the focus, then types `text` into it and
 *  checks it arrived whole (a keystroke sent before the focus moves is lost). */
async function typeInto(selector, text, { replace = false } = {}) {
  await page.waitForSelector(selector, { visible: true });
  await waitFor(`the focus in ${selector}`, async () =>
    page.evaluate((sel) => document.activeElement?.matches(sel) ?? false, selector),
  10_000, 50);
  if (replace) await chord("Control", "KeyA");
  await page.keyboard.type(text);
  await waitFor(`"${text}" in ${selector}`, async () =>
    page.evaluate((sel, t) => document.activeElement?.matches(sel) && document.activeElement.value.endsWith(t), selector, text),
  5_000, 50);
}

async function quickInputRows() {
  return page.$$eval(".quick-input-widget .monaco-list-row", (els) =>
    els.filter((e) => e.offsetParent !== null).map((e) => e.getAttribute("aria-label") ?? e.textContent),
  );
}

/** Runs a command by its title through the command palette. */
async function command(title) {
  await page.keyboard.press("Escape");
  await page.keyboard.press("F1");
  await typeInto(".quick-input-widget .quick-input-box input", title);
  await waitFor(`"${title}" in the command palette`, async () =>
    (await quickInputRows()).some((r) => r.toLowerCase().includes(title.toLowerCase())),
  );
  await page.keyboard.press("Enter");
  await sleep(300);
}

async function activeTabTitle() {
  return page.$eval(".editor-group-container.active .tab.active", (e) => e.getAttribute("aria-label") ?? e.textContent);
}

/** Opens a file of the workspace with Quick Open (tries again when a keystroke got lost). */
async function openFile(name) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await openFileOnce(name);
    } catch (err) {
      if (attempt === 3) throw err;
      log(`  (opening ${name} again: ${err.message})`);
      await page.keyboard.press("Escape");
      await page.keyboard.press("Escape");
    }
  }
}

async function openFileOnce(name) {
  await page.keyboard.press("Escape");
  await chord("Control", "KeyP");
  await typeInto(".quick-input-widget .quick-input-box input", name);
  // The first (focused) row: Enter opens it.
  await waitFor(`${name} first in Quick Open`, async () => {
    const focused = await page.$$eval(".quick-input-widget .monaco-list-row.focused", (els) =>
      els.map((e) => e.getAttribute("aria-label") ?? e.textContent),
    );
    return focused.length === 1 && focused[0].includes(name);
  }, 10_000);
  await page.keyboard.press("Enter");
  await waitFor(`${name} as the active editor`, async () => (await activeTabTitle()).includes(name), 10_000);
  await page.waitForSelector(".editor-group-container.active .monaco-editor .view-lines", { visible: true });
  await sleep(300);
}

/** Moves the cursor with Go to Line (1-based line and column). */
async function goTo(line, column) {
  await page.keyboard.press("Escape");
  await chord("Control", "KeyG");
  await typeInto(".quick-input-widget .quick-input-box input", `${line}:${column}`);
  await sleep(200);
  await page.keyboard.press("Enter");
  await waitFor(`the cursor at ${line}:${column}`, async () =>
    (await statusText("status.editor.selection")).includes(`Ln ${line}, Col ${column}`),
  );
}

async function statusItem(id) {
  return page.$(`.statusbar-item[id="${id}"]`);
}

async function statusText(id) {
  const el = await statusItem(id);
  return el ? el.evaluate((e) => `${e.textContent} ${e.getAttribute("aria-label") ?? ""}`) : "";
}

/** The text of the active editor, read from the rendered lines (the fixture files are short). */
async function editorText() {
  return page.$eval(".editor-group-container.active .monaco-editor .view-lines", (el) =>
    [...el.querySelectorAll(".view-line")]
      .map((l) => ({ top: parseFloat(l.style.top) || 0, text: l.textContent.replace(/\u00a0/g, " ") }))
      .sort((a, b) => a.top - b.top)
      .map((l) => l.text)
      .join("\n"),
  );
}

/** The rows of the Problems panel: `{ file, message, source, code, line, col }` per marker. */
async function problems() {
  const rows = await page.$$eval(".markers-panel .monaco-list-row", (els) =>
    els.map((e) => ({ label: e.getAttribute("aria-label") ?? "", text: e.innerText.replace(/\n/g, " | ") })),
  );
  const out = [];
  let file = "";
  for (const r of rows) {
    const fileRow = /^\d+ problems? in file (\S+)/.exec(r.label);
    if (fileRow) {
      file = fileRow[1];
      continue;
    }
    const m = /^(.*?)(?: \| (\S+?)(?: \| (\S+?))?)? \| \[Ln (\d+), Col (\d+)\]$/.exec(r.text);
    if (!m) continue;
    const severity = /^(Error|Warning|Info)/.exec(r.label)?.[1] ?? "?";
    out.push({ file, severity, message: m[1], source: m[2] ?? "", code: m[3] ?? "", line: +m[4], col: +m[5] });
  }
  return out;
}

async function showProblems() {
  await page.keyboard.press("Escape");
  await command("View: Focus Problems");
  await page.waitForSelector(".markers-panel", { visible: true });
  await sleep(300);
}

async function hoverText() {
  await page.keyboard.press("Escape");
  await chord("Control", "KeyK");
  await chord("Control", "KeyI");
  return waitFor("a hover", async () => {
    const t = await page.$$eval(".monaco-hover:not(.hidden)", (els) =>
      els.filter((e) => e.offsetParent !== null).map((e) => e.innerText).join("\n"),
    );
    return t.trim() ? t : undefined;
  });
}

function fixtureFile(rel) {
  return path.join(workspace, rel);
}

// --- cases ---------------------------------------------------------------------------------------

const cases = [];
const test = (name, fn) => cases.push({ name, fn });

test("the .vsix installs with code-server --install-extension and bundles the server", async () => {
  const listed = server.listExtensions();
  check(listed.some((l) => l.startsWith("agentls.agentls@")), `installed extensions: ${listed.join(", ")}`);
  const dir = fs.readdirSync(server.extensions).find((d) => d.startsWith("agentls.agentls-"));
  check(dir, `no agentls folder in ${server.extensions}`);
  const bundled = path.join(server.extensions, dir, "server", "agentls");
  check(fs.existsSync(bundled), `${bundled} is missing: the .vsix does not bundle the server`);
  const settings = JSON.parse(fs.readFileSync(path.join(server.userData, "User", "settings.json"), "utf8"));
  check(!("agentls.path" in settings), "the profile must not set agentls.path");
});

test("the status bar item shows the bundled server running", async () => {
  await openFile("code-reviewer.md");
  const text = await waitFor(
    "the agentls status item to say running",
    async () => {
      const t = await statusText("agentls.agentls.agentls.status");
      return t.includes("running") ? t : undefined;
    },
    60_000,
  );
  check(text.includes("agentls"), `status item: ${text}`);
  check(text.includes("(bundled)"), `the server should be the bundled one: ${text}`);
  check(text.includes(path.join(server.extensions)), `status item names ${text}`);
});

test("VS Code's built-in agent support reports the same problem as agentls (measured)", async () => {
  // With the default profile, VS Code gives these files its own "Agent" language, whose validator
  // reports an invalid `model` too: two markers for one mistake.
  await openFile("test-engineer.md");
  check((await statusText("status.editor.mode")).includes("Agent"), "the built-in language of .claude/agents files");
  await showProblems();
  const both = await waitFor("the built-in and the agentls marker on `model: sonet`", async () => {
    const ps = (await problems()).filter((p) => p.file === "test-engineer.md" && p.line === 5);
    return ps.some((p) => p.source === "agentls") && ps.some((p) => p.source !== "agentls") ? ps : undefined;
  });
  for (const p of both) log(`  measured: [${p.source || "built-in"}] ${p.severity} ${p.line}:${p.col} ${p.message}`);
});

test("with agent files handed to agentls, each problem is reported once, by agentls", async () => {
  server.writeSettings(profileSettings({ "files.associations": AGENT_FILES_AS_MARKDOWN }));
  // The workbench reads the user settings when it loads.
  await loadWorkbench();
  await openFile("test-engineer.md");
  await waitFor(
    "the language of test-engineer.md to become Markdown",
    async () => (await statusText("status.editor.mode")).includes("Markdown"),
    30_000,
  );
  for (const f of ["security-auditor.md", "release-manager.md", "planner.agent.md"]) await openFile(f);
  await showProblems();
  const want = [
    { file: "security-auditor.md", severity: "Error", code: "yaml-syntax", line: 3, col: 14 },
    { file: "release-manager.md", severity: "Warning", code: "unknown-tool", line: 4, col: 14 },
    { file: "test-engineer.md", severity: "Warning", code: "invalid-value", line: 5, col: 8 },
  ];
  const got = await waitFor("the three expected problems and nothing else", async () => {
    const ps = await problems();
    const ok =
      ps.length === want.length &&
      want.every((w) => ps.some((p) => Object.entries(w).every(([k, v]) => p[k] === v) && p.source === "agentls"));
    return ok ? ps : undefined;
  }).catch(async (err) => {
    throw new Error(`${err.message}; Problems shows ${JSON.stringify(await problems())}`);
  });
  check(got.find((p) => p.code === "unknown-tool").message.includes("Did you mean `Grep`?"), "did you mean");
});

test("hover over a tool shows its documentation", async () => {
  await openFile("code-reviewer.md");
  await goTo(4, 15); // tools: Read, G|rep, Glob
  const text = await hoverText();
  log(`  hover: ${text.split("\n").slice(0, 3).join(" / ")}`);
  check(/Grep/.test(text), `hover: ${text}`);
  check(/search|regex|content/i.test(text), `hover should describe the tool: ${text}`);
});

test("completion in tools: offers the tools", async () => {
  await openFile("code-reviewer.md");
  await goTo(4, 23); // end of `tools: Read, Grep, Glob`
  await page.keyboard.press("End");
  await page.keyboard.type(", ");
  await chord("Control", "Space");
  const labels = await waitFor("the suggest widget with tools", async () => {
    const ls = await page.$$eval(".suggest-widget .monaco-list-row", (els) =>
      els.map((e) => e.getAttribute("aria-label") ?? e.textContent),
    );
    return ls.length > 3 ? ls : undefined;
  });
  await shot("completion-list");
  log(`  offered: ${labels.slice(0, 8).join(", ")}…`);
  for (const tool of ["Agent", "Bash", "Edit"]) {
    check(labels.some((l) => l.startsWith(tool)), `${tool} not offered: ${labels.join(", ")}`);
  }
  // Typing filters the list: the tools further down are there too.
  await page.keyboard.type("WebF");
  await waitFor("WebFetch offered", async () => {
    const ls = await page.$$eval(".suggest-widget .monaco-list-row", (els) => els.map((e) => e.getAttribute("aria-label") ?? ""));
    return ls.some((l) => l.startsWith("WebFetch"));
  });
  await shot("completion-filtered");
  await page.keyboard.press("Escape");
  await waitFor("the edit undone", async () => {
    if ((await editorText()).includes("tools: Read, Grep, Glob\n")) return true;
    await chord("Control", "KeyZ");
    return false;
  }, 10_000, 300);
});

test("go to definition on @agent opens the other agent's file", async () => {
  await openFile("code-reviewer.md");
  await goTo(10, 40); // When tests are missing, hand off to @test-|engineer.
  await page.keyboard.press("F12");
  await waitFor("test-engineer.md as the active editor", async () => (await activeTabTitle()).includes("test-engineer.md"));
});

test("a quick fix from the lightbulb changes the text and clears the diagnostic", async () => {
  await openFile("security-auditor.md");
  await goTo(3, 33);
  // The lightbulb in the gutter opens the Quick Fix menu. It follows the cursor; when it does not
  // come, Ctrl+. opens the same menu (logged, so a missing lightbulb shows in the output).
  const bulbSelector =
    ".editor-group-container.active [class*='codicon-gutter-lightbulb'], .editor-group-container.active .lightBulbWidget [class*='codicon-light']";
  let tries = 0;
  const bulb = await waitFor(
    "the lightbulb",
    async () => {
      const found = await page.$(bulbSelector);
      if (found) return found;
      // Alternate between moving the cursor off and back and a click at the diagnostic.
      if (++tries % 2 === 1) {
        await page.keyboard.press("ArrowRight");
        await sleep(300);
        await page.keyboard.press("ArrowLeft");
      } else {
        // A click on the line gives the editor a mouse-placed cursor, after which the lightbulb
        // is drawn (keyboard moves alone leave it off once the file is Markdown).
        const box = await page.$$eval(".editor-group-container.active .view-line", (els) => {
          const line = els.find((e) => e.textContent.includes("description: Use this agent when"));
          if (!line) return undefined;
          const r = line.getBoundingClientRect();
          return { x: r.left, y: r.top + r.height / 2 };
        });
        if (box) {
          await page.mouse.click(box.x + 5, box.y);
          await goTo(3, 33);
        }
      }
      return undefined;
    },
    12_000,
    1000,
  ).catch(() => undefined);
  await shot("quick-fix-lightbulb");
  if (bulb) {
    log("  opening the Quick Fix menu from the lightbulb");
    await bulb.click();
  } else {
    log("  no lightbulb in the gutter: opening the Quick Fix menu with Ctrl+.");
    await chord("Control", "Period");
  }
  const actions = await waitFor("the quick fix menu", async () => {
    const rows = await page.$$eval(".action-widget .monaco-list-row", (els) =>
      els.map((e) => e.getAttribute("aria-label") ?? e.textContent),
    );
    return rows.length ? rows : undefined;
  });
  log(`  actions: ${actions.join(" / ")}`);
  const index = actions.findIndex((a) => /quote/i.test(a));
  check(index >= 0, `no quoting fix among ${actions.join(", ")}`);
  const rows = await page.$$(".action-widget .monaco-list-row");
  await rows[index].click();
  const text = await waitFor("the description quoted", async () => {
    const t = await editorText();
    return /description: ["'].*when: the user asks/.test(t) ? t : undefined;
  });
  log(`  line 3 is now: ${text.split("\n")[2]}`);
  await showProblems();
  await waitFor("yaml-syntax gone from Problems", async () => !(await problems()).some((p) => p.code === "yaml-syntax"));
});

test("rename an agent across two files", async () => {
  await openFile("code-reviewer.md");
  await goTo(10, 40);
  await page.keyboard.press("F2");
  await typeInto(".rename-box input", "qa-engineer", { replace: true });
  await shot("rename-box");
  await page.keyboard.press("Enter");
  await waitFor("@qa-engineer in code-reviewer.md", async () => (await editorText()).includes("@qa-engineer"));
  await command("File: Save All");
  const reviewer = await waitFor("code-reviewer.md saved", async () => {
    const t = fs.readFileSync(fixtureFile(".claude/agents/code-reviewer.md"), "utf8");
    return t.includes("@qa-engineer") ? t : undefined;
  });
  check(!reviewer.includes("@test-engineer"), "old name left in code-reviewer.md");
  const target = await waitFor("the renamed agent saved", async () => {
    for (const f of ["qa-engineer.md", "test-engineer.md"]) {
      const p = fixtureFile(`.claude/agents/${f}`);
      if (fs.existsSync(p) && fs.readFileSync(p, "utf8").includes("name: qa-engineer")) return f;
    }
    return undefined;
  });
  log(`  the agent now lives in ${target}`);
});

test("agentls: Restart Server restarts the server and diagnostics come back", async () => {
  await command("agentls: Restart Server");
  await waitFor(
    "the status item to say running again",
    async () => (await statusText("agentls.agentls.agentls.status")).includes("running"),
    60_000,
  );
  await command("agentls: Show Output");
  const out = await waitFor("the restart in the agentls output", async () => {
    const t = await page.$$eval(".part.panel .monaco-editor .view-lines", (els) =>
      els.map((e) => e.textContent.replace(/\u00a0/g, " ")).join("\n"),
    );
    return t.includes("[client] restarting") ? t : undefined;
  });
  check(out.split("[client] starting").length >= 3, "two starts in the output");
  await shot("restart-output");
  await openFile("release-manager.md");
  await showProblems();
  await waitFor("unknown-tool reported by the new server", async () =>
    (await problems()).some((p) => p.code === "unknown-tool" && p.source === "agentls"),
  );
});

let workbenchUrl;

/** (Re)loads the workbench page and waits until it is ready. */
async function loadWorkbench() {
  await page.goto(workbenchUrl, { waitUntil: "domcontentloaded" });
  await page.waitForSelector(".monaco-workbench .part.statusbar", { timeout: 120_000 });
  await waitFor("the explorer", async () => page.$(".explorer-folders-view"), 60_000);
  await sleep(1000);
}

test("agentls: Show Team Graph opens the graph webview with the team", async () => {
  await command("agentls: Show Team Graph");
  await waitFor("the Team Graph tab", async () => (await activeTabTitle()).includes("Team Graph"), 30_000);
  // A webview is an iframe inside an iframe: look for the graph's SVG in every frame.
  const text = await waitFor(
    "the team's SVG in the webview",
    async () => {
      for (const frame of page.frames()) {
        const t = await frame.$eval(".graph svg", (svg) => svg.textContent).catch(() => undefined);
        if (t) return t;
      }
      return undefined;
    },
    30_000,
  );
  log(`  graph nodes: ${text.replace(/\s+/g, " ").trim().slice(0, 160)}`);
  for (const name of ["code-reviewer", "qa-engineer", "release-manager"]) {
    check(text.includes(name), `${name} missing from the graph: ${text}`);
  }
  await sleep(500);
  await shot("team-graph");
});

// --- runner --------------------------------------------------------------------------------------

async function main() {
  log(`vsix: ${vsix}`);
  log(`screenshots: ${outDir}`);
  log(`profile and workspace: ${root}`);
  check(fs.existsSync(vsix), `${vsix} not found`);
  server.writeSettings(profileSettings());
  log(server.installExtension(vsix).trim());
  const url = await server.start();
  log(`code-server: ${url}`);
  browser = await launchBrowser(root);
  page = (await browser.pages())[0] ?? (await browser.newPage());
  page.setDefaultTimeout(30_000);
  workbenchUrl = `${url}/?folder=${encodeURIComponent(workspace)}`;
  await loadWorkbench();
  await shot("workbench");
  for (const c of cases) {
    if (only && !c.name.includes(only)) continue;
    const slug = c.name.replace(/[^a-z0-9]+/gi, "-").replace(/^-|-$/g, "").slice(0, 60).toLowerCase();
    try {
      await c.fn();
      passed += 1;
      await shot(slug);
      log(`ok   ${c.name}`);
    } catch (err) {
      failed += 1;
      const file = await shot(`FAILED-${slug}`);
      log(`FAIL ${c.name}\n     ${err.message}\n     screenshot: ${file}`);
    }
  }
}

try {
  await main();
} catch (err) {
  failed += 1;
  if (page) await shot("FAILED-setup");
  log(`FAIL setup: ${err.stack ?? err}`);
  try {
    log(fs.readFileSync(server.log, "utf8").split("\n").slice(-20).join("\n"));
  } catch {
    // no log
  }
} finally {
  if (browser) await browser.close().catch(() => {});
  server.stop();
  if (!keep) fs.rmSync(root, { recursive: true, force: true });
}
log(`vscode-e2e: ${passed} passed, ${failed} failed`);
process.exit(failed === 0 && passed > 0 ? 0 : 1);
