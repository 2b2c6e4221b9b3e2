// VS Code entry point: starts `agentls serve` and wires it to the editor.

import * as vscode from "vscode";
import {
  CloseAction,
  DidChangeConfigurationNotification,
  ErrorAction,
  LanguageClient,
  type LanguageClientOptions,
  type Location as LspLocation,
  type Position as LspPosition,
  type ServerOptions,
  State,
  Trace,
} from "vscode-languageclient/node";

import * as fs from "node:fs";

import {
  ResolvedServer,
  ServerNotFoundError,
  bundledServerPath,
  resolveServerPathFromProcess,
} from "./serverPath";
import { documentSelector } from "./selector";
import {
  type ServerSettingKey,
  affectsServerSettings,
  readRawSettings,
  requiresRestart,
  toServerSettings,
} from "./settings";
import { showTeamGraph } from "./teamGraphPanel";

const SECTION = "agentls";

type Status = "starting" | "running" | "stopped" | "error";

let client: LanguageClient | undefined;
let output: vscode.OutputChannel;
let statusItem: vscode.StatusBarItem;
let extensionContext: vscode.ExtensionContext;
let lifecycle: Promise<void> = Promise.resolve();
let status: Status = "stopped";
/** Times of recent unexpected exits, to stop restarting a server that keeps crashing. */
let crashes: number[] = [];
const MAX_RESTARTS = 4;
const RESTART_WINDOW_MS = 3 * 60 * 1000;

function currentServerSettings() {
  const config = vscode.workspace.getConfiguration(SECTION);
  const raw = readRawSettings((key: ServerSettingKey) => config.inspect(key));
  const result = toServerSettings(raw);
  for (const w of result.warnings) output.appendLine(`[settings] ${w}`);
  return result.payload;
}

function setStatus(next: Status, detail?: string): void {
  status = next;
  const icons: Record<Status, string> = {
    starting: "$(sync~spin)",
    running: "$(check)",
    stopped: "$(circle-slash)",
    error: "$(error)",
  };
  statusItem.text = `${icons[status]} agentls`;
  const tooltip = new vscode.MarkdownString(
    `**agentls**: ${status}${detail ? `\n\n${detail}` : ""}\n\nClick to show the output.`,
  );
  statusItem.tooltip = tooltip;
  statusItem.backgroundColor =
    status === "error" ? new vscode.ThemeColor("statusBarItem.errorBackground") : undefined;
  statusItem.show();
}

function firstWorkspaceFolder(): string | undefined {
  return vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
}

/** Unpacked .vsix files may lose the executable bit of the bundled binary. */
function ensureBundledExecutable(): void {
  if (process.platform === "win32") return;
  const bundled = bundledServerPath(extensionContext.extensionPath, process.platform);
  try {
    const mode = fs.statSync(bundled).mode;
    if ((mode & 0o111) === 0) fs.chmodSync(bundled, mode | 0o755);
  } catch {
    // not a platform-specific build: nothing bundled
  }
}

function resolveServer(): ResolvedServer {
  ensureBundledExecutable();
  const configured = vscode.workspace.getConfiguration(SECTION).get<string>("path");
  return resolveServerPathFromProcess(configured, extensionContext.extensionPath, firstWorkspaceFolder());
}

