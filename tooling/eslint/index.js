import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/**
 * The workspace's lint rules for one package or app.
 * @param {string} tsconfigRootDir the package directory (pass `import.meta.dirname`)
 */
export function createConfig(tsconfigRootDir) {
  return tseslint.config(
    { ignores: ['dist/**', 'coverage/**', 'bench-results/**', 'test-artifacts/**'] },
    js.configs.recommended,
    ...tseslint.configs.strictTypeChecked,
    ...tseslint.configs.stylisticTypeChecked,
    {
      languageOptions: {
        parserOptions: { projectService: true, tsconfigRootDir },
      },
      linterOptions: { reportUnusedDisableDirectives: 'error' },
      rules: {
        '@typescript-eslint/consistent-type-imports': 'error',
        '@typescript-eslint/switch-exhaustiveness-check': 'error',
        '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
        eqeqeq: 'error',
        // Numeric kernels index typed arrays with loop-bounded indices; under
        // noUncheckedIndexedAccess each read is `number | undefined`, and `a[i]!` is the least
        // noisy correct spelling (the stylistic rules forbid the `as number` alternative).
        '@typescript-eslint/no-non-null-assertion': 'off',
      },
    },
    {
      // Plain JS config files are not part of any tsconfig project.
      files: ['**/*.js', '**/*.mjs'],
      ...tseslint.configs.disableTypeChecked,
    },
  );
}
