// A small LSP session over stdio, built on the same libraries VS Code's client
// uses (vscode-jsonrpc / vscode-languageserver-protocol), for tests against the
// real agentls binary.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import * as path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import protocol from "vscode-languageserver-protocol/node.js";

const {
  createProtocolConnection,
  StreamMessageReader,
  StreamMessageWriter,
  InitializeRequest,
  InitializedNotification,
  ShutdownRequest,
  ExitNotification,
  PublishDiagnosticsNotification,
  DidOpenTextDocumentNotification,
  DidChangeTextDocumentNotification,
  DidCloseTextDocumentNotification,
  DidChangeConfigurationNotification,
  LogMessageNotification,
  ShowMessageNotification,
  ConfigurationRequest,
  RegistrationRequest,
  UnregistrationRequest,
  WorkDoneProgressCreateRequest,
} = protocol;

const here = path.dirname(fileURLToPath(import.meta.url));

/** AGENTLS_BIN, or target/debug/agentls of the repository (../../../ from this folder). */
export function serverBinary() {
  const fromEnv = process.env.AGENTLS_BIN;
  if (fromEnv && fromEnv.length > 0) return path.resolve(fromEnv);
  const exe = process.platform === "win32" ? "agentls.exe" : "agentls";
  return path.resolve(here, "..", "..", "..", "target", "debug", exe);
}

export function assertBinaryExists(bin) {
  if (!existsSync(bin)) {
    throw new Error(
      `agentls binary not found at ${bin}. Build it (cargo build) or set AGENTLS_BIN to its path.`,
    );
  }
}

export const uriOf = (file) => pathToFileURL(file).href;

/** Client capabilities close to what VS Code 1.9x sends (the parts agentls can use). */
export function vscodeLikeCapabilities(positionEncodings = ["utf-16"]) {
  return {
    general: {
      positionEncodings,
      markdown: { parser: "marked", version: "1.1.0" },
      regularExpressions: { engine: "ECMAScript", version: "ES2020" },
      staleRequestSupport: { cancel: true, retryOnContentModified: [] },
    },
    workspace: {
      applyEdit: true,
      workspaceEdit: { documentChanges: true, resourceOperations: ["create", "rename", "delete"] },
      didChangeConfiguration: { dynamicRegistration: true },
      didChangeWatchedFiles: { dynamicRegistration: true, relativePatternSupport: true },
      configuration: true,
      workspaceFolders: true,
    },
    window: { workDoneProgress: true, showMessage: { messageActionItem: { additionalPropertiesSupport: true } } },
    textDocument: {
      synchronization: { dynamicRegistration: true, willSave: true, willSaveWaitUntil: true, didSave: true },
      publishDiagnostics: {
        relatedInformation: true,
        versionSupport: false,
        tagSupport: { valueSet: [1, 2] },
        codeDescriptionSupport: true,
        dataSupport: true,
      },
      completion: {
        dynamicRegistration: true,
        contextSupport: true,
        completionItem: {
          snippetSupport: true,
          commitCharactersSupport: true,
          documentationFormat: ["markdown", "plaintext"],
          deprecatedSupport: true,
          preselectSupport: true,
          tagSupport: { valueSet: [1] },
          insertReplaceSupport: true,
          resolveSupport: { properties: ["documentation", "detail", "additionalTextEdits"] },
          insertTextModeSupport: { valueSet: [1, 2] },
          labelDetailsSupport: true,
        },
        insertTextMode: 2,
        completionItemKind: { valueSet: Array.from({ length: 25 }, (_, i) => i + 1) },
        completionList: { itemDefaults: ["commitCharacters", "editRange", "insertTextFormat", "insertTextMode", "data"] },
      },
      hover: { dynamicRegistration: true, contentFormat: ["markdown", "plaintext"] },
      definition: { dynamicRegistration: true, linkSupport: true },
      codeAction: {
        dynamicRegistration: true,
        isPreferredSupport: true,
        disabledSupport: true,
        dataSupport: true,
        resolveSupport: { properties: ["edit"] },
        codeActionLiteralSupport: {
          codeActionKind: {
            valueSet: ["", "quickfix", "refactor", "refactor.extract", "refactor.inline", "refactor.rewrite", "source", "source.organizeImports"],
          },
        },
        honorsChangeAnnotations: false,
      },
    },
  };
}

