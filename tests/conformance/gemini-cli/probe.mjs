// One case, asked of Gemini CLI's own code (run by `record`, never in CI).
//
//   node probe.mjs <bundle chunk> <project> <agents dir>
//
// Imports the bundle chunk that holds Gemini CLI's core (the one its `gemini.js` imports),
// reads <agents dir> with the loader Gemini CLI itself uses (`loadAgentsFromDirectory`), marks
// the project's agents as acknowledged (as a user who accepted them would), then starts
// Gemini CLI's own `Config` on <project> with HOME as set by the caller, which builds the agent
// registry exactly as a session does, and prints one JSON line: what the loader parsed, what the
// registry registered, and every feedback message the session showed.
import * as fs from "node:fs";
import * as path from "node:path";

const [chunk, project, agentsDir] = process.argv.slice(2);
const core = await import(chunk);
const feedback = [];
core.coreEvents.on("user-feedback", (e) => feedback.push(`${e.severity}: ${e.message}`));

const parsed = await core.loadAgentsFromDirectory(agentsDir);
const seen = (a) => {
  const s = { name: a.name, kind: a.kind, description: a.description };
  if (a.displayName !== undefined) s.display_name = a.displayName;
  if (a.kind === "local") {
    s.model = a.modelConfig?.model;
    s.temperature = a.modelConfig?.generateContentConfig?.temperature;
    s.max_turns = a.runConfig?.maxTurns;
    s.timeout_mins = a.runConfig?.maxTimeMinutes;
    if (a.toolConfig) s.tools = a.toolConfig.tools;
    if (a.mcpServers) s.mcp_servers = Object.keys(a.mcpServers);
    s.prompt = a.promptConfig?.systemPrompt;
  } else {
    if (a.agentCardUrl !== undefined) s.agent_card_url = a.agentCardUrl;
    if (a.agentCardJson !== undefined) s.agent_card_json = true;
    if (a.auth) s.auth = a.auth.type;
  }
  return s;
};

// Acknowledge project agents (Gemini CLI asks the user once per agent and content hash).
const home = process.env.HOME;
const acks = {};
const projectAgents = await core.loadAgentsFromDirectory(path.join(project, ".gemini", "agents"));
for (const a of projectAgents.agents) {
  if (a.metadata?.hash && a.kind === "local") acks[a.name] = a.metadata.hash;
}
const ackFile = path.join(home, ".gemini", "acknowledgments", "agents.json");
fs.mkdirSync(path.dirname(ackFile), { recursive: true });
fs.writeFileSync(ackFile, JSON.stringify({ [project]: acks }));

const config = new core.Config({
  sessionId: "agentls-conformance",
  targetDir: project,
  cwd: project,
  debugMode: false,
  model: "gemini-2.5-pro",
  interactive: false,
  folderTrust: false,
  telemetry: { enabled: false },
  usageStatisticsEnabled: false,
  mcpServers: {},
});
let initError = null;
try {
  await config.initialize();
} catch (e) {
  initError = String(e?.message ?? e);
}
const registry = config.getAgentRegistry();
const out = {
  parsed: parsed.agents.map((a) => ({ file: a.metadata?.filePath, ...seen(a) })),
  errors: parsed.errors.map((e) => ({ file: e.filePath, message: e.message })),
  registered: registry ? [...registry.agents.values()].map((a) => ({ name: a.name, file: a.metadata?.filePath ?? null })) : [],
  feedback,
  init_error: initError,
};
process.stdout.write(JSON.stringify(out) + "\n");
process.exit(0);
