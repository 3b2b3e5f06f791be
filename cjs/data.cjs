// CommonJS entry of `wasmprop/data` (see load.cjs): the ES module itself where Node can require() it.
'use strict';
module.exports = require('./load.cjs')('../dist/data/index.js', 'wasmprop/data');
