-- End-to-end test of editors/neovim/lsp/agentls.lua with a real headless Neovim
-- (0.11+) and the real agentls binary (found on PATH).
--
-- Run (see scripts/test-editors.sh):
--   PATH=/path/to/agentls/dir:$PATH \
--   nvim --headless --clean --cmd 'set rtp^=editors/neovim' -l editors/neovim/test/e2e.lua
--
-- Prints one line per check and a summary "neovim-e2e: N passed, N failed, N skipped";
-- exits non-zero when a check fails. Waits are generous upper bounds for a slow
-- machine; no duration is asserted.

local WAIT_MS = tonumber(vim.env.AGENTLS_E2E_WAIT_MS or '') or 60000
local REQUEST_MS = WAIT_MS

local passed, failed, skipped = 0, 0, 0

local function say(line)
  io.stdout:write(line .. '\n')
  io.stdout:flush()
end

local function run(name, fn)
  local ok, err = xpcall(fn, function(e)
    -- Failed checks carry their own message; anything else gets a traceback.
    if type(e) == 'table' and e.check_failed then
      return e.message
    end
    return debug.traceback(tostring(e), 2)
  end)
  if ok then
    passed = passed + 1
    say('ok   - ' .. name)
  else
    failed = failed + 1
    say('FAIL - ' .. name)
    for l in tostring(err):gmatch('[^\n]+') do
      say('       ' .. l)
    end
  end
end

local function skip(name, why)
  skipped = skipped + 1
  say('SKIP - ' .. name .. ': ' .. why)
end

local function check(cond, msg, ...)
  if not cond then
    local info = debug.getinfo(2, 'Sl')
    local where = info and (vim.fs.basename(info.short_src) .. ':' .. info.currentline .. ': ') or ''
    error({ check_failed = true, message = where .. string.format(msg, ...) }, 2)
  end
end

local function finish()
  say(string.format('neovim-e2e: %d passed, %d failed, %d skipped', passed, failed, skipped))
  -- Stop clients politely so the server exits before Neovim does.
  for _, c in ipairs(vim.lsp.get_clients()) do
    c:stop()
  end
  vim.wait(5000, function()
    return #vim.lsp.get_clients() == 0
  end, 50)
  os.exit(failed == 0 and 0 or 1)
end

-- Workspace -----------------------------------------------------------------

-- `outer` stands for a home folder with ~/.claude; the project inside it must
-- still be its own root.
local outer = vim.fn.resolve(vim.fn.tempname() .. '-agentls-nvim')
local root = outer .. '/project'
vim.fn.mkdir(outer .. '/.claude/agents', 'p')

local function write(rel, text)
  local path = root .. '/' .. rel
  vim.fn.mkdir(vim.fs.dirname(path), 'p')
  local f = assert(io.open(path, 'w'))
  f:write(text)
  f:close()
  return path
end

vim.fn.mkdir(root .. '/.git', 'p')
-- Claude Code skips it: the retry quotes the `: ` line, and the indented continuation breaks it.
local bad_path = write('.claude/agents/bad.md', '---\ndescription: Use this agent when: the user asks\n  to review code\n---\nBody\n')
local nodesc_path = write('.claude/agents/x.md', '---\nname: x\n---\n')
local tools_path = write('.claude/agents/comp.md', '---\nname: comp\ndescription: Completes tools\ntools: Read, \n---\nBody\n')
local keys_path = write('.claude/agents/keys.md', '---\nname: keys\ndescription: Completes keys\n\n---\nBody\n')
local target_path = write(
  '.claude/agents/code-reviewer.md',
  '---\nname: code-reviewer\ndescription: Reviews code for quality\n---\nReview the diff.\n'
)
local caller_path = write(
  '.claude/agents/lead.md',
  '---\nname: lead\ndescription: Plans work and delegates\n---\nAsk @code-reviewer to check the change.\n'
)
local notes_path = write('docs/notes.md', '---\ndescription: Use this agent when: the user asks\n---\nBody\n')
local team_path = write(
  '.claude/agents/team-lead.md',
  '---\nname: team-lead\ndescription: Leads\n---\n# Plan\n\nAsk @code-reviewer first.\n\n## Review\n\n'
    .. '<example>\nThen @code-reviewer again.\n</example>\n'
)
local settings_path = write('.claude/agents/settings.md', '---\nname: settings\ndescription: Has a custom key\nversion: 1\n---\nBody\n')
local copilot_path = write('.github/agents/planner.md', '---\nname: planner\ndescription: Plans\n---\nPlan.\n')

