// CommonJS entry of `wasmprop/csv` (see load.cjs): the ES module itself where Node can require() it.
'use strict';
module.exports = require('./load.cjs')('../dist/data/entry-csv.js', 'wasmprop/csv');
