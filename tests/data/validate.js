// validate.js - checks the open data of a built site against its own
// JSON Schemas (api/v1/*.schema.json) with ajv, a real validator.
// usage: node tests/data/validate.js SITE_DIR
// Prints one line per file that fails, then "validated N files, M invalid".
'use strict';
const fs = require('fs');
const path = require('path');
const Ajv2020 = require('ajv/dist/2020');

const site = process.argv[2];
const api = path.join(site, 'api', 'v1');
const read = (f) => JSON.parse(fs.readFileSync(f, 'utf8'));
const ajv = new Ajv2020({ strict: true, allErrors: true });
ajv.addSchema(read(path.join(api, 'catalog.schema.json')));
ajv.addSchema(read(path.join(api, 'product.schema.json')));
const catalog = ajv.getSchema('urn:ocop:api:v1:catalog');
const product = ajv.getSchema('urn:ocop:api:v1:product');

let n = 0, bad = 0;
function check(validate, file) {
  n++;
  if (!validate(read(file))) {
    bad++;
    console.log(`${file}: ${ajv.errorsText(validate.errors)}`);
  }
}
check(catalog, path.join(api, 'catalog.json'));
const dir = path.join(api, 'products');
for (const f of fs.readdirSync(dir).sort())
  check(product, path.join(dir, f));
console.log(`validated ${n} files, ${bad} invalid`);
process.exit(bad ? 1 : 0);
