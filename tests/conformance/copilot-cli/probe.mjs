// One case, asked of the Copilot CLI's own code (run by `record`, never in CI).
//
//   node probe.mjs <runtime.node> <project> <home>
//
// Loads the native module the Copilot CLI ships (`prebuilds/<platform>/runtime.node`, the module
// its `cli-main.js` calls for custom agents) and calls its agent discovery exactly as the CLI
// does when a session starts: `customAgentsDiscoverJson` with the Copilot home resolved by the
// module's own `resolveCopilotHome` and <project> as the only project path. Then it drops the
// agents the CLI's JavaScript refuses after discovery (the reserved name `general-purpose`,
// compared after the module's own name normalisation). Prints one JSON line.
import { createRequire } from "node:module";

const [runtime, project, home] = process.argv.slice(2);
const native = createRequire(import.meta.url)(runtime);
const configDir = native.resolveCopilotHome(null, process.env.COPILOT_HOME, home);
const raw = await native.customAgentsDiscoverJson(
  JSON.stringify({
    integrationId: "copilot-developer-cli",
    authInfo: null,
    configDir,
    projectPaths: [project],
    excludeHostAgents: false,
    additionalPlugins: [],
    hasResolvedPlugins: false,
  }),
);
const found = JSON.parse(raw);
const reserved = "general-purpose";
const isReserved = (a) =>
  [a.id, a.name].some(
    (n) => typeof n === "string" && native.configLoaderNormalizePluginNamespace(n) === reserved,
  );
const out = {
  config_dir: configDir,
  agents: found.agents.filter((a) => !isReserved(a)),
  reserved: found.agents.filter(isReserved).map((a) => a.path ?? a.name),
  warnings: found.warnings ?? [],
  errors: found.errors ?? [],
  failed: found.failedAgents ?? [],
};
process.stdout.write(JSON.stringify(out) + "\n");
process.exit(0);
