"""Static checks of the Helix configuration (Helix itself cannot be installed here).

Parses editors/helix/*.toml and the ```toml blocks of editors/helix/README.md
with tomllib and checks them against Helix's languages.toml format: known keys
and value types of `[[language]]` and `[language-server.*]`, that every
referenced language server is defined, and that `{ glob = ... }` file types
are sane and match the agent file locations (with Helix's globset semantics).

Run: python3 editors/helix/test/test_languages.py   (Python 3.11+, stdlib only)
"""

from __future__ import annotations

import re
import sys
import tomllib
import unittest
from pathlib import Path

HELIX_DIR = Path(__file__).resolve().parent.parent

# Keys of `[[language]]` (helix-core LanguageConfiguration, deny_unknown_fields).
LANGUAGE_KEYS = {
    "name": str,
    "language-id": str,
    "scope": str,
    "file-types": list,
    "shebangs": list,
    "roots": list,
    "comment-tokens": (str, list),
    "comment-token": (str, list),
    "block-comment-tokens": (dict, list),
    "text-width": int,
    "soft-wrap": dict,
    "auto-format": bool,
    "formatter": dict,
    "path-completion": bool,
    "word-completion": dict,
    "diagnostic-severity": str,
    "grammar": str,
    "injection-regex": str,
    "language-servers": list,
    "indent": dict,
    "debugger": dict,
    "auto-pairs": (bool, dict),
    "rulers": list,
    "workspace-lsp-roots": list,
    "persistent-diagnostic-sources": list,
}
# Required when a file defines a language Helix does not ship.
NEW_LANGUAGE_REQUIRED = {"name", "scope", "file-types"}

# Keys of `[language-server.NAME]`.
SERVER_KEYS = {
    "command": str,
    "args": list,
    "environment": dict,
    "config": dict,
    "timeout": int,
    "required-root-patterns": list,
}

TOP_LEVEL_KEYS = {"language", "language-server", "grammar", "use-grammars"}

FEATURES = {
    "format", "goto-declaration", "goto-definition", "goto-type-definition",
    "goto-reference", "goto-implementation", "signature-help", "hover",
    "document-highlight", "completion", "code-action", "workspace-command",
    "document-symbols", "workspace-symbols", "diagnostics", "rename-symbol",
    "inlay-hints", "document-colors",
}

# Helix's own languages and servers that our files refer to or override.
BUILTIN_LANGUAGES = {"markdown"}
BUILTIN_SERVERS = {"marksman", "markdown-oxide"}
BUILTIN_GRAMMARS = {"markdown"}

# What the server understands under `config.agentls` (same as .agentls.toml).
AGENTLS_SETTINGS = {
    "severity": dict,
    "dialects": dict,
    "customKeys": dict,
    "capabilities": list,
    "extraTools": list,
    "userAgents": bool,
}
SEVERITIES = {"error", "warning", "information", "hint", "off"}
SCHEMA_DIR = HELIX_DIR.parent.parent / "server" / "schema"
# The dialect ids are the server's schema data files (targets.toml lists the tools, not a dialect).
DIALECTS = {p.stem for p in SCHEMA_DIR.glob("*.toml")} - {"targets"}


def target_paths() -> list[str]:
    """An example path for every folder pattern a tool reads (server/schema/targets.toml)."""
    with (SCHEMA_DIR / "targets.toml").open("rb") as f:
        targets = tomllib.load(f)["target"]
    out = []
    for t in targets:
        for r in t["read"]:
            pattern = r["pattern"]
            path = "/home/me/" + pattern[2:] if pattern.startswith("~/") else "/home/me/proj/" + pattern
            out.append(path.replace("**/", "team/").replace("*", "x"))
    return out

