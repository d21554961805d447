// SWC options shared by the API build and Jest: decorators with metadata (NestJS injection),
// CommonJS output, and the workspace path aliases of tsconfig.base.json.
const { resolve } = require('node:path');
const root = resolve(__dirname, '..');
const { compilerOptions } = require(resolve(root, 'tsconfig.base.json'));

module.exports = function swcOptions() {
  return {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
      keepClassNames: true,
      baseUrl: root,
      paths: compilerOptions.paths,
    },
    module: { type: 'commonjs' },
    sourceMaps: true,
  };
};
