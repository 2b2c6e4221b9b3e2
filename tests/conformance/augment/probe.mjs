// One case, asked of Auggie CLI's own code (run by `record`, never in CI).
//
//   node probe.mjs <exported bundle> <project> <file>
//
// <exported bundle> is a copy of Auggie's `augment.mjs` (made by `record`, outside the
// repository) with one `export { ... }` line appended, naming the bundle's own subagent loader
// class, its built-in agent list, its frontmatter helper and its YAML module. Importing it runs
// the CLI's entry with `--version` (exit suppressed), then this script lists the agents as the
// `auggie agents list` command does (project root <project>, HOME as set by the caller, built-in
// agents included, hidden ones dropped) and reports what the loader read from <file>.
// Prints one JSON line starting with {"listed".
const [bundle, project, file] = process.argv.slice(2);
const realExit = process.exit;
process.exit = () => {};
process.argv = [process.argv[0], "auggie", "--version"];
const warnings = [];
const origWarn = console.warn;
console.warn = (...a) => warnings.push(a.map(String).join(" "));
const m = await import(bundle);
const fs = await import("node:fs");

const text = fs.readFileSync(file, "utf8");
const fm = m.__agentls_frontmatter;
const block = fm.extractFrontmatter(text);
let yaml = null;
if (block !== null) {
  try {
    const v = m.__agentls_yaml.load(block);
    yaml = v === null || v === undefined ? "empty" : Array.isArray(v) ? "list" : typeof v;
  } catch (e) {
    yaml = "error: " + String(e?.reason ?? e?.message ?? e);
  }
}

let listed = [];
let listError = null;
try {
  const builtins = m.__agentls_builtins({});
  listed = m.__agentls_loader.loadAllSubAgentConfigs({ workspaceRoot: project }, builtins);
} catch (e) {
  listError = String(e?.message ?? e);
}
// Everything the loader read, also for a file the listing hides (`hidden: true`).
let all = [];
try {
  all = m.__agentls_loader.loadSubAgentConfigs({ workspaceRoot: project });
} catch (e) {
  listError = listError ?? String(e?.message ?? e);
}
// A file skipped because an agent of its name was read first: what it reads as on its own.
let alone = [];
if (!all.some((a) => a.fullPath === file)) {
  try {
    const path = await import("node:path");
    alone = m.__agentls_loader.loadSubAgentConfigsFromDirectories({
      directories: [{ path: path.dirname(file), source: "alone" }],
    });
  } catch (e) {
    listError = listError ?? String(e?.message ?? e);
  }
}
const keys = {
  name: "name", description: "description", model: "model", color: "color", tools: "tools",
  disabledTools: "disabled_tools", finishTool: "finish_tool", hidden: "hidden",
  providerModelName: "provider_model", providerBaseUrl: "provider_base_url",
  replaceSystemPrompt: "replace_system_prompt", disableRules: "disable_rules",
  disableWorkspaceGuidelines: "disable_workspace_guidelines", disableSkills: "disable_skills",
  toolDescription: "tool_description", instructionDescription: "instruction_description",
  source: "source",
};
const seen = (a) => {
  const s = {};
  for (const [k, v] of Object.entries(keys)) if (a[k] !== undefined && a[k] !== false) s[v] = a[k];
  if (a.providerApiKey !== undefined) s.provider_api_key = "(set)";
  s.prompt = a.prompt;
  return s;
};
console.warn = origWarn;
const out = {
  listed: listed.map((a) => ({ name: a.name, source: a.source, file: a.fullPath || null })),
  read: all.filter((a) => a.fullPath === file).map(seen),
  alone: alone.filter((a) => a.fullPath === file).map(seen),
  frontmatter: block !== null,
  yaml,
  warnings,
  list_error: listError,
};
process.stdout.write("\n" + JSON.stringify(out) + "\n");
realExit(0);
