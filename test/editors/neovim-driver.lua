-- Drives a headless Neovim for test/editors/neovim.test.ts (as its init.lua;
-- the shipped editors/neovim/veltrix.lua is in the plugin/ folder of the
-- config, where docs/editor.md says to put it). Once the file on
-- the command line has its diagnostics, asks what a user would (hover,
-- definition, completion, symbols, code actions, code lenses), applies a
-- quick fix with Neovim's own edit code (an incremental change for the
-- server), waits for the new diagnostics and writes everything as JSON.
-- Env: VELTRIX_NVIM_PLAN (JSON: positions to ask about, the fix to apply),
-- VELTRIX_NVIM_OUT (the JSON written).
local plan = vim.fn.json_decode(table.concat(vim.fn.readfile(os.getenv('VELTRIX_NVIM_PLAN')), '\n'))
local out_path = os.getenv('VELTRIX_NVIM_OUT')
local timeout = tonumber(os.getenv('VELTRIX_NVIM_TIMEOUT_MS') or '60000')

-- The versions the server published diagnostics for, per buffer.
local published = {}
local publish = vim.lsp.handlers['textDocument/publishDiagnostics']
vim.lsp.handlers['textDocument/publishDiagnostics'] = function(err, result, ctx, config)
  publish(err, result, ctx, config)
  published[vim.uri_to_fname(result.uri)] = result.version or -1
end

local function finish(report)
  vim.fn.writefile({ vim.fn.json_encode(report) }, out_path)
  vim.cmd('qall!')
end

local function wait_for(what, cond)
  if not vim.wait(timeout, cond, 50) then
    error('timed out waiting for ' .. what)
  end
end

local function diagnostics(buf)
  return vim.tbl_map(function(d)
    return {
      lnum = d.lnum, col = d.col, end_lnum = d.end_lnum, end_col = d.end_col,
      severity = d.severity, message = d.message, source = d.source,
      code = d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code),
    }
  end, vim.diagnostic.get(buf))
end

-- One request to the buffer's client, its result (or nil).
local function ask(buf, method, params)
  local replies = vim.lsp.buf_request_sync(buf, method, params, timeout) or {}
  for _, reply in pairs(replies) do
    if reply.err then error(method .. ': ' .. vim.inspect(reply.err)) end
    return reply.result
  end
end

local function run()
  local buf = vim.api.nvim_get_current_buf()
  local file = vim.api.nvim_buf_get_name(buf)
  local report = {
    filetype = vim.bo[buf].filetype,
    version = vim.version(),
    show_document = vim.lsp.protocol.make_client_capabilities().window.showDocument.support,
  }
  if report.filetype ~= 'veltrix' then
    return finish(report)
  end
  wait_for('the server to attach', function() return #vim.lsp.buf_get_clients(buf) > 0 end)
  local client = vim.lsp.buf_get_clients(buf)[next(vim.lsp.buf_get_clients(buf))]
  report.client = { name = client.name, root_dir = client.config.root_dir, executeCommandProvider = client.server_capabilities.executeCommandProvider or vim.NIL }
  local function settled()
    return published[file] == vim.lsp.util.buf_versions[buf]
  end
  wait_for('diagnostics of the opened file', settled)
  report.diagnostics = diagnostics(buf)

  local doc = { uri = vim.uri_from_bufnr(buf) }
  local at = function(p) return { textDocument = doc, position = p } end
  report.hover = ask(buf, 'textDocument/hover', at(plan.hover)) or vim.NIL
  report.definition = ask(buf, 'textDocument/definition', at(plan.hover)) or vim.NIL
  local completion = ask(buf, 'textDocument/completion', at(plan.completion)) or {}
  report.completion = vim.tbl_map(function(i) return i.label end, completion.items or completion)
  report.symbols = ask(buf, 'textDocument/documentSymbol', { textDocument = doc }) or vim.NIL

  -- The code actions offered on each diagnostic, as Neovim's code_action asks for them (LSP-form diagnostics).
  local function actions_on(d)
    return ask(buf, 'textDocument/codeAction', { textDocument = doc, range = d.range, context = { diagnostics = { d } } }) or {}
  end
  report.actions = {}
  for lnum = 0, vim.api.nvim_buf_line_count(buf) - 1 do
    for _, d in ipairs(vim.lsp.diagnostic.get_line_diagnostics(buf, lnum)) do
      for _, a in ipairs(actions_on(d)) do
        table.insert(report.actions, { title = a.title, command = a.command or vim.NIL, has_edit = a.edit ~= nil, code = d.code })
      end
    end
  end

  -- Code lenses through Neovim's own codelens module (it resolves the titles).
  vim.lsp.codelens.refresh()
  wait_for('code lenses', function()
    local lenses = vim.lsp.codelens.get(buf)
    if #lenses == 0 then return false end
    for _, l in ipairs(lenses) do
      if not l.command then return false end
    end
    return true
  end)
  report.lenses = vim.tbl_map(function(l) return { line = l.range.start.line, title = l.command.title, command = l.command.command } end, vim.lsp.codelens.get(buf))

  -- Apply the quick fix the plan names, as Neovim applies a code action's edit.
  local fix_diag
  for _, d in ipairs(vim.lsp.diagnostic.get_line_diagnostics(buf, plan.fix.line)) do
    if d.code == plan.fix.code then fix_diag = d end
  end
  local fix
  for _, a in ipairs(fix_diag and actions_on(fix_diag) or {}) do
    if a.title == plan.fix.title then fix = a end
  end
  report.fix_found = fix ~= nil
  if fix then
    vim.lsp.util.apply_workspace_edit(fix.edit, client.offset_encoding)
    wait_for('diagnostics after the fix', settled)
    report.after_fix = { diagnostics = diagnostics(buf), lines = vim.api.nvim_buf_get_lines(buf, 0, -1, false) }
  end

  report.syntax = vim.bo[buf].syntax -- set in a scheduled callback: read last
  local log = vim.lsp.get_log_path()
  report.log = vim.fn.filereadable(log) == 1 and vim.fn.readfile(log) or {}
  finish(report)
end

vim.api.nvim_create_autocmd('VimEnter', {
  callback = function()
    local ok, err = pcall(run)
    if not ok then
      finish({ error = tostring(err) })
    end
  end,
})
