// One case, asked of Qoder CLI's own code (run by `record`, never in CI).
//
//   node probe.mjs <entry module> <agents dir> <file>
//
// <entry module> is the recorder's copy of Qoder CLI's bundle (`bundle/qodercli.js`) with only
// its last statement, the call of the CLI's `main`, replaced by an export of the bundle's own
// core namespace (written next to the bundle in the scratch install, never in the repository).
// Loads the agents folder with the package's own `loadAgentsFromDirectory` (the folder walk:
// which files count) and the case with its `loadAgentFromFile` (the reason a refused file is
// skipped, and the values it read). Prints one JSON line.
const [entry, dir, file] = process.argv.slice(2);
const mod = await import(entry);
const core = await mod.__qoder();

const seen = (a) => {
  const s = { name: a.name, description: a.description, prompt: a.promptConfig?.systemPrompt };
  if (a.kind !== "local") s.kind = a.kind;
  if (a.toolConfig?.tools !== undefined) s.tools = a.toolConfig.tools;
  if (a.disallowedTools !== undefined) s.disallowed_tools = a.disallowedTools;
  if (a.modelConfig?.model !== undefined) s.model = a.modelConfig.model;
  if (a.modelConfig?.generateContentConfig !== undefined) s.generate = a.modelConfig.generateContentConfig;
  if (a.runConfig !== undefined) s.run_config = a.runConfig;
  for (const k of ["color", "effort", "initialPrompt", "permissionMode", "memory", "background", "isolation"]) {
    if (a[k] !== undefined) s[k] = a[k];
  }
  if (a.skills !== undefined && a.skills.length > 0) s.skills = a.skills;
  if (a.hooks !== undefined) s.hooks = a.hooks;
  if (a.mcpServers !== undefined) s.mcp_servers = a.mcpServers.map((m) => (typeof m === "string" ? m : Object.keys(m)));
  return s;
};

let listed = [];
let listErrors = [];
try {
  const r = await core.loadAgentsFromDirectory(dir);
  listed = r.agents.map((a) => ({ name: a.name, file: a.metadata?.filePath ?? null }));
  listErrors = r.errors.map((e) => ({ file: e.filePath, message: String(e.message) }));
} catch (e) {
  listErrors = [{ file: null, message: String(e?.message ?? e) }];
}
let parsed = null;
let error = null;
try {
  const r = await core.loadAgentFromFile(file);
  if (r.agents.length > 0) parsed = seen(r.agents[0]);
  if (r.errors.length > 0) error = String(r.errors[0].message);
} catch (e) {
  error = String(e?.message ?? e);
}
process.stdout.write(JSON.stringify({ listed, list_errors: listErrors, parsed, error }) + "\n");
process.exit(0);
