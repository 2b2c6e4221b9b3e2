-- agentls: language server for AI agent definition files (Claude Code agents,
-- skills and commands; GitHub Copilot agents and chat modes; OpenCode agents).
--
-- Neovim 0.11+ picks this file up from any `lsp/` folder on 'runtimepath':
--
--   vim.lsp.enable('agentls')
--
-- The server decides per path whether a Markdown buffer is an agent file and
-- stays silent for every other Markdown file, so attaching to all Markdown
-- buffers is safe.
--
-- Settings are optional. They use the shape of `.agentls.toml` under an
-- `agentls` key and are forwarded as-is, for example:
--
--   vim.lsp.config('agentls', {
--     settings = {
--       agentls = {
--         severity = { ['unknown-key'] = 'off' },
--         dialects = { ['**/prompts/*.md'] = 'claude-agent' },
--         extraTools = { 'mcp__github__create_issue' },
--       },
--     },
--   })
--
-- Nothing is set here by default, so Neovim sends no settings at all and the
-- server uses `.agentls.toml` and its built-in defaults.

---@type vim.lsp.Config
return {
  cmd = { 'agentls', 'serve' },
  -- `toml` for `.agentls.toml` only (see `root_dir`): saving it tells the server
  -- to read the settings again, which matters where Neovim registers no file
  -- watchers (Linux).
  filetypes = { 'markdown', 'toml' },
  root_markers = { '.claude', '.github', '.opencode', '.git' },

  -- The workspace root is the nearest folder that holds any of the
  -- `root_markers`. A plain `root_markers` list is searched one marker after
  -- the other, all the way up, so a project without its own `.claude` folder
  -- would get the home folder as root wherever Claude Code keeps
  -- `~/.claude`. Markers changed with `vim.lsp.config()` are honoured.
  root_dir = function(bufnr, on_dir)
    if vim.bo[bufnr].filetype == 'toml' and vim.fs.basename(vim.api.nvim_buf_get_name(bufnr)) ~= '.agentls.toml' then
      return
    end
    local markers = vim.lsp.config.agentls and vim.lsp.config.agentls.root_markers
      or { '.claude', '.github', '.opencode', '.git' }
    local wanted = {}
    for _, m in ipairs(markers) do
      if type(m) == 'table' then
        for _, n in ipairs(m) do
          wanted[n] = true
        end
      else
        wanted[m] = true
      end
    end
    on_dir(vim.fs.root(bufnr, function(name)
      return wanted[name] == true
    end))
  end,
}