/** One running `agentls serve` with a protocol connection and a diagnostics inbox. */
export class LspSession {
  constructor(bin, { args = ["serve"], cwd } = {}) {
    this.bin = bin;
    this.stderr = "";
    this.diagnostics = new Map(); // uri -> list of publishDiagnostics params, in arrival order
    this.waiters = [];
    this.logs = [];
    this.proc = spawn(bin, args, { cwd, stdio: ["pipe", "pipe", "pipe"] });
    this.exited = new Promise((resolve) => {
      this.proc.on("exit", (code, signal) => resolve({ code, signal }));
    });
    this.proc.on("error", (err) => {
      this.spawnError = err;
    });
    this.proc.stderr.on("data", (d) => {
      this.stderr += d.toString();
      if (this.stderr.length > 200_000) this.stderr = this.stderr.slice(-100_000);
    });
    this.conn = createProtocolConnection(
      new StreamMessageReader(this.proc.stdout),
      new StreamMessageWriter(this.proc.stdin),
    );
    this.settingsForConfigurationRequest = {};
    this.conn.onNotification(PublishDiagnosticsNotification.type, (params) => {
      const list = this.diagnostics.get(params.uri) ?? [];
      list.push(params);
      this.diagnostics.set(params.uri, list);
      this.waiters = this.waiters.filter((w) => !w.check());
    });
    this.conn.onNotification(LogMessageNotification.type, (p) => this.logs.push(p.message));
    this.conn.onNotification(ShowMessageNotification.type, (p) => this.logs.push(p.message));
    // Requests a server may send: answer like VS Code does.
    this.conn.onRequest(ConfigurationRequest.type, (params) =>
      params.items.map((item) => (item.section === "agentls" ? this.settingsForConfigurationRequest.agentls ?? {} : null)),
    );
    this.conn.onRequest(RegistrationRequest.type, () => null);
    this.conn.onRequest(UnregistrationRequest.type, () => null);
    this.conn.onRequest(WorkDoneProgressCreateRequest.type, () => null);
    this.conn.onRequest("workspace/semanticTokens/refresh", () => null);
    this.conn.onRequest("workspace/diagnostic/refresh", () => null);
    this.conn.onRequest("workspace/inlayHint/refresh", () => null);
    this.conn.onRequest("workspace/codeLens/refresh", () => null);
    this.conn.onUnhandledNotification(() => {});
    this.conn.onError(() => {});
    this.conn.listen();
  }

  async initialize({ rootDir, positionEncodings = ["utf-16"], initializationOptions } = {}) {
    const result = await this.conn.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      clientInfo: { name: "Visual Studio Code", version: "1.95.0" },
      locale: "en",
      rootPath: rootDir ?? null,
      rootUri: rootDir ? uriOf(rootDir) : null,
      capabilities: vscodeLikeCapabilities(positionEncodings),
      initializationOptions,
      trace: "off",
      workspaceFolders: rootDir ? [{ uri: uriOf(rootDir), name: path.basename(rootDir) }] : null,
    });
    await this.conn.sendNotification(InitializedNotification.type, {});
    this.initializeResult = result;
    return result;
  }

  open(file, text, version = 1, languageId = "markdown") {
    const uri = uriOf(file);
    return this.conn
      .sendNotification(DidOpenTextDocumentNotification.type, {
        textDocument: { uri, languageId, version, text },
      })
      .then(() => uri);
  }

  change(uri, version, contentChanges) {
    return this.conn.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri, version },
      contentChanges,
    });
  }

  close(uri) {
    return this.conn.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri } });
  }

  changeConfiguration(settings) {
    this.settingsForConfigurationRequest = settings;
    return this.conn.sendNotification(DidChangeConfigurationNotification.type, { settings });
  }

  request(method, params) {
    return this.conn.sendRequest(method, params);
  }

  /**
   * Resolve with the first publishDiagnostics for `uri` (already received or
   * future) that satisfies `predicate`. `timeoutMs` only bounds a hung server.
   */
  waitForDiagnostics(uri, predicate = () => true, timeoutMs = 30_000) {
    return new Promise((resolve, reject) => {
      const check = () => {
        const found = (this.diagnostics.get(uri) ?? []).find(predicate);
        if (found) {
          clearTimeout(timer);
          resolve(found);
          return true;
        }
        return false;
      };
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w.check !== check);
        const got = JSON.stringify(this.diagnostics.get(uri) ?? [], null, 1);
        reject(new Error(`no matching publishDiagnostics for ${uri}; received: ${got}\nserver stderr:\n${this.stderr.slice(-2000)}`));
      }, timeoutMs);
      if (!check()) this.waiters.push({ check });
    });
  }

  /** Latest diagnostics published for `uri` (undefined when none yet). */
  latest(uri) {
    const list = this.diagnostics.get(uri);
    return list ? list[list.length - 1] : undefined;
  }

  async shutdown() {
    if (this.proc.exitCode !== null) return this.exited;
    try {
      await this.conn.sendRequest(ShutdownRequest.type);
      await this.conn.sendNotification(ExitNotification.type);
    } catch {
      // the process may already be gone
    }
    const timer = setTimeout(() => this.proc.kill("SIGKILL"), 10_000);
    const result = await this.exited;
    clearTimeout(timer);
    this.conn.dispose();
    return result;
  }

  kill() {
    if (this.proc.exitCode === null) this.proc.kill("SIGKILL");
    this.conn.dispose();
  }
}

/** Labels of a completion result (array or CompletionList). */
export function completionLabels(result) {
  const items = Array.isArray(result) ? result : result?.items ?? [];
  return items.map((i) => (typeof i.label === "string" ? i.label : i.label?.label ?? ""));
}

/** Bare names of completion items (labels like "model:" count as "model"). */
export function completionNames(result) {
  return completionLabels(result).map((l) => l.replace(/:.*$/, "").trim());
}