local function open(path)
  vim.cmd.edit(vim.fn.fnameescape(path))
  return vim.api.nvim_get_current_buf()
end

local function agentls_client(buf)
  return vim.lsp.get_clients({ bufnr = buf, name = 'agentls' })[1]
end

local function wait_attach(buf)
  vim.wait(WAIT_MS, function()
    return agentls_client(buf) ~= nil and agentls_client(buf).initialized
  end, 50)
  return agentls_client(buf)
end

local function codes(buf)
  local out = {}
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    out[#out + 1] = tostring(d.code)
  end
  return out
end

local function find_diag(buf, code)
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    if d.code == code then
      return d
    end
  end
end

local function wait_diag(buf, code)
  vim.wait(WAIT_MS, function()
    return find_diag(buf, code) ~= nil
  end, 50)
  return find_diag(buf, code)
end

local CAPABILITY = {
  ['textDocument/completion'] = 'completionProvider',
  ['textDocument/hover'] = 'hoverProvider',
  ['textDocument/definition'] = 'definitionProvider',
  ['textDocument/foldingRange'] = 'foldingRangeProvider',
  ['textDocument/documentHighlight'] = 'documentHighlightProvider',
  ['textDocument/codeLens'] = 'codeLensProvider',
  ['textDocument/prepareCallHierarchy'] = 'callHierarchyProvider',
  ['callHierarchy/incomingCalls'] = 'callHierarchyProvider',
}

local function supports(buf, method)
  local client = agentls_client(buf)
  local cap = CAPABILITY[method]
  return client ~= nil and (cap == nil or client.server_capabilities[cap] ~= nil)
end

local function request(buf, method, params)
  check(
    supports(buf, method),
    '%s: the server does not advertise %s',
    method,
    tostring(CAPABILITY[method])
  )
  local responses, err = vim.lsp.buf_request_sync(buf, method, params, REQUEST_MS)
  check(responses ~= nil, '%s: no response (%s)', method, tostring(err))
  for _, client in ipairs(vim.lsp.get_clients({ bufnr = buf, name = 'agentls' })) do
    local r = responses[client.id]
    if r then
      check(r.err == nil, '%s failed: %s', method, vim.inspect(r.err))
      return r.result
    end
  end
  error(method .. ': agentls did not answer')
end

local function completion_names(result)
  local items = result and (result.items or result) or {}
  local names = {}
  for _, item in ipairs(items) do
    local label = type(item.label) == 'string' and item.label or ''
    names[#names + 1] = (label:gsub(':.*$', ''))
  end
  return names
end

-- Checks ---------------------------------------------------------------------

say('neovim-e2e: ' .. tostring(vim.version()) .. ', agentls = ' .. vim.fn.exepath('agentls'))
say('neovim-e2e: workspace ' .. root)

run('lsp/agentls.lua is found on the runtimepath with the documented config', function()
  local cfg = vim.lsp.config.agentls
  check(cfg ~= nil, 'vim.lsp.config.agentls is nil: is editors/neovim on the runtimepath?')
  check(vim.deep_equal(cfg.cmd, { 'agentls', 'serve' }), 'cmd = %s', vim.inspect(cfg.cmd))
  check(vim.deep_equal(cfg.filetypes, { 'markdown', 'toml' }), 'filetypes = %s', vim.inspect(cfg.filetypes))
  check(
    vim.deep_equal(cfg.root_markers, { '.claude', '.github', '.opencode', '.git' }),
    'root_markers = %s',
    vim.inspect(cfg.root_markers)
  )
  check(type(cfg.root_dir) == 'function', 'root_dir is %s', type(cfg.root_dir))
  -- No settings the server would not understand.
  check(cfg.settings == nil or next(cfg.settings) == nil, 'settings = %s', vim.inspect(cfg.settings))
  check(cfg.init_options == nil, 'init_options = %s', vim.inspect(cfg.init_options))
  check(vim.fn.executable('agentls') == 1, 'agentls is not on PATH')
end)

vim.lsp.enable('agentls')

local bad_buf
run('client attaches to an agent file with the workspace as root', function()
  bad_buf = open(bad_path)
  check(vim.bo[bad_buf].filetype == 'markdown', 'filetype = %s', vim.bo[bad_buf].filetype)
  local client = wait_attach(bad_buf)
  check(client ~= nil, 'agentls did not attach')
  check(vim.fn.resolve(client.root_dir) == root, 'root_dir = %s, expected %s', client.root_dir, root)
end)

run('root is the nearest folder with a marker, not a parent with .claude', function()
  -- This project has .claude itself; use a second one that only has .github.
  local other = outer .. '/other'
  vim.fn.mkdir(other .. '/.github/agents', 'p')
  local f = assert(io.open(other .. '/.github/agents/a.md', 'w'))
  f:write('---\nname: a\ndescription: A\n---\n')
  f:close()
  local buf = open(other .. '/.github/agents/a.md')
  local client = wait_attach(buf)
  check(client ~= nil, 'agentls did not attach')
  check(vim.fn.resolve(client.root_dir) == other, 'root_dir = %s, expected %s', client.root_dir, other)
  vim.cmd.bwipeout(buf)
  local proj_buf = open(copilot_path)
  local c2 = wait_attach(proj_buf)
  check(c2 ~= nil and vim.fn.resolve(c2.root_dir) == root, 'root_dir = %s', c2 and c2.root_dir)
end)

-- Claude Code skips it: its retry cannot save the indented continuation after the quoted line.
run('broken frontmatter gives a yaml-syntax error on line 1', function()
  local d = wait_diag(bad_buf, 'yaml-syntax')
  check(d ~= nil, 'no yaml-syntax diagnostic; got %s', vim.inspect(codes(bad_buf)))
  check(d.lnum == 1, 'lnum = %d', d.lnum)
  check(d.severity == vim.diagnostic.severity.ERROR, 'severity = %s', tostring(d.severity))
  check(d.source == 'agentls', 'source = %s', tostring(d.source))
end)

run('fixing the frontmatter in the buffer clears yaml-syntax (incremental sync)', function()
  vim.api.nvim_buf_set_lines(bad_buf, 1, 3, false, { 'description: "Use this agent when: the user asks to review code"' })
  vim.wait(WAIT_MS, function()
    return find_diag(bad_buf, 'yaml-syntax') == nil
  end, 50)
  check(find_diag(bad_buf, 'yaml-syntax') == nil, 'still %s', vim.inspect(codes(bad_buf)))
end)

run('missing description is reported', function()
  local buf = open(nodesc_path)
  check(wait_attach(buf) ~= nil, 'agentls did not attach')
  local d = wait_diag(buf, 'missing-description')
  check(d ~= nil, 'no missing-description; got %s', vim.inspect(codes(buf)))
end)

run('completion in tools: offers Grep, Glob and Bash but not Read', function()
  local buf = open(tools_path)
  check(wait_attach(buf) ~= nil, 'agentls did not attach')
  local result = request(buf, 'textDocument/completion', {
    textDocument = { uri = vim.uri_from_bufnr(buf) },
    position = { line = 3, character = #'tools: Read, ' },
    context = { triggerKind = 2, triggerCharacter = ' ' },
  })
  local names = completion_names(result)
  for _, tool in ipairs({ 'Grep', 'Glob', 'Bash' }) do
    check(vim.tbl_contains(names, tool), '%s missing from %s', tool, vim.inspect(names))
  end
  check(not vim.tbl_contains(names, 'Read'), 'Read is already listed but offered')
end)

run('completion at the start of a frontmatter line offers keys', function()
  local buf = open(keys_path)
  check(wait_attach(buf) ~= nil, 'agentls did not attach')
  local result = request(buf, 'textDocument/completion', {
    textDocument = { uri = vim.uri_from_bufnr(buf) },
    position = { line = 3, character = 0 },
    context = { triggerKind = 1 },
  })
  local names = completion_names(result)
  for _, key in ipairs({ 'model', 'tools' }) do
    check(vim.tbl_contains(names, key), '%s missing from %s', key, vim.inspect(names))
  end
end)

do
  local name = 'go-to-definition on @code-reviewer reaches its agent file'
  local buf = open(caller_path)
  local client = wait_attach(buf)
  if client == nil then
    run(name, function()
      error('agentls did not attach')
    end)
  elseif not client.server_capabilities.definitionProvider then
    skip(name, 'server does not advertise definitionProvider yet')
  else
    run(name, function()
      local line = 4
      local text = vim.api.nvim_buf_get_lines(buf, line, line + 1, false)[1]
      local col = assert(text:find('@code%-reviewer')) -- 1-based start of '@'
      local result = request(buf, 'textDocument/definition', {
        textDocument = { uri = vim.uri_from_bufnr(buf) },
        position = { line = line, character = col + 2 }, -- inside "code-reviewer"
      })
      check(result ~= nil, 'no definition')
      local locations = vim.islist(result) and result or { result }
      check(#locations > 0, 'empty definition result')
      local uri = locations[1].targetUri or locations[1].uri
      local got = vim.fn.resolve(vim.uri_to_fname(uri))
      check(got == vim.fn.resolve(target_path), 'definition at %s, expected %s', got, target_path)
    end)
  end
end

run('a Markdown file that is not an agent file gets no diagnostics', function()
  local buf = open(notes_path)
  check(wait_attach(buf) ~= nil, 'agentls did not attach')
  -- Any answer to a request on the same buffer (even an error) comes after the
  -- server has read its didOpen.
  if supports(buf, 'textDocument/hover') then
    vim.lsp.buf_request_sync(buf, 'textDocument/hover', {
      textDocument = { uri = vim.uri_from_bufnr(buf) },
      position = { line = 1, character = 2 },
    }, REQUEST_MS)
  end
  -- And a later agent file's diagnostics show that analysis has run.
  local probe = open(write('.claude/agents/probe.md', '---\nname: probe\n---\n'))
  check(wait_diag(probe, 'missing-description') ~= nil, 'probe got no diagnostics')
  check(#vim.diagnostic.get(buf) == 0, 'got %s', vim.inspect(codes(buf)))
end)

run('folding ranges: the frontmatter, the sections and the <example> block', function()
  local buf = open(team_path)
  check(wait_attach(buf) ~= nil, 'agentls did not attach')
  local result = request(buf, 'textDocument/foldingRange', { textDocument = { uri = vim.uri_from_bufnr(buf) } })
  local got = {}
  for _, r in ipairs(result or {}) do
    got[#got + 1] = r.startLine .. '-' .. r.endLine
  end
  table.sort(got)
  -- frontmatter 0-3, "# Plan" 4-12, "## Review" 8-12, the example 10-12.
  for _, want in ipairs({ '0-3', '4-12', '8-12', '10-12' }) do
    check(vim.tbl_contains(got, want), '%s missing from %s', want, vim.inspect(got))
  end
end)

run('document highlight: both mentions of @code-reviewer', function()
  local buf = open(team_path)
  check(wait_attach(buf) ~= nil, 'agentls did not attach')
  local result = request(buf, 'textDocument/documentHighlight', {
    textDocument = { uri = vim.uri_from_bufnr(buf) },
    position = { line = 6, character = #'Ask @co' },
  })
  local lines = {}
  for _, h in ipairs(result or {}) do
    lines[#lines + 1] = h.range.start.line .. ':' .. h.range.start.character
  end
  check(vim.deep_equal(lines, { '6:5', '11:6' }), 'highlights at %s', vim.inspect(lines))
end)

run('code lens: code-reviewer is delegated to by the agents that name it', function()
  local buf = open(target_path)
  check(wait_attach(buf) ~= nil, 'agentls did not attach')
  check(supports(buf, 'textDocument/codeLens'), 'no codeLensProvider')
  vim.lsp.codelens.refresh({ bufnr = buf })
  local function title()
    local lens = vim.lsp.codelens.get(buf)[1]
    return lens and lens.command and lens.command.title
  end
  vim.wait(WAIT_MS, function()
    return title() ~= nil
  end, 50)
  -- lead.md and team-lead.md mention @code-reviewer.
  check(title() == 'delegated to by 2 agents', 'lens = %s', tostring(title()))
  check(vim.lsp.codelens.get(buf)[1].range.start.line == 1, 'lens not on the name: line')
end)

run('call hierarchy: the agents that delegate to @code-reviewer', function()
  local buf = open(caller_path)
  check(wait_attach(buf) ~= nil, 'agentls did not attach')
  local items = request(buf, 'textDocument/prepareCallHierarchy', {
    textDocument = { uri = vim.uri_from_bufnr(buf) },
    position = { line = 4, character = #'Ask @co' },
  })
  check(items ~= nil and #items == 1 and items[1].name == 'code-reviewer', 'prepared %s', vim.inspect(items))
  local calls = request(buf, 'callHierarchy/incomingCalls', { item = items[1] })
  local names = {}
  for _, c in ipairs(calls or {}) do
    names[#names + 1] = c.from.name
  end
  table.sort(names)
  check(vim.deep_equal(names, { 'lead', 'team-lead' }), 'incoming from %s', vim.inspect(names))
end)

run('.agentls.toml changed on disk is read again when any document is saved', function()
  local buf = open(settings_path)
  check(wait_attach(buf) ~= nil, 'agentls did not attach')
  local d = wait_diag(buf, 'unknown-key')
  check(d ~= nil, 'no unknown-key; got %s', vim.inspect(codes(buf)))
  check(d.severity == vim.diagnostic.severity.HINT, 'severity = %s', tostring(d.severity))
  local toml = write('.agentls.toml', '[severity]\nunknown-key = "warning"\n')
  vim.cmd('silent write')
  local function severity()
    local x = find_diag(buf, 'unknown-key')
    return x and x.severity
  end
  vim.wait(WAIT_MS, function()
    return severity() == vim.diagnostic.severity.WARN
  end, 50)
  os.remove(toml)
  check(severity() == vim.diagnostic.severity.WARN, 'severity = %s', tostring(severity()))
end)

run('the server exits cleanly when the client stops', function()
  local client = agentls_client(bad_buf)
  check(client ~= nil, 'no client')
  client:stop()
  vim.wait(WAIT_MS, function()
    return client:is_stopped()
  end, 50)
  check(client:is_stopped(), 'client did not stop')
end)

-- rename that finishes the job (issue #13)
run('rename renames the agent file, its name: and the references in other files', function()
  -- A project of its own: the client above was stopped.
  local proj = outer .. '/rename'
  vim.fn.mkdir(proj .. '/.git', 'p')
  local function put(rel, text)
    local path = proj .. '/' .. rel
    vim.fn.mkdir(vim.fs.dirname(path), 'p')
    local f = assert(io.open(path, 'w'))
    f:write(text)
    f:close()
    return path
  end
  local old_path = put('.claude/agents/backend-dev.md', '---\nname: backend-dev\ndescription: Builds the API\n---\nBuild.\n')
  local qa_path = put('.claude/agents/qa.md', '---\nname: qa\ndescription: Use after backend-dev finishes\n---\nAsk @backend-dev.\n')
  local new_path = proj .. '/.claude/agents/api-dev.md'
  local buf = open(old_path)
  local client = wait_attach(buf)
  check(client ~= nil, 'agentls did not attach')
  local edit_caps = vim.tbl_get(client.capabilities, 'workspace', 'workspaceEdit') or {}
  check(
    vim.tbl_contains(edit_caps.resourceOperations or {}, 'rename'),
    'Neovim does not declare file renames: %s',
    vim.inspect(edit_caps)
  )
  vim.api.nvim_win_set_cursor(0, { 2, #'name: back' })
  vim.lsp.buf.rename('api-dev', { name = 'agentls' })
  vim.wait(WAIT_MS, function()
    return vim.uv.fs_stat(new_path) ~= nil
  end, 50)
  check(vim.uv.fs_stat(new_path) ~= nil, 'api-dev.md was not created')
  check(vim.uv.fs_stat(old_path) == nil, 'backend-dev.md is still on disk')
  local renamed = vim.fn.bufnr(new_path)
  check(renamed ~= -1, 'no buffer for api-dev.md')
  local name_line = vim.api.nvim_buf_get_lines(renamed, 1, 2, false)[1]
  check(name_line == 'name: api-dev', 'name line = %s', tostring(name_line))
  local qa = vim.fn.bufnr(qa_path)
  check(qa ~= -1, 'the referencing file was not loaded')
  local qa_text = table.concat(vim.api.nvim_buf_get_lines(qa, 0, -1, false), '\n')
  check(qa_text:find('Ask @api-dev.', 1, true) ~= nil, 'qa.md = %s', qa_text)
  check(qa_text:find('Use after api-dev finishes', 1, true) ~= nil, 'qa.md = %s', qa_text)
end)

-- mentions and ranges
run('go-to-definition with the cursor on the @ of @code-reviewer', function()
  local path = write('.claude/agents/at-sign.md', '---\nname: at-sign\ndescription: Delegates\n---\nAsk @code-reviewer to check the change.\n')
  local buf = open(path)
  check(wait_attach(buf) ~= nil, 'agentls did not attach')
  local line = 4
  local text = vim.api.nvim_buf_get_lines(buf, line, line + 1, false)[1]
  local at = assert(text:find('@code%-reviewer')) - 1 -- 0-based column of the '@'
  local result = request(buf, 'textDocument/definition', {
    textDocument = { uri = vim.uri_from_bufnr(buf) },
    position = { line = line, character = at },
  })
  check(result ~= nil, 'no definition from the @')
  local locations = vim.islist(result) and result or { result }
  check(#locations > 0, 'empty definition result')
  local uri = locations[1].targetUri or locations[1].uri
  local got = vim.fn.resolve(vim.uri_to_fname(uri))
  check(got == vim.fn.resolve(target_path), 'definition at %s, expected %s', got, target_path)
end)

run('code action with the cursor at the start of the line of an unquoted ": "', function()
  local path = write('.claude/agents/colon.md', '---\nname: colon\ndescription: Use this agent when: the user asks\n---\nBody\n')
  local buf = open(path)
  check(wait_attach(buf) ~= nil, 'agentls did not attach')
  check(wait_diag(buf, 'yaml-retry') ~= nil, 'no yaml-retry diagnostic: %s', vim.inspect(codes(buf)))
  vim.api.nvim_win_set_cursor(0, { 3, 0 })
  local title = 'Quote the `description` value'
  vim.lsp.buf.code_action({
    apply = true,
    filter = function(a)
      return a.title == title
    end,
  })
  local want = "description: 'Use this agent when: the user asks'"
  vim.wait(WAIT_MS, function()
    return vim.api.nvim_buf_get_lines(buf, 2, 3, false)[1] == want
  end, 50)
  local got = vim.api.nvim_buf_get_lines(buf, 2, 3, false)[1]
  check(got == want, 'line 3 is %q, expected the quoted value', got)
end)

-- team keys
local function has_key_diag(buf, key)
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    if d.code == 'unknown-key' and d.message:find('`' .. key .. '`', 1, true) == 1 then
      return d
    end
  end
end

local function wait_key_gone(buf, key)
  vim.wait(WAIT_MS, function()
    return has_key_diag(buf, key) == nil
  end, 50)
  return has_key_diag(buf, key) == nil
end

run('a Cargo.toml gets no agentls client; .agentls.toml does', function()
  local cargo = open(write('Cargo.toml', '[package]\nname = "x"\n'))
  check(vim.bo[cargo].filetype == 'toml', 'filetype = %s', vim.bo[cargo].filetype)
  vim.wait(200)
  check(agentls_client(cargo) == nil, 'agentls attached to Cargo.toml')
end)

run('the declare action creates .agentls.toml; :write makes the hint go away', function()
  local path = write('.claude/agents/declare.md', '---\nname: declare\ndescription: Declares\nauto_activate: true\n---\nBody\n')
  local buf = open(path)
  local client = wait_attach(buf)
  check(client ~= nil, 'agentls did not attach')
  vim.wait(WAIT_MS, function()
    return has_key_diag(buf, 'auto_activate') ~= nil
  end, 50)
  local d = has_key_diag(buf, 'auto_activate')
  check(d ~= nil, 'no unknown-key on auto_activate; got %s', vim.inspect(codes(buf)))
  local actions = request(buf, 'textDocument/codeAction', {
    textDocument = { uri = vim.uri_from_bufnr(buf) },
    range = { start = { line = d.lnum, character = d.col }, ['end'] = { line = d.end_lnum, character = d.end_col } },
    context = { diagnostics = { d.user_data.lsp } },
  })
  local declare
  for _, a in ipairs(actions or {}) do
    if a.title == 'Declare `auto_activate` in .agentls.toml' then
      declare = a
    end
  end
  check(declare ~= nil, 'no declare action in %s', vim.inspect(actions))
  vim.lsp.util.apply_workspace_edit(declare.edit, client.offset_encoding)
  local toml_path = root .. '/.agentls.toml'
  local tbuf = vim.fn.bufnr(toml_path)
  check(tbuf ~= -1, 'the edit opened no buffer for .agentls.toml')
  -- (The new file's one empty line stays after the inserted text.)
  local lines = vim.api.nvim_buf_get_lines(tbuf, 0, 2, false)
  check(vim.deep_equal(lines, { '[custom-keys]', 'auto_activate = "any"' }), 'toml = %s', vim.inspect(lines))
  -- Shown in a window, as the user who writes it sees it; agentls attaches to it.
  vim.cmd.buffer(tbuf)
  vim.wait(WAIT_MS, function()
    return agentls_client(tbuf) ~= nil
  end, 50)
  check(agentls_client(tbuf) ~= nil, 'agentls is not attached to .agentls.toml (filetype %s)', vim.bo[tbuf].filetype)
  vim.cmd('silent write')
  check(wait_key_gone(buf, 'auto_activate'), 'still %s', vim.inspect(has_key_diag(buf, 'auto_activate')))
end)

run('.agentls.toml edited and :written in Neovim declares complexity; its hint goes away', function()
  local path = write('.claude/agents/complex.md', '---\nname: complex\ndescription: Has complexity\ncomplexity: high\n---\nBody\n')
  local buf = open(path)
  check(wait_attach(buf) ~= nil, 'agentls did not attach')
  vim.wait(WAIT_MS, function()
    return has_key_diag(buf, 'complexity') ~= nil
  end, 50)
  check(has_key_diag(buf, 'complexity') ~= nil, 'no hint on complexity; got %s', vim.inspect(codes(buf)))
  local tbuf = open(root .. '/.agentls.toml')
  vim.wait(WAIT_MS, function()
    return agentls_client(tbuf) ~= nil
  end, 50)
  check(agentls_client(tbuf) ~= nil, 'agentls is not attached to .agentls.toml')
  if vim.api.nvim_buf_get_lines(tbuf, 0, 1, false)[1] == '[custom-keys]' then
    vim.api.nvim_buf_set_lines(tbuf, 1, 1, false, { 'complexity = "string"' })
  else
    vim.api.nvim_buf_set_lines(tbuf, 0, -1, false, { '[custom-keys]', 'complexity = "string"' })
  end
  vim.cmd('silent write')
  check(wait_key_gone(buf, 'complexity'), 'still %s', vim.inspect(has_key_diag(buf, 'complexity')))
end)

vim.fn.delete(outer, 'rf')
-- completion narrowing
run('completion narrows to the typed word: Web gives WebFetch and WebSearch, accepting replaces Web', function()
  local path = write('.claude/agents/narrow.md', '---\nname: narrow\ndescription: Narrows\ntools: Read, Web\n---\nBody\n')
  local buf = open(path)
  check(wait_attach(buf) ~= nil, 'agentls did not attach')
  local line = 'tools: Read, Web'
  local result = request(buf, 'textDocument/completion', {
    textDocument = { uri = vim.uri_from_bufnr(buf) },
    position = { line = 3, character = #line },
    context = { triggerKind = 1 },
  })
  local items = result and (result.items or result) or {}
  local names = completion_names(result)
  check(vim.deep_equal(names, { 'WebFetch', 'WebSearch' }), 'items %s', vim.inspect(names))
  -- What Neovim's own completion makes of them (vim.lsp.completion, with its filtering).
  local convert = vim.lsp.completion and vim.lsp.completion._lsp_to_complete_items
  if convert then
    local words = {}
    for _, ci in ipairs(convert(result, 'Web')) do
      words[#words + 1] = ci.word
    end
    table.sort(words)
    check(vim.deep_equal(words, { 'WebFetch', 'WebSearch' }), 'Neovim shows %s', vim.inspect(words))
  end
  local search
  for _, item in ipairs(items) do
    if item.label == 'WebSearch' then
      search = item
    end
  end
  check(search and search.textEdit, 'no textEdit on WebSearch: %s', vim.inspect(search))
  vim.lsp.util.apply_text_edits({ search.textEdit }, buf, agentls_client(buf).offset_encoding)
  local got = vim.api.nvim_buf_get_lines(buf, 3, 4, false)[1]
  check(got == 'tools: Read, WebSearch', 'line is %q', got)
  vim.cmd('silent! bwipeout!')
  vim.fn.delete(outer, 'rf')
end)

finish()
