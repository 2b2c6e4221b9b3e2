// Smoke test of the bundled dist/extension.js with a minimal stand-in for the
// `vscode` module (VS Code itself cannot run here): the bundle loads, activate()
// registers the commands and the status bar item, and an unusable agentls.path
// ends in the "error" state with a message instead of a crash.
import { test } from "node:test";
import assert from "node:assert/strict";
import Module, { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import * as path from "node:path";

const here = path.dirname(fileURLToPath(import.meta.url));
const bundle = path.resolve(here, "..", "dist", "extension.js");

function fakeVscode(settings) {
  const calls = { commands: new Map(), errors: [], output: [], statusItems: [] };
  const disposable = () => ({ dispose() {} });
  const event = () => () => disposable();
  class Stub {
    constructor(...args) {
      this.args = args;
    }
  }
  const namespace = (known) =>
    new Proxy(known, {
      get(target, prop) {
        if (prop in target) return target[prop];
        if (prop === "then") return undefined;
        if (typeof prop === "string" && prop.startsWith("on")) return event();
        return () => disposable();
      },
    });
  const api = {
    version: "1.95.0",
    Disposable: class {
      constructor(fn) {
        this.fn = fn;
      }
      static from() {
        return disposable();
      }
      dispose() {
        this.fn?.();
      }
    },
    EventEmitter: class {
      event = () => disposable();
      fire() {}
      dispose() {}
    },
    StatusBarAlignment: { Left: 1, Right: 2 },
    CodeActionKind: class CodeActionKind {
      static Empty = new CodeActionKind("");
      constructor(value) {
        this.value = value;
      }
      append(part) {
        return new CodeActionKind(this.value ? `${this.value}.${part}` : part);
      }
    },
    ThemeColor: class {
      constructor(id) {
        this.id = id;
      }
    },
    MarkdownString: class {
      constructor(value) {
        this.value = value;
      }
    },
    window: namespace({
      createOutputChannel: (name) => ({
        name,
        appendLine: (l) => calls.output.push(l),
        append: (l) => calls.output.push(l),
        show() {},
        clear() {},
        dispose() {},
      }),
      createStatusBarItem: (id) => {
        const item = { id, text: "", show() { this.visible = true; }, hide() {}, dispose() {} };
        calls.statusItems.push(item);
        return item;
      },
      showErrorMessage: (msg) => {
        calls.errors.push(msg);
        return Promise.resolve(undefined);
      },
      showWarningMessage: () => Promise.resolve(undefined),
      visibleTextEditors: [],
      activeTextEditor: undefined,
      showInformationMessage: () => Promise.resolve(undefined),
    }),
    commands: namespace({
      registerCommand: (id, fn) => {
        calls.commands.set(id, fn);
        return disposable();
      },
      executeCommand: () => Promise.resolve(undefined),
    }),
    workspace: namespace({
      workspaceFolders: undefined,
      textDocuments: [],
      notebookDocuments: [],
      getConfiguration: () => ({
        get: (key, def) => (key in settings ? settings[key] : def),
        inspect: (key) => (key in settings ? { globalValue: settings[key] } : { defaultValue: undefined }),
        has: (key) => key in settings,
      }),
    }),
    languages: namespace({}),
    env: namespace({ language: "en", appName: "fake" }),
    extensions: namespace({ all: [] }),
  };
  const module = new Proxy(api, {
    get(target, prop) {
      if (prop in target) return target[prop];
      if (prop === "then" || prop === "__esModule" || prop === "default") return undefined;
      // Classes and enums the language client references at load time.
      if (typeof prop === "string" && /^[A-Z]/.test(prop)) return Stub;
      return namespace({});
    },
  });
  return { module, calls };
}

function loadBundleWith(vscode) {
  const originalLoad = Module._load;
  Module._load = function (request, parent, isMain) {
    if (request === "vscode") return vscode;
    return originalLoad.call(this, request, parent, isMain);
  };
  try {
    const require = createRequire(import.meta.url);
    delete require.cache[bundle];
    return require(bundle);
  } finally {
    Module._load = originalLoad;
  }
}

test("bundle activates and reports an unusable agentls.path", async () => {
  const { module, calls } = fakeVscode({ path: "/definitely/not/here/agentls" });
  const ext = loadBundleWith(module);
  assert.equal(typeof ext.activate, "function");
  assert.equal(typeof ext.deactivate, "function");

  const context = { subscriptions: [], extensionPath: path.resolve(here, ".."), extensionUri: {} };
  await ext.activate(context);

  assert.ok(calls.commands.has("agentls.restartServer"), "restart command registered");
  assert.ok(calls.commands.has("agentls.showOutput"), "show output command registered");
  const status = calls.statusItems[0];
  assert.ok(status?.visible, "status bar item shown");
  assert.match(status.text, /agentls/);
  assert.match(status.text, /\$\(error\)/, `status is error: ${status.text}`);
  assert.equal(calls.errors.length, 1);
  assert.match(calls.errors[0], /agentls\.path/);
  assert.ok(calls.output.some((l) => l.includes("/definitely/not/here/agentls")));

  // Restarting re-runs the lookup and stays in the error state.
  await calls.commands.get("agentls.restartServer")();
  assert.equal(calls.errors.length, 2);
  await ext.deactivate();
  assert.match(status.text, /agentls/);
});

test("bundle starts the real server through vscode-languageclient", { timeout: 60_000 }, async (t) => {
  const { serverBinary, assertBinaryExists } = await import("./lspSession.mjs");
  const bin = serverBinary();
  assertBinaryExists(bin);
  const { module, calls } = fakeVscode({ path: bin, "trace.server": "off" });
  const ext = loadBundleWith(module);
  const context = { subscriptions: [], extensionPath: path.resolve(here, ".."), extensionUri: {} };
  await ext.activate(context);
  const status = calls.statusItems[0];
  assert.deepEqual(calls.errors, [], calls.output.join("\n"));
  assert.match(status.text, /\$\(check\)/, `running: ${status.text}\n${calls.output.join("\n")}`);
  await ext.deactivate();
  assert.match(status.text, /\$\(circle-slash\)/, `stopped: ${status.text}`);
  assert.ok(!calls.output.some((l) => /timed out/.test(l)), calls.output.join("\n"));
});
