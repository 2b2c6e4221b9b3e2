// One code-server (VS Code's workbench, served on 127.0.0.1) and one headless Chromium
// (puppeteer-core) for the end-to-end suite, plus the workbench gestures the cases use.
// Nothing here reaches the network: the gallery, telemetry and update checks are off or pointed
// at a closed loopback port, and Chromium sends everything that is not loopback to that port.
import { spawn, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as net from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import puppeteer from "puppeteer-core";

const here = path.dirname(fileURLToPath(import.meta.url));
export const CODE_SERVER = path.join(here, "node_modules", "code-server", "out", "node", "entry.js");
/** A loopback port nothing listens on: where anything that wants the network is sent. */
export const DEAD_END = "http://127.0.0.1:9";

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Settings of the fresh test profile. */
export function profileSettings(extra = {}) {
  return {
    "security.workspace.trust.enabled": false,
    "telemetry.telemetryLevel": "off",
    "telemetry.feedback.enabled": false,
    "update.mode": "none",
    "extensions.autoCheckUpdates": false,
    "extensions.autoUpdate": false,
    "extensions.ignoreRecommendations": true,
    "workbench.enableExperiments": false,
    "workbench.settings.enableNaturalLanguageSearch": false,
    "workbench.startupEditor": "none",
    "workbench.secondarySideBar.defaultVisibility": "hidden",
    "workbench.tips.enabled": false,
    "workbench.welcomePage.walkthroughs.openOnInstall": false,
    "editor.minimap.enabled": false,
    "editor.hover.delay": 100,
    "editor.lightbulb.enabled": "onCode",
    "editor.quickSuggestions": { other: false, comments: false, strings: false },
    "git.enabled": false,
    "npm.autoDetect": "off",
    "files.autoSave": "off",
    "http.proxy": DEAD_END,
    "http.proxySupport": "override",
    ...extra,
  };
}

async function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

/** PATH without any folder holding an `agentls`: the extension must find its bundled binary. */
export function pathWithoutAgentls(extraFirst) {
  const dirs = (process.env.PATH ?? "").split(":").filter((d) => d && !fs.existsSync(path.join(d, "agentls")));
  return [extraFirst, ...dirs].filter(Boolean).join(":");
}

export class CodeServer {
  constructor(root) {
    this.root = root;
    this.userData = path.join(root, "user-data");
    this.extensions = path.join(root, "extensions");
    this.home = path.join(root, "home");
    this.log = path.join(root, "code-server.log");
    for (const d of [this.userData, this.extensions, this.home, path.join(this.userData, "User")]) {
      fs.mkdirSync(d, { recursive: true });
    }
    fs.writeFileSync(path.join(root, "config.yaml"), "auth: none\ncert: false\n");
    this.env = {
      ...process.env,
      HOME: this.home,
      XDG_CONFIG_HOME: path.join(this.home, ".config"),
      XDG_DATA_HOME: path.join(this.home, ".local", "share"),
      XDG_CACHE_HOME: path.join(this.home, ".cache"),
      PATH: pathWithoutAgentls(path.dirname(process.execPath)),
      // The gallery (Open VSX in code-server's product.json) and any other HTTP client.
      EXTENSIONS_GALLERY: JSON.stringify({
        serviceUrl: `${DEAD_END}/gallery`,
        itemUrl: `${DEAD_END}/item`,
        resourceUrlTemplate: `${DEAD_END}/resource`,
      }),
      HTTP_PROXY: DEAD_END,
      HTTPS_PROXY: DEAD_END,
      http_proxy: DEAD_END,
      https_proxy: DEAD_END,
      NO_PROXY: "127.0.0.1,localhost",
      no_proxy: "127.0.0.1,localhost",
      VSCODE_TELEMETRY_DISABLED: "1",
    };
    delete this.env.AGENTLS_BIN;
  }

  baseArgs() {
    return [
      CODE_SERVER,
      "--config", path.join(this.root, "config.yaml"),
      "--user-data-dir", this.userData,
      "--extensions-dir", this.extensions,
      "--disable-telemetry",
      "--disable-update-check",
      "--disable-workspace-trust",
      "--disable-getting-started-override",
    ];
  }

  writeSettings(settings) {
    fs.writeFileSync(path.join(this.userData, "User", "settings.json"), JSON.stringify(settings, null, 2));
  }

  /** `code-server --install-extension <vsix>`: the way a user installs a downloaded .vsix. */
  installExtension(vsix) {
    const r = spawnSync(process.execPath, [...this.baseArgs(), "--install-extension", vsix, "--force"], {
      env: this.env,
      encoding: "utf8",
      timeout: 120_000,
    });
    const out = `${r.stdout}${r.stderr}`;
    if (r.status !== 0) throw new Error(`--install-extension exited ${r.status}: ${out}`);
    return out;
  }

  listExtensions() {
    const r = spawnSync(process.execPath, [...this.baseArgs(), "--list-extensions", "--show-versions"], {
      env: this.env,
      encoding: "utf8",
      timeout: 60_000,
    });
    return `${r.stdout}`.trim().split("\n").filter(Boolean);
  }

  async start() {
    const port = await freePort();
    this.url = `http://127.0.0.1:${port}`;
    const log = fs.openSync(this.log, "a");
    this.proc = spawn(process.execPath, [...this.baseArgs(), "--bind-addr", `127.0.0.1:${port}`, "--auth", "none"], {
      env: this.env,
      stdio: ["ignore", log, log],
      detached: true,
    });
    this.proc.unref();
    const deadline = Date.now() + 120_000;
    while (Date.now() < deadline) {
      if (this.proc.exitCode !== null) throw new Error(`code-server exited ${this.proc.exitCode}; see ${this.log}`);
      try {
        const res = await fetch(`${this.url}/healthz`);
        if (res.ok) return this.url;
      } catch {
        // not listening yet
      }
      await sleep(250);
    }
    throw new Error(`code-server did not answer on ${this.url}; see ${this.log}`);
  }

  stop() {
    if (this.proc && this.proc.exitCode === null) {
      try {
        process.kill(-this.proc.pid, "SIGTERM");
      } catch {
        // already gone
      }
    }
  }
}

export async function launchBrowser(root) {
  const userDataDir = path.join(root, "chromium-profile");
  fs.mkdirSync(userDataDir, { recursive: true });
  return puppeteer.launch({
    executablePath: process.env.AGENTLS_E2E_CHROMIUM ?? "/usr/bin/chromium",
    headless: true,
    userDataDir,
    defaultViewport: { width: 1400, height: 900 },
    protocolTimeout: 120_000,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--disable-dev-shm-usage",
      // Everything but loopback goes to a closed port.
      `--proxy-server=${DEAD_END.replace("http://", "")}`,
      "--proxy-bypass-list=127.0.0.1;localhost",
      "--window-size=1400,900",
    ],
  });
}

export function tmpRoot() {
  return fs.mkdtempSync(path.join(os.tmpdir(), "agentls-vscode-e2e."));
}