AGENT_PATHS = [
    "/home/me/proj/.claude/agents/code-reviewer.md",
    "/home/me/proj/.claude/agents/team/reviewer.md",
    "/home/me/.claude/agents/global.md",
    "/home/me/proj/.claude/skills/pdf/SKILL.md",
    "/home/me/proj/.claude/commands/review.md",
    "/home/me/proj/.claude/commands/git/commit.md",
    "/home/me/proj/.github/agents/planner.md",
    "/home/me/proj/docs/planner.agent.md",
    "/home/me/proj/.github/chatmodes/plan.chatmode.md",
    "/home/me/proj/.opencode/agent/review.md",
    "/home/me/proj/.opencode/agents/review.md",
    "/home/me/proj/plugins/tool/agents/helper.md",
]
OTHER_PATHS = [
    "/home/me/proj/README.md",
    "/home/me/proj/docs/guide.md",
    "/home/me/proj/.claude/skills/pdf/reference.md",
    "/home/me/proj/.github/copilot-instructions.md",
    "/home/me/proj/.claude/settings.json",
]


def helix_glob_to_regex(glob: str) -> re.Pattern[str]:
    """Translate a file-types glob the way Helix/globset treat it.

    Helix prepends `*/` unless the glob starts with `/` or `*/`. globset's
    default (literal_separator = false) lets `*` and `?` match `/` too;
    `**/`, `/**/` and `/**` span folders (including none).
    """
    if not glob.startswith("/") and not glob.startswith("*/"):
        glob = "*/" + glob
    out = []
    i = 0
    while i < len(glob):
        c = glob[i]
        if glob.startswith("**/", i) and (i == 0 or glob[i - 1] == "/"):
            out.append("(?:.*/)?")
            i += 3
        elif glob.startswith("**", i) and i + 2 == len(glob) and (i == 0 or glob[i - 1] == "/"):
            out.append(".*")
            i += 2
        elif c == "*":
            out.append(".*")
            i += 1
        elif c == "?":
            out.append(".")
            i += 1
        elif c == "[":
            j = glob.index("]", i + 1)
            body = glob[i + 1 : j]
            if body.startswith("!"):
                body = "^" + body[1:]
            out.append("[" + body + "]")
            i = j + 1
        elif c == "{":
            j = glob.index("}", i + 1)
            alts = glob[i + 1 : j].split(",")
            out.append("(?:" + "|".join(re.escape(a).replace(r"\*", ".*") for a in alts) + ")")
            i = j + 1
        else:
            out.append(re.escape(c))
            i += 1
    return re.compile("^" + "".join(out) + "$")


def glob_problems(glob: str) -> list[str]:
    problems = []
    if not glob:
        problems.append("empty glob")
    if "\\" in glob:
        problems.append("use / as separator, not \\")
    depth_brace = depth_bracket = 0
    for ch in glob:
        if ch == "{":
            depth_brace += 1
            if depth_brace > 1:
                problems.append("nested { } is not supported")
        elif ch == "}":
            depth_brace -= 1
        elif ch == "[":
            depth_bracket += 1
        elif ch == "]":
            depth_bracket -= 1
        if depth_brace < 0 or depth_bracket < 0:
            problems.append("unbalanced brackets")
            break
    if depth_brace or depth_bracket:
        problems.append("unbalanced brackets")
    if "***" in glob:
        problems.append("*** is not a valid wildcard")
    for m in re.finditer(r"\*\*", glob):
        before = glob[m.start() - 1] if m.start() > 0 else "/"
        after = glob[m.end()] if m.end() < len(glob) else "/"
        if before != "/" or after != "/":
            problems.append("** must be a whole path component")
    if glob.startswith("./"):
        problems.append("./ prefix never matches a full path")
    return problems


def load(path: Path) -> dict:
    with path.open("rb") as f:
        return tomllib.load(f)


