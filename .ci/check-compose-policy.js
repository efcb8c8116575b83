// Deployment policy of the compose files, beyond what dclint checks: every container has a memory limit and
// cannot gain privileges; the service's containers run read-only, without capabilities, with secrets from files
// (no password or pepper in the environment, no default password anywhere). Run by .ci/lint-docker.sh with the
// linters' node_modules on NODE_PATH. Exit code: the number of violations.
const fs = require('fs');
const YAML = require('yaml');

const files = process.argv.slice(2);
let violations = 0;
const fail = (file, what) => { console.error(`compose-policy: ${file}: ${what}`); violations++; };
const SECRET_SETTINGS = ['DATABASE_PASSWORD', 'API_KEY_PEPPER', 'MYSQL_PASSWORD', 'MYSQL_ROOT_PASSWORD'];

for (const file of files) {
  const text = fs.readFileSync(file, 'utf8');
  const doc = YAML.parse(text, { merge: true });
  for (const [name, service] of Object.entries(doc.services || {})) {
    const env = service.environment || {};
    const isService = String(service.image || '').startsWith('rpa-openapi') || service.build !== undefined
      || Object.prototype.hasOwnProperty.call(env, 'DATA_DIR');
    if (!service.mem_limit && !(service.deploy && service.deploy.resources && service.deploy.resources.limits
        && service.deploy.resources.limits.memory)) {
      fail(file, `${name} has no memory limit (mem_limit)`);
    }
    if (!(service.security_opt || []).some((o) => /^no-new-privileges(:true)?$/.test(o))) {
      fail(file, `${name} may gain privileges (security_opt: no-new-privileges:true)`);
    }
    for (const key of SECRET_SETTINGS) {
      if (Object.prototype.hasOwnProperty.call(env, key)) {
        fail(file, `${name} takes ${key} from the environment: use ${key}_FILE and a secret`);
      }
    }
    if (isService) {
      if (service.read_only !== true) fail(file, `${name} has a writable root filesystem (read_only: true)`);
      if (!(service.cap_drop || []).includes('ALL')) fail(file, `${name} keeps Linux capabilities (cap_drop: [ALL])`);
    }
  }
  // a default password in an interpolation, e.g. ${MYSQL_PASSWORD:-rpa}
  for (const match of text.matchAll(/\$\{(\w*(PASSWORD|PEPPER|SECRET)\w*):?-([^}]+)\}/g)) {
    fail(file, `\${${match[1]}} has a default value '${match[3]}'`);
  }
}
process.exit(violations);
