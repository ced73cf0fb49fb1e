'use strict';
// Lets jest run the SDK from its TypeScript sources: they import their siblings as './x.js'
// (what Node's ES module loader needs once compiled), which in src/ is './x.ts'.
const { sep } = require('node:path');

const SOURCES = `${sep}packages${sep}sdk${sep}src`;

module.exports = (request, options) => {
  if (request.startsWith('.') && request.endsWith('.js') && options.basedir.includes(SOURCES)) {
    return options.defaultResolver(`${request.slice(0, -3)}.ts`, options);
  }
  return options.defaultResolver(request, options);
};
