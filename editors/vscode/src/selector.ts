// Which documents the language client sends to agentls.
//
// Choice: one glob per dialect instead of every Markdown file. The server is
// the authority on what is an agent file (for instance, plugin agents only
// count next to `.claude-plugin/plugin.json`) and ignores other files, so a
// selector for all Markdown would also work; but it would make VS Code sync
// every README and changelog of the workspace to the server for nothing. The
// globs below are a superset of the server's built-in paths, and globs from
// the `agentls.dialects` setting are appended so custom locations work too.
//
// No `vscode` import: the matcher is used by the unit tests to check the
// patterns against example paths with the same semantics VS Code's glob has
// for these simple patterns (`**` spans folders, `*` and `?` stay inside one).

export interface AgentDocumentFilter {
  scheme: string;
  pattern: string;
}

/** One entry per location the server knows; comments name the dialect. */
export const AGENT_FILE_PATTERNS: readonly string[] = [
  "**/.claude/agents/**/*.md", // Claude Code sub-agents (project and ~/.claude)
  "**/agents/**/*.md", // Claude Code plugin agents (next to .claude-plugin/plugin.json)
  "**/.claude/skills/*/SKILL.md", // Claude Code skills
  "**/.claude/commands/**/*.md", // Claude Code slash commands
  "**/.github/agents/*.md", // GitHub Copilot custom agents
  "**/*.agent.md", // GitHub Copilot / VS Code custom agents
  "**/*.chatmode.md", // VS Code chat modes
  "**/.opencode/agent/**/*.md", // OpenCode agents
  "**/.opencode/agents/**/*.md", // OpenCode agents (plural folder)
  "**/.config/opencode/agent/**/*.md", // OpenCode user agents (singular folder)
  "**/skills/*/SKILL.md", // Agent Skills in other tools' folders (.agents, .github, .cursor, .gemini, ~/.copilot)
  "**/.kilo/agent/**/*.md", // Kilo Code agents (also .kilo/agents, under **/agents/**)
  "**/.kilocode/agent/**/*.md", // Kilo Code agents, older folder name
  "**/.config/kilo/agent/**/*.md", // Kilo Code user agents
  "**/.kilo/mode/*.md", // Kilo Code primary agents
  "**/.kilo/modes/*.md", // Kilo Code primary agents (plural folder)
  "**/.factory/droids/*.md", // Factory droids
];
// `**/agents/**/*.md` also covers Gemini CLI, Qwen Code, Auggie CLI, Qoder CLI, Cursor, Kiro and
// the Copilot CLI's folders (`.gemini/agents`, `.qwen/agents`, `.augment/agents`, …); a test
// checks every folder in server/schema/targets.toml against this list.

/** Globs from `agentls.dialects` as VS Code patterns (relative globs match anywhere). */
export function dialectPatterns(dialects: Record<string, string> | undefined): string[] {
  if (!dialects) return [];
  const out: string[] = [];
  for (const glob of Object.keys(dialects)) {
    const g = glob.trim().replace(/\\/g, "/");
    if (g.length === 0) continue;
    const anchored = g.startsWith("/") || g.startsWith("**/") || /^[A-Za-z]:\//.test(g) ? g : `**/${g.replace(/^\.\//, "")}`;
    if (!out.includes(anchored)) out.push(anchored);
  }
  return out;
}

/** The document selector handed to the language client. */
export function documentSelector(dialects?: Record<string, string>): AgentDocumentFilter[] {
  const patterns = [...AGENT_FILE_PATTERNS];
  for (const p of dialectPatterns(dialects)) {
    if (!patterns.includes(p)) patterns.push(p);
  }
  return patterns.map((pattern) => ({ scheme: "file", pattern }));
}

function escapeRegExp(ch: string): string {
  return /[\\^$.*+?()[\]{}|/]/.test(ch) ? `\\${ch}` : ch;
}

/** Translate a glob (`**`, `*`, `?`, `{a,b}`, `[...]`) to an anchored RegExp source. */
function globToRegExpSource(glob: string): string {
  let re = "";
  let i = 0;
  while (i < glob.length) {
    const c = glob[i];
    if (c === "*") {
      if (glob[i + 1] === "*") {
        // `**` as a whole segment matches any number of folders (including none).
        const atSegmentStart = i === 0 || glob[i - 1] === "/";
        const followedBySlash = glob[i + 2] === "/";
        const atEnd = i + 2 === glob.length;
        if (atSegmentStart && followedBySlash) {
          re += "(?:[^/]*/)*";
          i += 3;
          continue;
        }
        if (atSegmentStart && atEnd) {
          re += ".*";
          i += 2;
          continue;
        }
        re += "[^/]*";
        i += 2;
        continue;
      }
      re += "[^/]*";
      i += 1;
      continue;
    }
    if (c === "?") {
      re += "[^/]";
      i += 1;
      continue;
    }
    if (c === "[") {
      const close = glob.indexOf("]", i + 1);
      if (close > i + 1) {
        let body = glob.slice(i + 1, close);
        if (body.startsWith("!")) body = `^${body.slice(1)}`;
        re += `[${body.replace(/\\/g, "\\\\")}]`;
        i = close + 1;
        continue;
      }
      re += "\\[";
      i += 1;
      continue;
    }
    if (c === "{") {
      const close = glob.indexOf("}", i + 1);
      if (close > i) {
        const alternatives = glob.slice(i + 1, close).split(",");
        re += `(?:${alternatives.map(globToRegExpSource).join("|")})`;
        i = close + 1;
        continue;
      }
    }
    re += escapeRegExp(c);
    i += 1;
  }
  return re;
}

export function globToRegExp(glob: string): RegExp {
  return new RegExp(`^${globToRegExpSource(glob.replace(/\\/g, "/"))}$`);
}

/** Does `filePath` (absolute, any separator) match `glob`? */
export function matchGlob(glob: string, filePath: string): boolean {
  return globToRegExp(glob).test(filePath.replace(/\\/g, "/"));
}

/** Would the selector send this file to the server? */
export function isSelected(filePath: string, dialects?: Record<string, string>): boolean {
  return documentSelector(dialects).some((f) => matchGlob(f.pattern, filePath));
}