async function startClient(): Promise<void> {
  setStatus("starting");
  let server: ResolvedServer;
  try {
    server = resolveServer();
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    output.appendLine(`[client] ${message}`);
    if (err instanceof ServerNotFoundError) {
      for (const t of err.tried) output.appendLine(`[client]   tried ${t}`);
    }
    setStatus("error", message);
    const choice = await vscode.window.showErrorMessage(`agentls: ${message}`, "Open Settings", "Show Output");
    if (choice === "Open Settings") {
      await vscode.commands.executeCommand("workbench.action.openSettings", "agentls.path");
    } else if (choice === "Show Output") {
      output.show(true);
    }
    return;
  }

  output.appendLine(`[client] starting ${server.command} serve (found via ${server.source})`);

  const serverOptions: ServerOptions = {
    command: server.command,
    args: ["serve"],
    options: { cwd: firstWorkspaceFolder() },
  };

  const settings = currentServerSettings();
  const selector = documentSelector(settings.agentls.dialects);

  const clientOptions: LanguageClientOptions = {
    documentSelector: selector,
    outputChannel: output,
    traceOutputChannel: output,
    initializationOptions: settings,
    errorHandler: {
      error: () => ({ action: ErrorAction.Continue }),
      closed: () => {
        const now = Date.now();
        crashes = crashes.filter((t) => now - t < RESTART_WINDOW_MS);
        crashes.push(now);
        if (crashes.length <= MAX_RESTARTS) {
          output.appendLine("[client] the server exited unexpectedly; restarting it");
          return { action: CloseAction.Restart };
        }
        setStatus("error", "The server exited unexpectedly several times. Use “agentls: Restart Server”.");
        return { action: CloseAction.DoNotRestart, message: "agentls exited too often and will not be restarted." };
      },
    },
    middleware: {
      workspace: {
        // Answer `workspace/configuration` for our section (or for everything)
        // with the filtered settings only: never `path` or `trace`.
        configuration: async (params, token, next) => {
          const result = await next(params, token);
          if (!Array.isArray(result)) return result;
          return params.items.map((item, i) => {
            if (item.section === SECTION) return currentServerSettings().agentls;
            if (item.section === undefined || item.section === "") return currentServerSettings();
            return result[i];
          });
        },
      },
    },
  };

  const newClient = new LanguageClient("agentls", "agentls", serverOptions, clientOptions);
  newClient.onDidChangeState((e) => {
    if (e.newState === State.Running) setStatus("running", `${server.command} (${server.source})`);
    else if (e.newState === State.Starting) setStatus("starting");
    else if (e.newState === State.Stopped && status !== "error") setStatus("stopped");
  });
  client = newClient;

  try {
    await newClient.start();
    await applyTrace();
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    output.appendLine(`[client] failed to start: ${message}`);
    setStatus("error", message);
    void vscode.window.showErrorMessage(`agentls failed to start: ${message}`, "Show Output").then((c) => {
      if (c) output.show(true);
    });
  }
}

async function stopClient(): Promise<void> {
  const c = client;
  client = undefined;
  if (!c) return;
  try {
    if (c.isRunning()) await c.stop(5000);
    else await c.dispose();
  } catch (err) {
    output.appendLine(`[client] error while stopping: ${err instanceof Error ? err.message : String(err)}`);
  }
  setStatus("stopped");
}

async function applyTrace(): Promise<void> {
  if (!client) return;
  const value = vscode.workspace.getConfiguration(SECTION).get<string>("trace.server", "off");
  await client.setTrace(Trace.fromString(value));
}

/** Serialize start/stop so rapid restarts cannot interleave. */
function enqueue(step: () => Promise<void>): Promise<void> {
  lifecycle = lifecycle.then(step, step);
  return lifecycle;
}

export function restartServer(): Promise<void> {
  return enqueue(async () => {
    output.appendLine("[client] restarting");
    crashes = [];
    await stopClient();
    await startClient();
  });
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  extensionContext = context;
  output = vscode.window.createOutputChannel("agentls");
  statusItem = vscode.window.createStatusBarItem("agentls.status", vscode.StatusBarAlignment.Right, 100);
  statusItem.name = "agentls";
  statusItem.command = "agentls.showOutput";
  context.subscriptions.push(output, statusItem);

  context.subscriptions.push(
    vscode.commands.registerCommand("agentls.restartServer", () => restartServer()),
    vscode.commands.registerCommand("agentls.showOutput", () => output.show(true)),
    vscode.commands.registerCommand("agentls.showTeamGraph", () => showTeamGraph(() => client, output)),
    // The server's "delegated to by N agents" code lens: its arguments are LSP values.
    vscode.commands.registerCommand(
      "agentls.showReferences",
      (uri: string, position: LspPosition, places: LspLocation[]) => {
        const c = client?.protocol2CodeConverter;
        if (!c) return;
        return vscode.commands.executeCommand(
          "editor.action.showReferences",
          c.asUri(uri),
          c.asPosition(position),
          places.map((p) => c.asLocation(p)),
        );
      },
    ),
    vscode.workspace.onDidChangeConfiguration((e) => {
      const affects = (section: string) => e.affectsConfiguration(section);
      if (requiresRestart(affects)) {
        void restartServer();
        return;
      }
      if (affects("agentls.trace.server")) void applyTrace();
      if (affectsServerSettings(affects) && client?.isRunning()) {
        void client.sendNotification(DidChangeConfigurationNotification.type, {
          settings: currentServerSettings(),
        });
      }
    }),
  );

  await enqueue(startClient);
}

export function deactivate(): Promise<void> {
  return enqueue(stopClient);
}
