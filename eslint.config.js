// ESLint: typescript-eslint's type-checked recommended rules over every TypeScript file, and the
// layering of src/ (which folder may import which), checked with no-restricted-imports.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/**
 * The layers of src/, lowest first: each folder lists every folder it may import (besides its own
 * files and the shared leaves errors.ts, config.ts, log.ts, terminal.ts, which import no folder).
 * A list only names folders earlier in this table, so folder imports can form no cycle:
 *   corpus, lexical ← arxiv, embed ← index ← search ← answer ← calibrate, digest ← discord ← cli
 * cli/ holds every entry point, the bot's (cli/start.ts) included. Nothing in src/ imports scripts/ or test/. Moving a folder up or down is one edit here
 * (and the README's Architecture section).
 */
const LAYERS = {
  corpus: [],
  lexical: [],
  arxiv: ['corpus'],
  embed: ['corpus'],
  index: ['corpus', 'lexical', 'embed'],
  search: ['corpus', 'lexical', 'embed', 'index'],
  answer: ['corpus', 'lexical', 'embed', 'index', 'search'],
  calibrate: ['corpus', 'lexical', 'embed', 'index', 'search', 'answer'],
  digest: ['corpus', 'lexical', 'embed', 'index', 'search', 'answer'],
  discord: ['corpus', 'lexical', 'arxiv', 'embed', 'index', 'search', 'answer', 'digest'],
  cli: ['corpus', 'lexical', 'arxiv', 'embed', 'index', 'search', 'answer', 'calibrate', 'digest', 'discord'],
};
const FOLDERS = Object.keys(LAYERS);
const LEAVES = ['src/errors.ts', 'src/config.ts', 'src/log.ts', 'src/terminal.ts'];
const OUTSIDE_SRC = [
  { group: ['**/scripts/**', '**/test/**'], message: 'src/ never imports scripts/ or test/: move what both need into src/.' },
];

function layerRule(from, forbidden) {
  const patterns = forbidden.map((to) => ({
    group: [`**/${to}/**`],
    message: `${from} may not import src/${to}/: layers point down (see LAYERS in eslint.config.js).`,
  }));
  return { 'no-restricted-imports': ['error', { patterns: [...patterns, ...OUTSIDE_SRC] }] };
}

const layering = [
  ...FOLDERS.map((folder) => ({
    files: [`src/${folder}/**/*.ts`],
    rules: layerRule(
      `src/${folder}/`,
      FOLDERS.filter((to) => to !== folder && !LAYERS[folder].includes(to)),
    ),
  })),
  { files: LEAVES, rules: layerRule('a shared leaf (errors, config, log, terminal)', FOLDERS) },
  // config.ts checks ARXIV_CATEGORIES against arXiv's taxonomy, a module that imports nothing.
  {
    files: ['src/config.ts'],
    rules: layerRule(
      'config.ts',
      FOLDERS.filter((to) => to !== 'arxiv'),
    ),
  },
  // Dev tools (benchmarks, evaluation, the loopback Discord) are what tests build on, never the other way.
  {
    files: ['scripts/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['**/test/**'], message: 'scripts/ never imports test/: shared dev support lives in scripts/support/.' }] },
      ],
    },
  },
];

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'index/', 'data/', 'test/fixtures/'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
  },
  // This file is the only JavaScript: no TypeScript program covers it, so type-aware rules are off for it
  // (typescript-eslint's documented setup for config files).
  { files: ['**/*.js'], ...tseslint.configs.disableTypeChecked },
  {
    rules: {
      // `const { dropped: _dropped, ...kept } = x` is how the code omits a field.
      '@typescript-eslint/no-unused-vars': ['error', { ignoreRestSiblings: true, argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['test/**/*.ts'],
    rules: {
      // Test doubles stand in for async interfaces (Discord replies, digest sends) with bodies that
      // finish at once; `async` is the shortest faithful stand-in, so the rule is off for tests only.
      '@typescript-eslint/require-await': 'off',
    },
  },
  ...layering,
);
