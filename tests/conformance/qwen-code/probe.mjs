// One case, asked of Qwen Code's own code (run by `record`, never in CI).
//
//   node probe.mjs <bundle chunk> <project> <level> <file>
//
// Imports the bundle chunk that holds Qwen Code's core, builds its own `SubagentManager` over a
// minimal session (project root <project>, HOME and QWEN_HOME as set by the caller, no
// extensions, no SDK or safe mode), lists the agents as a session does (project, user, built-in,
// extension; the first of a name wins), and parses <file> with the manager's own
// `parseSubagentFile` to get the reason a refused file was skipped. Prints one JSON line.
const [chunk, project, level, file] = process.argv.slice(2);
const core = await import(chunk);
const warnings = [];
const origWarn = console.warn;
console.warn = (...a) => warnings.push(a.map(String).join(" "));

const session = {
  getSdkMode: () => false,
  isSafeMode: () => false,
  getProjectRoot: () => project,
  getActiveExtensions: () => [],
  getAgentsSettings: () => ({}),
  getToolRegistry: () => undefined,
  getModel: () => "qwen3-coder-plus",
  getContentGeneratorConfig: () => undefined,
  getFastModel: () => undefined,
  getAllConfiguredModels: () => [],
};
const manager = new core.SubagentManager(session);
let listed = [];
let listError = null;
try {
  listed = await manager.listSubagents({ force: true });
} catch (e) {
  listError = String(e?.message ?? e);
}
let parsed = null;
let error = null;
try {
  parsed = await manager.parseSubagentFile(file, level);
} catch (e) {
  error = String(e?.message ?? e);
}
const seen = (a) => {
  const s = { name: a.name, description: a.description, level: a.level };
  if (a.tools !== undefined) s.tools = a.tools;
  if (a.disallowedTools !== undefined) s.disallowed_tools = a.disallowedTools;
  if (a.model !== undefined) s.model = a.model;
  if (a.runConfig !== undefined) s.run_config = a.runConfig;
  if (a.approvalMode !== undefined) s.approval_mode = a.approvalMode;
  if (a.permissionMode !== undefined) s.permission_mode = a.permissionMode;
  if (a.maxTurns !== undefined) s.max_turns = a.maxTurns;
  if (a.color !== undefined) s.color = a.color;
  if (a.background !== undefined) s.background = a.background;
  if (a.mcpServers !== undefined) s.mcp_servers = Object.keys(a.mcpServers);
  s.prompt = a.systemPrompt;
  return s;
};
let warningsOfValidator = [];
if (parsed) warningsOfValidator = manager.validator.validateConfig(parsed).warnings;
console.warn = origWarn;
const out = {
  listed: listed.map((a) => ({ name: a.name, level: a.level, file: a.filePath ?? null })),
  parsed: parsed ? seen(parsed) : null,
  error,
  validator_warnings: warningsOfValidator,
  warnings,
  list_error: listError,
};
process.stdout.write(JSON.stringify(out) + "\n");
process.exit(0);