def readme_toml_blocks() -> list[tuple[str, dict]]:
    text = (HELIX_DIR / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```toml\n(.*?)```", text, flags=re.S)
    return [(f"README.md block {n + 1}", tomllib.loads(b)) for n, b in enumerate(blocks)]


def config_files() -> list[tuple[str, dict]]:
    files = sorted(HELIX_DIR.glob("*.toml"))
    return [(p.name, load(p)) for p in files] + readme_toml_blocks()


class HelixFormat(unittest.TestCase):
    maxDiff = None

    def check_types(self, where: str, table: dict, known: dict) -> None:
        for key, value in table.items():
            self.assertIn(key, known, f"{where}: unknown key {key!r}")
            self.assertIsInstance(value, known[key], f"{where}: {key} has type {type(value).__name__}")

    def check_language_servers(self, where: str, entries: list, defined: set[str]) -> list[str]:
        names = []
        for entry in entries:
            if isinstance(entry, str):
                names.append(entry)
                continue
            self.assertIsInstance(entry, dict, f"{where}: language-servers entry {entry!r}")
            self.assertLessEqual(set(entry), {"name", "only-features", "except-features"}, where)
            self.assertIsInstance(entry.get("name"), str, f"{where}: entry without name")
            for k in ("only-features", "except-features"):
                for feat in entry.get(k, []):
                    self.assertIn(feat, FEATURES, f"{where}: unknown feature {feat!r}")
            names.append(entry["name"])
        self.assertEqual(len(names), len(set(names)), f"{where}: duplicate language server")
        for n in names:
            self.assertTrue(n in defined or n in BUILTIN_SERVERS, f"{where}: language server {n!r} is not defined")
        return names

    def check_agentls_config(self, where: str, config: dict) -> None:
        self.assertEqual(set(config), {"agentls"}, f"{where}: config must only hold an `agentls` table")
        settings = config["agentls"]
        self.check_types(f"{where} config.agentls", settings, AGENTLS_SETTINGS)
        for code, sev in settings.get("severity", {}).items():
            self.assertIn(sev, SEVERITIES, f"{where}: severity {code} = {sev!r}")
        for glob, dialect in settings.get("dialects", {}).items():
            self.assertIn(dialect, DIALECTS, f"{where}: dialect for {glob!r}")
            self.assertEqual(glob_problems(glob), [], f"{where}: dialect glob {glob!r}")
        for key in ("capabilities", "extraTools"):
            for item in settings.get(key, []):
                self.assertIsInstance(item, str, f"{where}: {key} entry")
        for key, typ in settings.get("customKeys", {}).items():
            self.assertIsInstance(typ, str, f"{where}: customKeys.{key}")

    def test_files_exist(self) -> None:
        self.assertTrue((HELIX_DIR / "languages.toml").is_file())
        self.assertTrue((HELIX_DIR / "README.md").is_file())

    def test_format_of_every_file(self) -> None:
        for where, doc in config_files():
            with self.subTest(file=where):
                self.assertLessEqual(set(doc), TOP_LEVEL_KEYS, f"{where}: unknown top-level key")
                servers = doc.get("language-server", {})
                self.assertIsInstance(servers, dict)
                for name, server in servers.items():
                    self.check_types(f"{where} [language-server.{name}]", server, SERVER_KEYS)
                    self.assertIn("command", server, f"{where}: {name} needs a command")
                    for arg in server.get("args", []):
                        self.assertIsInstance(arg, str)
                    for pat in server.get("required-root-patterns", []):
                        self.assertEqual(glob_problems(pat), [], f"{where}: {pat!r}")
                    if name == "agentls" and "config" in server:
                        self.check_agentls_config(where, server["config"])
                languages = doc.get("language", [])
                self.assertIsInstance(languages, list, f"{where}: language must be an array of tables")
                seen = set()
                for lang in languages:
                    self.assertIsInstance(lang, dict)
                    lw = f"{where} [[language]] {lang.get('name')!r}"
                    self.check_types(lw, lang, LANGUAGE_KEYS)
                    self.assertIn("name", lang, f"{where}: [[language]] without name")
                    self.assertNotIn(lang["name"], seen, f"{lw}: defined twice")
                    seen.add(lang["name"])
                    if lang["name"] not in BUILTIN_LANGUAGES:
                        missing = NEW_LANGUAGE_REQUIRED - set(lang)
                        self.assertFalse(missing, f"{lw}: a new language needs {sorted(missing)}")
                        grammar = lang.get("grammar", lang["name"])
                        self.assertIn(grammar, BUILTIN_GRAMMARS | {g.get("name") for g in doc.get("grammar", [])}, lw)
                    self.check_language_servers(lw, lang.get("language-servers", []), set(servers))
                    for ft in lang.get("file-types", []):
                        if isinstance(ft, str):
                            self.assertTrue(ft and "/" not in ft, f"{lw}: file type {ft!r}")
                        else:
                            self.assertIsInstance(ft, dict, f"{lw}: file type {ft!r}")
                            self.assertEqual(set(ft), {"glob"}, f"{lw}: file-types tables only take `glob`")
                            self.assertEqual(glob_problems(ft["glob"]), [], f"{lw}: glob {ft['glob']!r}")
                    if "indent" in lang:
                        self.assertEqual(set(lang["indent"]), {"tab-width", "unit"}, lw)
                    bct = lang.get("block-comment-tokens")
                    for tok in [bct] if isinstance(bct, dict) else bct or []:
                        self.assertEqual(set(tok), {"start", "end"}, lw)
                    if "diagnostic-severity" in lang:
                        self.assertIn(lang["diagnostic-severity"].lower(), {"error", "warning", "info", "hint"}, lw)

    def test_agentls_server_definition(self) -> None:
        for where, doc in config_files():
            server = doc.get("language-server", {}).get("agentls")
            if server is None:
                continue
            with self.subTest(file=where):
                self.assertEqual(server["command"], "agentls")
                self.assertEqual(server.get("args"), ["serve"])

    def test_markdown_gets_agentls_and_keeps_marksman(self) -> None:
        doc = load(HELIX_DIR / "languages.toml")
        md = [lang for lang in doc["language"] if lang["name"] == "markdown"]
        self.assertEqual(len(md), 1)
        self.assertEqual(md[0]["language-servers"], ["marksman", "agentls"])
        # Only overrides what it must: Helix merges the rest from its defaults.
        self.assertEqual(set(md[0]), {"name", "language-servers"})

    def test_dedicated_language_globs_match_agent_files_only(self) -> None:
        doc = load(HELIX_DIR / "languages.agent-markdown.toml")
        (lang,) = [lang for lang in doc["language"] if lang["name"] == "agent-markdown"]
        self.assertEqual(lang["grammar"], "markdown")
        self.assertIn("agentls", lang["language-servers"])
        globs = [ft["glob"] for ft in lang["file-types"]]
        patterns = [helix_glob_to_regex(g) for g in globs]
        for path in AGENT_PATHS + target_paths():
            self.assertTrue(any(p.match(path) for p in patterns), f"no glob matches {path}")
        for path in OTHER_PATHS:
            self.assertFalse(any(p.match(path) for p in patterns), f"a glob matches {path}")
        queries = HELIX_DIR / "runtime" / "queries" / "agent-markdown"
        for q in ("highlights.scm", "injections.scm"):
            self.assertIn("; inherits: markdown", (queries / q).read_text(encoding="utf-8"))

    def test_glob_helper(self) -> None:
        self.assertTrue(helix_glob_to_regex(".git/config").match("/p/.git/config"))
        self.assertTrue(helix_glob_to_regex("a/**/*.md").match("/x/a/b.md"))
        self.assertTrue(helix_glob_to_regex("a/**/*.md").match("/x/a/b/c/d.md"))
        self.assertFalse(helix_glob_to_regex("/abs/*.md").match("/other/abs/x.md"))
        self.assertTrue(glob_problems("a**/b"))
        self.assertTrue(glob_problems("a/{b,{c}}"))
        self.assertEqual(glob_problems("**/prompts/*.md"), [])


if __name__ == "__main__":
    runner = unittest.TextTestRunner(verbosity=2, stream=sys.stdout)
    result = runner.run(unittest.defaultTestLoader.loadTestsFromTestCase(HelixFormat))
    failed = len(result.failures) + len(result.errors)
    skipped = len(result.skipped)
    passed = result.testsRun - failed - skipped
    print(f"helix-config: {passed} passed, {failed} failed, {skipped} skipped")
    sys.exit(0 if failed == 0 else 1)
