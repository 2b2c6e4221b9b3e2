// Builds a platform-specific .vsix that bundles the agentls binary.
//   node scripts/package-platform.mjs --target linux-x64 --binary ../../target/release/agentls [--out FILE]
//   node scripts/package-platform.mjs --target current --binary ...   (this machine's target)
// The binary is copied to server/agentls[.exe] (where the extension looks last),
// `vsce package --target` is run, and server/ is removed again.
import { spawnSync } from "node:child_process";
import { chmodSync, copyFileSync, existsSync, mkdirSync, rmSync } from "node:fs";
import * as path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const TARGETS = [
  "win32-x64", "win32-arm64", "linux-x64", "linux-arm64", "linux-armhf",
  "alpine-x64", "alpine-arm64", "darwin-x64", "darwin-arm64",
];

function arg(name) {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
}

/** The VS Code target of the machine this runs on. */
function currentTarget() {
  const arch = { x64: "x64", arm64: "arm64", arm: "armhf" }[process.arch];
  const os = { win32: "win32", darwin: "darwin", linux: "linux" }[process.platform];
  if (!arch || !os) return undefined;
  const musl = os === "linux" && !process.report?.getReport?.().header?.glibcVersionRuntime;
  return `${musl ? "alpine" : os}-${arch}`;
}

const target = arg("target") === "current" ? currentTarget() : arg("target");
const binary = arg("binary");
if (!target || !TARGETS.includes(target) || !binary) {
  console.error(`usage: package-platform.mjs --target <${TARGETS.join("|")}> --binary <path to agentls>`);
  process.exit(2);
}
const source = path.resolve(binary);
if (!existsSync(source)) {
  console.error(`binary not found: ${source}`);
  process.exit(1);
}

const serverDir = path.join(root, "server");
const exe = target.startsWith("win32") ? "agentls.exe" : "agentls";
rmSync(serverDir, { recursive: true, force: true });
mkdirSync(serverDir);
copyFileSync(source, path.join(serverDir, exe));
chmodSync(path.join(serverDir, exe), 0o755);

const out = arg("out") ?? `agentls-${target}.vsix`;
const vsce = path.join(root, "node_modules", ".bin", process.platform === "win32" ? "vsce.cmd" : "vsce");
const result = spawnSync(vsce, ["package", "--no-dependencies", "--target", target, "--out", out], {
  cwd: root,
  stdio: "inherit",
  shell: process.platform === "win32",
});
rmSync(serverDir, { recursive: true, force: true });
process.exit(result.status ?? 1);
