-- Veltrix pipelines in Neovim 0.11+: put this file in ~/.config/nvim/plugin/
-- (or require it from init.lua). Needs `veltrix-language-server` on PATH
-- (see docs/editor.md) or change `cmd` to { 'node', '/path/to/dist/server.js', '--stdio' }.
vim.filetype.add({ pattern = { ['.*%.veltrix%.ya?ml'] = 'veltrix' } })

vim.lsp.config('veltrix', {
  cmd = { 'veltrix-language-server', '--stdio' },
  filetypes = { 'veltrix' },
  root_markers = { '.veltrix-lint.yaml', '.git' },
  init_options = { trusted = true },
  settings = { veltrix = { enable = true, rules = {}, model = { enabled = true } } },
})
vim.lsp.enable('veltrix')

-- Highlighting: the YAML tree-sitter parser when it is installed (Neovim does
-- not ship it: :TSInstall yaml with nvim-treesitter), else Vim's YAML syntax.
vim.treesitter.language.register('yaml', 'veltrix')
vim.api.nvim_create_autocmd('FileType', {
  pattern = 'veltrix',
  callback = function(args)
    if not pcall(vim.treesitter.start, args.buf, 'yaml') then
      vim.bo[args.buf].syntax = 'yaml'
    end
    vim.bo[args.buf].shiftwidth = 2
    vim.bo[args.buf].expandtab = true
    vim.bo[args.buf].commentstring = '# %s'
  end,
})
