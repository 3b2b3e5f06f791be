// The CommonJS side of wasmprop's entry points. wasmprop is written as ES modules; Node ≥ 20.19 /
// 22.12 can require() ES modules (process.features.require_module), and there each stub simply
// returns the ES module's namespace (the same module instance `import` gets: no dual-package copy).
// Older Node versions cannot, so the stub throws a message that says what to do instead of
// Node's "No exports main defined". Not a CommonJS build of the package.
'use strict';

/** Returns the ES module at `path` (relative to this folder) or throws the "ESM only" error. */
module.exports = function load(path, name) {
  if (!(process.features && process.features.require_module)) {
    const err = new Error(
      `${name} is ESM only: use \`import ... from '${name}'\` or \`await import('${name}')\`; ` +
        `require('${name}') works where Node can require() ES modules (Node >= 20.19 / 22.12, unless ` +
        `--no-experimental-require-module; this is Node ${process.versions.node})`,
    );
    err.code = 'ERR_WASMPROP_ESM_ONLY';
    throw err;
  }
  return require(path);
};
