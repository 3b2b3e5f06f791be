// CommonJS entry of `wasmprop/onnx` (see load.cjs): the ES module itself where Node can require() it.
'use strict';
module.exports = require('./load.cjs')('../dist/model/onnx-entry.js', 'wasmprop/onnx');
