// Run by `record` under the Factory CLI binary acting as Bun (BUN_BE_BUN=1), in a throw-away
// project, as: droid probe.mjs <runtime-dir> <case-file>.
// <runtime-dir> holds the CLI's own modules, unpacked from the binary by `record`. The probe
// lists the droids with the CLI's own DroidStorageService (project and personal levels, as a
// session does), checks each with the CLI's own validator (what /droids and import report),
// resolves the tools a delegated task would get, and prints one JSON line.
import { readFileSync, realpathSync } from "fs";
import { join } from "path";
import { pathToFileURL } from "url";

const [runtime, caseFile] = process.argv.slice(2);
const mod = (name) => import(pathToFileURL(join(runtime, name)).href);
globalThis.__rd = (p) => readFileSync(join(runtime, p), "utf8");

const real = (p) => { try { return realpathSync(p); } catch { return p; } };
const out = { loads: false, name: null, location: null, valid: null, errors: [], warnings: [], seen: null, listed: [] };
try {
  const storage = await mod(process.env.PROBE_STORAGE_CHUNK);
  await mod(process.env.PROBE_TOOLS_CHUNK); // registers the built-in tools
  const models = [...(await mod(process.env.PROBE_MODELS_CHUNK))[process.env.PROBE_MODELS_FN]()];
  const { rn, Cr } = storage;
  const droids = await rn().loadAllDroids();
  out.listed = droids.map((d) => ({ name: d.metadata.name, location: d.location }));
  const mine = droids.find((d) => real(d.filePath) === real(caseFile));
  if (mine) {
    const m = mine.metadata;
    out.loads = mine.validationResult.valid;
    out.name = m.name;
    out.location = mine.location;
    const v = Cr.validate(mine, models);
    out.valid = v.valid;
    out.errors = v.errors.map((e) => e.replace(/ Available tools: .*/, " Available tools: ..."));
    out.warnings = v.warnings;
    out.seen = {
      description: m.description ?? null,
      model: m.model ?? null,
      reasoningEffort: m.reasoningEffort ?? null,
      tools: m.tools ?? null,
      mcpServers: m.mcpServers ?? null,
      prompt_chars: mine.systemPrompt.length,
      task_tools: Cr.expandTools({ tools: m.tools, model: m.model ?? "inherit" }),
    };
  }
} catch (e) {
  out.error = String(e && e.stack || e).split("\n")[0];
}
process.stdout.write("@@PROBE " + JSON.stringify(out) + "\n");
