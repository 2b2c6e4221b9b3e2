// Bundles the extension with esbuild and compiles the vscode-free modules for the tests.
//   node scripts/build.mjs            one-off build (minified extension)
//   node scripts/build.mjs --watch    rebuild on change (unminified, with source maps)
import * as esbuild from "esbuild";
import { fileURLToPath } from "node:url";
import * as path from "node:path";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const watch = process.argv.includes("--watch");

/** @type {esbuild.BuildOptions} */
const extension = {
  absWorkingDir: root,
  entryPoints: ["src/extension.ts"],
  outfile: "dist/extension.js",
  bundle: true,
  platform: "node",
  format: "cjs",
  // VS Code 1.82 ships Node 18.
  target: "node18",
  external: ["vscode"],
  sourcemap: watch,
  minify: !watch && !process.env.AGENTLS_NO_MINIFY,
  logLevel: "warning",
};

/** The pure modules, as ES modules the Node test runner imports directly. */
/** @type {esbuild.BuildOptions} */
const pure = {
  absWorkingDir: root,
  entryPoints: ["src/serverPath.ts", "src/settings.ts", "src/selector.ts", "src/teamGraph.ts"],
  outdir: "out",
  outExtension: { ".js": ".mjs" },
  bundle: false,
  platform: "node",
  format: "esm",
  target: "node20",
  logLevel: "warning",
};

if (watch) {
  const contexts = await Promise.all([esbuild.context(extension), esbuild.context(pure)]);
  await Promise.all(contexts.map((c) => c.watch()));
  console.log("watching for changes…");
} else {
  await Promise.all([esbuild.build(extension), esbuild.build(pure)]);
  console.log("built dist/extension.js and out/*.mjs");
}
