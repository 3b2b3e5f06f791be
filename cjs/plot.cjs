// CommonJS entry of `wasmprop/plot` (see load.cjs): the ES module itself where Node can require() it.
'use strict';
module.exports = require('./load.cjs')('../dist/plot/curves.js', 'wasmprop/plot');
