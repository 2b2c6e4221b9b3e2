// "agentls: Show Team Graph": asks the server for the team graph
// (`agentls/teamGraph`) and shows it in a webview; clicking an agent opens its file.

import * as vscode from "vscode";
import type { LanguageClient } from "vscode-languageclient/node";

import {
  TEAM_GRAPH_METHOD,
  type TeamGraphParams,
  type TeamGraphResult,
  graphHtml,
  makeNonce,
  openTarget,
  parsePageMessage,
} from "./teamGraph";

let panel: vscode.WebviewPanel | undefined;
let shown: TeamGraphResult | undefined;

async function fetchGraph(client: LanguageClient, params: TeamGraphParams): Promise<TeamGraphResult> {
  return client.sendRequest<TeamGraphResult>(TEAM_GRAPH_METHOD, params);
}

async function render(client: LanguageClient, params: TeamGraphParams): Promise<void> {
  if (!panel) return;
  shown = await fetchGraph(client, params);
  panel.webview.html = graphHtml(shown, makeNonce(), panel.webview.cspSource);
}

/** Open (or refresh) the team graph panel. `getClient` is asked each time: the server may
 * have been restarted since the panel opened. */
export async function showTeamGraph(
  getClient: () => LanguageClient | undefined,
  output: vscode.OutputChannel,
): Promise<void> {
  const client = getClient();
  if (!client?.isRunning()) {
    void vscode.window.showErrorMessage("agentls: the server is not running.");
    return;
  }
  const params: TeamGraphParams = {};
  if (panel) {
    panel.reveal();
  } else {
    panel = vscode.window.createWebviewPanel("agentls.teamGraph", "Team Graph", vscode.ViewColumn.Active, {
      enableScripts: true,
      localResourceRoots: [],
    });
    panel.onDidDispose(() => {
      panel = undefined;
      shown = undefined;
    });
    panel.webview.onDidReceiveMessage(async (raw) => {
      const msg = parsePageMessage(raw);
      if (!msg) return;
      try {
        if (msg.type === "refresh") {
          const c = getClient();
          if (c?.isRunning()) await render(c, params);
        } else if (msg.type === "copyMermaid" && shown) {
          await vscode.env.clipboard.writeText(shown.mermaid);
          void vscode.window.showInformationMessage("agentls: Mermaid copied to the clipboard.");
        } else if (msg.type === "open" && shown) {
          const target = openTarget(shown, msg.id);
          if (!target) return;
          const pos = new vscode.Position(target.line, 0);
          await vscode.window.showTextDocument(vscode.Uri.parse(target.uri), {
            viewColumn: vscode.ViewColumn.Beside,
            selection: new vscode.Range(pos, pos),
          });
        }
      } catch (err) {
        output.appendLine(`[team graph] ${err instanceof Error ? err.message : String(err)}`);
      }
    });
  }
  try {
    await render(client, params);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    output.appendLine(`[team graph] ${message}`);
    void vscode.window.showErrorMessage(`agentls: cannot draw the team graph: ${message}`);
  }
}
