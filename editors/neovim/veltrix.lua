-- Veltrix pipelines in Neovim: put this file in ~/.config/nvim/plugin/ (or
-- require it from init.lua). Needs `veltrix-language-server` on PATH (see
-- docs/editor.md), or set vim.g.veltrix_server_cmd first, e.g.
-- { 'node', '/path/to/veltrix-pipelines/dist/server.js', '--stdio' }.
-- Neovim 0.11+ uses vim.lsp.config; 0.8 to 0.10 vim.lsp.start; 0.7 (Debian
-- bookworm) vim.lsp.start_client. test/editors/neovim.test.ts runs this very
-- file in the Neovim it finds.
local cmd = vim.g.veltrix_server_cmd or { 'veltrix-language-server', '--stdio' }
local root_markers = { '.veltrix-lint.yaml', '.git' }
local init_options = { trusted = true }
local settings = { veltrix = { enable = true, rules = {}, model = { enabled = true } } }

-- *.veltrix.yaml is YAML by its extension: these patterns win over it. On
-- 0.7 vim.filetype.add works only with vim.g.do_filetype_lua = 1 set in
-- init.lua (before the filetype detection loads, so not from plugin/): an
-- autocommand, which runs after the YAML one, does it there instead.
if vim.fn.has('nvim-0.8') == 1 then
  vim.filetype.add({
    pattern = {
      ['.*%.veltrix%.ya?ml'] = 'veltrix',
      ['.*%.veltrix%-test%.ya?ml'] = 'veltrix',
    },
  })
else
  vim.api.nvim_create_autocmd({ 'BufRead', 'BufNewFile' }, {
    pattern = { '*.veltrix.yaml', '*.veltrix.yml', '*.veltrix-test.yaml', '*.veltrix-test.yml' },
    command = 'set filetype=veltrix',
  })
end

if vim.lsp.config then
  vim.lsp.config('veltrix', {
    cmd = cmd,
    filetypes = { 'veltrix' },
    root_markers = root_markers,
    init_options = init_options,
    settings = settings,
  })
  vim.lsp.enable('veltrix')
else
  -- The folder of the nearest root marker above the file, else the file's folder.
  local function root_of(file)
    local dir = vim.fn.fnamemodify(file, ':p:h')
    for _, marker in ipairs(root_markers) do
      local found = vim.fn.findfile(marker, dir .. ';')
      if found == '' then
        found = vim.fn.finddir(marker, dir .. ';')
      end
      if found ~= '' then
        return vim.fn.fnamemodify(vim.fn.fnamemodify(found, ':p'):gsub('/$', ''), ':h')
      end
    end
    return dir
  end
  local clients = {} -- 0.7: one client per root, shared by its buffers
  vim.api.nvim_create_autocmd('FileType', {
    pattern = 'veltrix',
    callback = function(args)
      local config = {
        name = 'veltrix',
        cmd = cmd,
        root_dir = root_of(args.file),
        init_options = init_options,
        settings = settings,
      }
      if vim.lsp.start then
        vim.lsp.start(config)
      else
        local id = clients[config.root_dir]
        if not id or not vim.lsp.get_client_by_id(id) then
          id = vim.lsp.start_client(config)
          clients[config.root_dir] = id
        end
        vim.lsp.buf_attach_client(args.buf, id)
      end
    end,
  })
end

-- Highlighting: the YAML tree-sitter parser when it is installed (Neovim does
-- not ship it: :TSInstall yaml with nvim-treesitter; 0.9+), else Vim's YAML syntax.
if vim.treesitter.language.register then
  vim.treesitter.language.register('yaml', 'veltrix')
end
vim.api.nvim_create_autocmd('FileType', {
  pattern = 'veltrix',
  callback = function(args)
    local buf = args.buf
    vim.bo[buf].shiftwidth = 2
    vim.bo[buf].expandtab = true
    vim.bo[buf].commentstring = '# %s'
    if vim.treesitter.start and pcall(vim.treesitter.start, buf, 'yaml') then
      return
    end
    -- Scheduled: `:syntax on` has a FileType autocommand of its own that sets
    -- syntax=veltrix (there is no such syntax file), maybe after this one.
    vim.schedule(function()
      if vim.api.nvim_buf_is_valid(buf) then
        vim.bo[buf].syntax = 'yaml'
      end
    end)
  end,
})
