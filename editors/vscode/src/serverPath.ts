// Locating the agentls executable.
//
// This module deliberately does not import `vscode`: it is unit-tested with
// Node's test runner outside of the editor. Every interaction with the file
// system goes through the small `FileSystemHost` interface so tests can fake it.

import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

/** Where the executable that will be started was found. */
export type ServerSource = "setting" | "path" | "bundled";

export interface ResolvedServer {
  /** Absolute path of the executable. */
  command: string;
  /** Which step of the lookup found it. */
  source: ServerSource;
}

export interface ResolveOptions {
  /** Value of the `agentls.path` setting (empty or undefined when unset). */
  configuredPath?: string | undefined;
  /** The `PATH` environment variable. */
  envPath?: string | undefined;
  /** `PATHEXT` on Windows (defaults to `.COM;.EXE;.BAT;.CMD`). */
  envPathExt?: string | undefined;
  /** `process.platform` of the extension host. */
  platform: NodeJS.Platform;
  /** Root folder of the installed extension (holds `server/` in platform builds). */
  extensionPath: string;
  /** Used to resolve a relative `agentls.path` (first workspace folder). */
  workspaceFolder?: string | undefined;
  /** Home directory, for `~/` in `agentls.path`. */
  homeDir?: string | undefined;
}

export interface FileSystemHost {
  /** True when `file` exists, is a regular file and may be executed. */
  isExecutableFile(file: string): boolean;
}

export class ServerNotFoundError extends Error {
  /** Every location that was tried, in order. */
  readonly tried: string[];
  /** True when the user set `agentls.path` and it does not point at an executable. */
  readonly fromSetting: boolean;

  constructor(message: string, tried: string[], fromSetting: boolean) {
    super(message);
    this.name = "ServerNotFoundError";
    this.tried = tried;
    this.fromSetting = fromSetting;
  }
}

export const SERVER_BASENAME = "agentls";

/** File name of the executable on `platform`. */
export function executableName(platform: NodeJS.Platform): string {
  return platform === "win32" ? `${SERVER_BASENAME}.exe` : SERVER_BASENAME;
}

/** Path of the binary shipped inside a platform-specific .vsix. */
export function bundledServerPath(extensionPath: string, platform: NodeJS.Platform): string {
  return pathFor(platform).join(extensionPath, "server", executableName(platform));
}

function pathFor(platform: NodeJS.Platform): path.PlatformPath {
  return platform === "win32" ? path.win32 : path.posix;
}

/** Expand `~` and make `configured` absolute. */
export function normalizeConfiguredPath(
  configured: string,
  platform: NodeJS.Platform,
  workspaceFolder?: string,
  homeDir?: string,
): string {
  const p = pathFor(platform);
  let value = configured.trim();
  if (homeDir && (value === "~" || value.startsWith("~/") || (platform === "win32" && value.startsWith("~\\")))) {
    value = p.join(homeDir, value.slice(1));
  }
  if (!p.isAbsolute(value) && workspaceFolder) {
    value = p.resolve(workspaceFolder, value);
  }
  return p.normalize(value);
}

/** Candidate file names for `agentls` inside one PATH directory. */
export function pathCandidates(dir: string, platform: NodeJS.Platform, envPathExt?: string): string[] {
  const p = pathFor(platform);
  if (platform !== "win32") {
    return [p.join(dir, SERVER_BASENAME)];
  }
  const exts = (envPathExt && envPathExt.length > 0 ? envPathExt : ".COM;.EXE;.BAT;.CMD")
    .split(";")
    .map((e) => e.trim())
    .filter((e) => e.length > 0);
  return exts.map((ext) => p.join(dir, SERVER_BASENAME + ext.toLowerCase()));
}

/** Directories listed in PATH, in order, without empty entries or surrounding quotes. */
export function splitPath(envPath: string | undefined, platform: NodeJS.Platform): string[] {
  if (!envPath) {
    return [];
  }
  const sep = platform === "win32" ? ";" : ":";
  return envPath
    .split(sep)
    .map((d) => d.trim().replace(/^"(.*)"$/, "$1"))
    .filter((d) => d.length > 0);
}

/**
 * Resolve the executable in this order:
 *   1. the `agentls.path` setting (an error if set but unusable: the user asked for it),
 *   2. `agentls` on `PATH`,
 *   3. `server/agentls[.exe]` bundled in the extension.
 */
export function resolveServerPath(opts: ResolveOptions, host: FileSystemHost = nodeFileSystemHost): ResolvedServer {
  const tried: string[] = [];

  const configured = opts.configuredPath?.trim();
  if (configured) {
    const candidate = normalizeConfiguredPath(configured, opts.platform, opts.workspaceFolder, opts.homeDir);
    tried.push(candidate);
    if (host.isExecutableFile(candidate)) {
      return { command: candidate, source: "setting" };
    }
    throw new ServerNotFoundError(
      `The agentls.path setting points to "${candidate}", which is not an executable file.`,
      tried,
      true,
    );
  }

  for (const dir of splitPath(opts.envPath, opts.platform)) {
    for (const candidate of pathCandidates(dir, opts.platform, opts.envPathExt)) {
      tried.push(candidate);
      if (host.isExecutableFile(candidate)) {
        return { command: candidate, source: "path" };
      }
    }
  }

  const bundled = bundledServerPath(opts.extensionPath, opts.platform);
  tried.push(bundled);
  if (host.isExecutableFile(bundled)) {
    return { command: bundled, source: "bundled" };
  }

  throw new ServerNotFoundError(
    "Could not find the agentls executable: set agentls.path, put agentls on PATH, " +
      "or install the platform-specific build of the extension that bundles it.",
    tried,
    false,
  );
}

export const nodeFileSystemHost: FileSystemHost = {
  isExecutableFile(file: string): boolean {
    try {
      const st = fs.statSync(file);
      if (!st.isFile()) {
        return false;
      }
      if (process.platform === "win32") {
        return true;
      }
      fs.accessSync(file, fs.constants.X_OK);
      return true;
    } catch {
      return false;
    }
  },
};

/** Convenience wrapper reading PATH/PATHEXT/home from the current process. */
export function resolveServerPathFromProcess(
  configuredPath: string | undefined,
  extensionPath: string,
  workspaceFolder?: string,
): ResolvedServer {
  return resolveServerPath({
    configuredPath,
    envPath: process.env.PATH ?? process.env.Path,
    envPathExt: process.env.PATHEXT,
    platform: process.platform,
    extensionPath,
    workspaceFolder,
    homeDir: os.homedir(),
  });
}
