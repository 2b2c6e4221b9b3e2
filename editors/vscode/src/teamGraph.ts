// The team graph webview, without vscode: the request the server answers
// (`agentls/teamGraph`), the page that shows its SVG, and the messages the page
// sends back. The extension (extension.ts) wires these to VS Code.

export const TEAM_GRAPH_METHOD = "agentls/teamGraph";

export interface TeamGraphParams {
  focus?: string;
  depth?: number;
  svg?: boolean;
}

export interface GraphNode {
  id: string;
  name: string;
  kind: "agent" | "skill" | "command" | "builtin" | "missing";
  model?: string;
  color?: string;
  description?: string;
  path?: string;
  uri?: string;
  line?: number;
  duplicate: boolean;
  problem: boolean;
}

export interface GraphEdge {
  from: string;
  to: string;
  kind: string;
  unresolved: boolean;
  suggestion?: string;
  line: number;
}

export interface TeamGraphResult {
  graph: { nodes: GraphNode[]; edges: GraphEdge[] };
  svg: string | null;
  mermaid: string;
}

/** What the page asks the extension to do. */
export type PageMessage =
  | { type: "open"; id: string }
  | { type: "refresh" }
  | { type: "copyMermaid" };

/** Text for HTML element content and attribute values. */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

/** A message from the page, checked: anything else is ignored. */
export function parsePageMessage(msg: unknown): PageMessage | undefined {
  if (typeof msg !== "object" || msg === null) return undefined;
  const m = msg as Record<string, unknown>;
  if (m.type === "open" && typeof m.id === "string") return { type: "open", id: m.id };
  if (m.type === "refresh") return { type: "refresh" };
  if (m.type === "copyMermaid") return { type: "copyMermaid" };
  return undefined;
}

/** The file behind a node the page asked to open: only nodes of the graph shown, with a URI. */
export function openTarget(result: TeamGraphResult, id: string): { uri: string; line: number } | undefined {
  const node = result.graph.nodes.find((n) => n.id === id);
  if (!node?.uri) return undefined;
  return { uri: node.uri, line: node.line ?? 0 };
}

/** One line per problem: missing names and agents sharing a name. */
export function problems(result: TeamGraphResult): string[] {
  const out: string[] = [];
  const byId = new Map(result.graph.nodes.map((n) => [n.id, n]));
  for (const e of result.graph.edges) {
    if (!e.unresolved) continue;
    const from = byId.get(e.from)?.name ?? e.from;
    const to = byId.get(e.to)?.name ?? e.to;
    const hint = e.suggestion ? ` (did you mean ${e.suggestion}?)` : "";
    out.push(`${from} names ${to}, which does not exist${hint}`);
  }
  for (const n of result.graph.nodes) {
    if (n.duplicate) out.push(`${n.name} is defined more than once (${n.id})`);
  }
  return out;
}

/** A random nonce for the page's script. */
export function makeNonce(random: () => number = Math.random): string {
  const chars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  let s = "";
  for (let i = 0; i < 32; i++) s += chars.charAt(Math.floor(random() * chars.length));
  return s;
}

/** The page: the server's SVG (its nodes open their file when clicked), the problems, and
 * buttons to refresh and to copy the Mermaid. Scripts run only with `nonce`. */
export function graphHtml(result: TeamGraphResult, nonce: string, cspSource: string, title = "Team Graph"): string {
  const csp = [
    "default-src 'none'",
    `img-src ${cspSource} data:`,
    `style-src ${cspSource} 'unsafe-inline'`,
    `script-src 'nonce-${nonce}'`,
  ].join("; ");
  const list = problems(result);
  const problemHtml = list.length
    ? `<ul class="problems">${list.map((p) => `<li>${escapeHtml(p)}</li>`).join("")}</ul>`
    : "";
  // The SVG comes from the server, which escapes every text and attribute it writes.
  const body = result.svg
    ? `<div class="graph">${result.svg.replace(/^<\?xml[^>]*\?>\s*/, "")}</div>`
    : `<p>No picture was drawn: ${escapeHtml(String(result.graph.nodes.length))} nodes.</p>`;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>${escapeHtml(title)}</title>
<style>
  body { font-family: var(--vscode-font-family); color: var(--vscode-foreground); }
  .graph { background: #fff; display: inline-block; border-radius: 4px; padding: 4px; }
  .graph text { pointer-events: none; }
  .agentls-node[data-path] { cursor: pointer; }
  .agentls-node[data-path]:hover rect { stroke-width: 3; }
  .problems { color: var(--vscode-errorForeground); }
</style>
</head>
<body>
<div class="toolbar">
  <button id="refresh">Refresh</button>
  <button id="copy">Copy Mermaid</button>
  <span>${escapeHtml(String(result.graph.nodes.length))} nodes, ${escapeHtml(String(result.graph.edges.length))} edges. Click an agent to open its file.</span>
</div>
${problemHtml}
${body}
<script nonce="${nonce}">
  const vscode = acquireVsCodeApi();
  document.getElementById("refresh").addEventListener("click", () => vscode.postMessage({ type: "refresh" }));
  document.getElementById("copy").addEventListener("click", () => vscode.postMessage({ type: "copyMermaid" }));
  document.addEventListener("click", (event) => {
    const node = event.target instanceof Element ? event.target.closest(".agentls-node[data-path]") : null;
    if (node) vscode.postMessage({ type: "open", id: node.getAttribute("data-id") });
  });
</script>
</body>
</html>
`;
}
