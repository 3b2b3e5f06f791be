// CommonJS entry of `wasmprop` (see load.cjs): the ES module itself where Node can require() it.
'use strict';
module.exports = require('./load.cjs')('../dist/index.js', 'wasmprop');
