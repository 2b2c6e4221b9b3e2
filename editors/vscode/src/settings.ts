// Mapping VS Code's `agentls.*` settings to what the server understands.
//
// The server reads an object shaped like `.agentls.toml`, nested under an
// `agentls` key, both from `initializationOptions` and from
// `workspace/didChangeConfiguration`. Only the keys below are sent: editor-only
// settings such as `agentls.path` and `agentls.trace.server` never reach the
// server. No `vscode` import here so the mapping can be unit-tested.

export const SEVERITIES = ["error", "warning", "information", "hint", "off"] as const;
export type Severity = (typeof SEVERITIES)[number];

export const DIALECTS = [
  "claude-agent",
  "claude-skill",
  "claude-command",
  "copilot-agent",
  "copilot-chatmode",
  "opencode-agent",
  "agent-skill",
  "augment-agent",
  "cursor-agent",
  "factory-droid",
  "gemini-agent",
  "kilo-agent",
  "kiro-agent",
  "qoder-agent",
  "qwen-agent",
] as const;
export type Dialect = (typeof DIALECTS)[number];

/** The settings forwarded to the server, in the order of `.agentls.toml`. */
export const SERVER_SETTING_KEYS = [
  "severity",
  "dialects",
  "customKeys",
  "capabilities",
  "extraTools",
  "userAgents",
  "targets",
] as const;
export type ServerSettingKey = (typeof SERVER_SETTING_KEYS)[number];

/** Settings that only the editor uses. */
export const CLIENT_ONLY_SETTING_KEYS = ["path", "trace.server"] as const;

export interface AgentlsServerSettings {
  severity?: Record<string, Severity>;
  dialects?: Record<string, Dialect>;
  customKeys?: Record<string, string>;
  capabilities?: string[];
  extraTools?: string[];
  userAgents?: boolean;
  targets?: string[];
}

export interface ServerSettingsPayload {
  agentls: AgentlsServerSettings;
}

export interface MappingResult {
  payload: ServerSettingsPayload;
  /** Human-readable notes about values that were dropped. */
  warnings: string[];
}

/**
 * Raw values as the user set them. `undefined` means "not set anywhere", in
 * which case the key is left out so the server falls back to `.agentls.toml`
 * and its own defaults.
 */
export type RawSettings = Partial<Record<ServerSettingKey, unknown>>;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function stringMap<T extends string>(
  key: string,
  value: unknown,
  warnings: string[],
  allowed?: readonly T[],
): Record<string, T> | undefined {
  if (!isPlainObject(value)) {
    warnings.push(`agentls.${key} must be an object; ignored.`);
    return undefined;
  }
  const out: Record<string, T> = {};
  for (const [k, v] of Object.entries(value)) {
    if (typeof v !== "string") {
      warnings.push(`agentls.${key}["${k}"] must be a string; ignored.`);
      continue;
    }
    const normalized = allowed ? v.trim().toLowerCase() : v;
    if (allowed && !(allowed as readonly string[]).includes(normalized)) {
      warnings.push(`agentls.${key}["${k}"] = "${v}" is not one of ${allowed.join(", ")}; ignored.`);
      continue;
    }
    if (k.trim().length === 0) {
      warnings.push(`agentls.${key} has an empty key; ignored.`);
      continue;
    }
    out[k] = normalized as T;
  }
  return out;
}

function stringList(key: string, value: unknown, warnings: string[]): string[] | undefined {
  if (!Array.isArray(value)) {
    warnings.push(`agentls.${key} must be a list of strings; ignored.`);
    return undefined;
  }
  const out: string[] = [];
  for (const item of value) {
    if (typeof item !== "string" || item.trim().length === 0) {
      warnings.push(`agentls.${key} contains a non-string or empty entry; ignored.`);
      continue;
    }
    if (!out.includes(item)) {
      out.push(item);
    }
  }
  return out;
}

/** Build the `{ agentls: {...} }` object sent to the server. */
export function toServerSettings(raw: RawSettings): MappingResult {
  const warnings: string[] = [];
  const agentls: AgentlsServerSettings = {};

  if (raw.severity !== undefined && raw.severity !== null) {
    const v = stringMap<Severity>("severity", raw.severity, warnings, SEVERITIES);
    if (v) agentls.severity = v;
  }
  if (raw.dialects !== undefined && raw.dialects !== null) {
    const v = stringMap<Dialect>("dialects", raw.dialects, warnings, DIALECTS);
    if (v) agentls.dialects = v;
  }
  if (raw.customKeys !== undefined && raw.customKeys !== null) {
    const v = stringMap<string>("customKeys", raw.customKeys, warnings);
    if (v) agentls.customKeys = v;
  }
  if (raw.capabilities !== undefined && raw.capabilities !== null) {
    const v = stringList("capabilities", raw.capabilities, warnings);
    if (v) agentls.capabilities = v;
  }
  if (raw.extraTools !== undefined && raw.extraTools !== null) {
    const v = stringList("extraTools", raw.extraTools, warnings);
    if (v) agentls.extraTools = v;
  }
  if (raw.userAgents !== undefined && raw.userAgents !== null) {
    if (typeof raw.userAgents === "boolean") {
      agentls.userAgents = raw.userAgents;
    } else {
      warnings.push("agentls.userAgents must be true or false; ignored.");
    }
  }

  if (raw.targets !== undefined && raw.targets !== null) {
    const v = stringList("targets", raw.targets, warnings);
    if (v) agentls.targets = v;
  }

  return { payload: { agentls }, warnings };
}

/** Shape of `WorkspaceConfiguration.inspect()` that matters here. */
export interface InspectedValue<T = unknown> {
  globalValue?: T;
  workspaceValue?: T;
  workspaceFolderValue?: T;
  globalLanguageValue?: T;
  workspaceLanguageValue?: T;
  workspaceFolderLanguageValue?: T;
}

/**
 * The effective value of a setting only when the user set it somewhere,
 * `undefined` when only the default from package.json applies.
 */
export function explicitValue<T>(inspected: InspectedValue<T> | undefined): T | undefined {
  if (!inspected) return undefined;
  const layers: (T | undefined)[] = [
    inspected.workspaceFolderLanguageValue,
    inspected.workspaceFolderValue,
    inspected.workspaceLanguageValue,
    inspected.workspaceValue,
    inspected.globalLanguageValue,
    inspected.globalValue,
  ];
  for (const layer of layers) {
    if (layer !== undefined) return layer;
  }
  return undefined;
}

/** Read all server settings through an `inspect`-like accessor. */
export function readRawSettings(inspect: (key: ServerSettingKey) => InspectedValue | undefined): RawSettings {
  const raw: RawSettings = {};
  for (const key of SERVER_SETTING_KEYS) {
    const value = explicitValue(inspect(key));
    if (value !== undefined) raw[key] = value;
  }
  return raw;
}

/** True when a configuration change affects what the server must receive. */
export function affectsServerSettings(affects: (section: string) => boolean): boolean {
  return SERVER_SETTING_KEYS.some((k) => affects(`agentls.${k}`));
}

/** True when the change requires starting a new server process. */
export function requiresRestart(affects: (section: string) => boolean): boolean {
  // A different executable, or new dialect globs that widen the document selector.
  return affects("agentls.path") || affects("agentls.dialects");
}
