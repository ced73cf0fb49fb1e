import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateOpenApiJson } from './generate';

const target = join(__dirname, '..', '..', 'openapi', 'openapi.json');

generateOpenApiJson().then(
  (json) => {
    writeFileSync(target, json);
    console.log(`wrote openapi/openapi.json (${json.length} bytes)`);
  },
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
