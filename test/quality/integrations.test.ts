// Where users run mfa-warden: the GitHub Action (action.yml), the pre-commit hooks (.pre-commit-hooks.yaml)
// and the container image (Dockerfile, .dockerignore). Each file is checked for its structure, then run the way
// its host runs it: the action's scan step as GitHub runs a bash step, each hook's entry with the files
// pre-commit would pick, and the image with Docker, when a Docker daemon is reachable.
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { CLI, ROOT } from '../support/runCli.js';

const read = (file: string) => readFileSync(join(ROOT, file), 'utf8');

const temporary: string[] = [];
/** A new temporary directory, removed after the tests. */
function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  temporary.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of temporary) rmSync(dir, { recursive: true, force: true });
});

// ---------------------------------------------------------------------------------------------- action.yml

interface ActionStep {
  name?: string;
  id?: string;
  uses?: string;
  run?: string;
  shell?: string;
  if?: string;
  env?: Record<string, string>;
  with?: Record<string, unknown>;
}

interface Action {
  name: string;
  description: string;
  inputs: Record<string, { description: string; default?: string; required?: boolean }>;
  outputs: Record<string, { value: string }>;
  runs: { using: string; steps: ActionStep[] };
}

const action = parse(read('action.yml')) as Action;
const steps = action.runs.steps;
const scanStep = steps.find((step) => step.id === 'scan') as ActionStep;

/** `${{ inputs.NAME }}` references, as GitHub expressions spell them. */
const inputRefs = (text: string) => [...text.matchAll(/\$\{\{\s*inputs\.([\w-]+)\s*\}\}/g)].map((m) => m[1]);

interface StepRun {
  code: number;
  stdout: string;
  stderr: string;
  workspace: string;
  summary: string;
  outputs: Record<string, string>;
}

/**
 * Runs the scan step's script as GitHub runs a `shell: bash` step (bash --noprofile --norc -eo pipefail FILE)
 * in a workspace holding a copy of examples/terraform, with the step's env: each `${{ inputs.X }}` replaced by
 * the input's value (its default unless given), and the variables the runner sets.
 */
function runScanStep(inputs: Record<string, string> = {}): StepRun {
  const workspace = tempDir('mfa-warden-action-');
  cpSync(join(ROOT, 'examples/terraform'), workspace, { recursive: true });
  const runnerTemp = tempDir('mfa-warden-runner-');
  const summaryFile = join(runnerTemp, 'step-summary.md');
  const outputFile = join(runnerTemp, 'output');
  writeFileSync(summaryFile, '# An earlier step\n\n');
  writeFileSync(outputFile, '');
  const value = (name: string) => inputs[name] ?? action.inputs[name]?.default ?? '';
  const stepEnv = Object.fromEntries(
    Object.entries(scanStep.env ?? {}).map(([key, expression]) => [
      key,
      expression.replace(/\$\{\{\s*inputs\.([\w-]+)\s*\}\}/g, (_, name: string) => value(name)),
    ]),
  );
  const script = join(runnerTemp, 'step.sh');
  writeFileSync(script, scanStep.run ?? '');
  const result = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', script], {
    cwd: workspace,
    encoding: 'utf8',
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      GITHUB_ACTION_PATH: ROOT,
      GITHUB_WORKSPACE: workspace,
      GITHUB_STEP_SUMMARY: summaryFile,
      GITHUB_OUTPUT: outputFile,
      RUNNER_TEMP: runnerTemp,
      ...stepEnv,
    },
  });
  const outputs = Object.fromEntries(
    readFileSync(outputFile, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
  );
  return {
    code: result.status ?? -1,
    stdout: result.stdout,
    stderr: result.stderr,
    workspace,
    summary: readFileSync(summaryFile, 'utf8'),
    outputs,
  };
}

interface Sarif {
  version: string;
  runs: {
    results: { ruleId: string; locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[];
  }[];
}

const sarifUris = (sarif: Sarif) =>
  sarif.runs.flatMap((run) =>
    run.results.flatMap((r) => r.locations.map((l) => l.physicalLocation.artifactLocation.uri)),
  );

describe('action.yml', () => {
  it('is a composite action with the documented inputs and defaults', () => {
    expect(action.runs.using).toBe('composite');
    const defaults = Object.fromEntries(
      Object.entries(action.inputs).map(([name, input]) => [name, input.default]),
    );
    expect(defaults).toMatchObject({
      command: 'scan terraform',
      args: '.',
      'sarif-file': 'mfa-warden.sarif',
      'fail-on': 'high',
      'upload-sarif': 'true',
    });
    for (const input of Object.values(action.inputs)) expect(input.description.length).toBeGreaterThan(10);
  });

  it('sets up Node 20, builds mfa-warden in its own checkout, scans, then uploads the SARIF', () => {
    const [setup, install, scan, upload] = steps;
    expect(steps).toHaveLength(4);
    expect(setup?.uses).toMatch(/^actions\/setup-node@v\d+$/);
    expect(String(setup?.with?.['node-version'])).toBe('20');
    expect(install?.run).toMatch(/cd "\$GITHUB_ACTION_PATH"\n/);
    expect(install?.run).toMatch(/^npm ci\b/m);
    expect(install?.run).toMatch(/^npm run build$/m);
    expect(scan).toBe(scanStep);
    expect(scan?.run).toContain('node "$GITHUB_ACTION_PATH/dist/cli/main.js"');
    expect(scan?.run).toContain('--format sarif,markdown --output-dir');
    expect(upload?.uses).toBe('github/codeql-action/upload-sarif@v3');
    expect(upload?.with?.sarif_file).toBe('${{ steps.scan.outputs.sarif-file }}');
    // always(): the scan exits 1 when it finds problems, and those are what must reach code scanning.
    expect(upload?.if).toMatch(/^always\(\) && /);
    expect(upload?.if).toContain("inputs.upload-sarif == 'true'");
    for (const step of steps.filter((s) => s.run !== undefined)) expect(step.shell).toBe('bash');
  });

  it('passes inputs to scripts only through the environment', () => {
    for (const step of steps) expect(step.run ?? '').not.toContain('${{');
    const used = Object.values(scanStep.env ?? {}).flatMap(inputRefs);
    expect(new Set(used)).toEqual(new Set(['command', 'args', 'sarif-file', 'fail-on', 'category']));
    for (const name of used) expect(action.inputs).toHaveProperty([name as string]);
    for (const output of Object.values(action.outputs))
      expect(output.value).toMatch(/steps\.scan\.outputs\./);
  });

  it('scan step, defaults: writes the SARIF, appends the summary, and fails on high findings', () => {
    const run = runScanStep();
    expect(run.stderr).toBe('');
    expect(run.code).toBe(1);
    const sarif = JSON.parse(readFileSync(join(run.workspace, 'mfa-warden.sarif'), 'utf8')) as Sarif;
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.runs[0]?.results.map((r) => r.ruleId)).toContain('console-user-mfa-enforced');
    // Locations relative to the workspace, as code scanning resolves them against the repository.
    expect(sarifUris(sarif)).toContain('realistic/main.tf');
    expect(run.summary.startsWith('# An earlier step\n\n')).toBe(true);
    expect(run.summary).toMatch(
      /^## .*mfa-warden: terraform realistic, seed-insecure, seed-secure: \d+ failed/m,
    );
    expect(run.summary).toContain('console-user-mfa-enforced');
    expect(run.outputs).toEqual({
      'sarif-file': 'mfa-warden.sarif',
      'exit-code': '1',
      category: 'mfa-warden/scan-terraform',
    });
  });

  it('scan step: fail-on and multi-line args reach the CLI as separate arguments', () => {
    const run = runScanStep({
      args: 'realistic\nseed-secure\n',
      'fail-on': 'critical',
      'sarif-file': 'out/x.sarif',
    });
    expect(run.code).toBe(0);
    const sarif = JSON.parse(readFileSync(join(run.workspace, 'out/x.sarif'), 'utf8')) as Sarif;
    const dirs = new Set(sarifUris(sarif).map((uri) => uri.split('/')[0]));
    expect(dirs).toEqual(new Set(['realistic', 'seed-secure']));
    expect(run.outputs['exit-code']).toBe('0');
  });

  it('scan step: input text is never run or expanded by the shell', () => {
    // Were `*` expanded, it would name the example modules and a report would be written; were $() or
    // backticks run, the files would exist. Literal words are paths that do not exist: exit 2, no report.
    const run = runScanStep({ args: '$(touch pwned) `touch pwned2` * ~ "$HOME"' });
    expect(run.stderr).toContain('mfa-warden: error: *: cannot read');
    for (const file of ['pwned', 'pwned)', 'pwned2'])
      expect(existsSync(join(run.workspace, file))).toBe(false);
    expect(run.code).toBe(2);
    expect(run.outputs['sarif-file']).toBe('');
    expect(existsSync(join(run.workspace, 'mfa-warden.sarif'))).toBe(false);

    const command = runScanStep({ command: 'scan terraform;touch pwned3' });
    expect(existsSync(join(command.workspace, 'pwned3'))).toBe(false);
    expect(command.code).toBe(2);
  });
});

// ------------------------------------------------------------------------------------ .pre-commit-hooks.yaml

interface Hook {
  id: string;
  name: string;
  entry: string;
  language: string;
  files: string;
  exclude?: string;
  pass_filenames?: boolean;
  require_serial?: boolean;
  args?: string[];
  minimum_pre_commit_version?: string;
}

const hooks = parse(read('.pre-commit-hooks.yaml')) as Hook[];
const hook = (id: string) => hooks.find((h) => h.id === id) as Hook;

/** pre-commit's selection: `files` and `exclude` are Python regexes applied with re.search to the path. */
function selects(h: Hook, path: string): boolean {
  return new RegExp(h.files).test(path) && !(h.exclude !== undefined && new RegExp(h.exclude).test(path));
}

/**
 * How pre-commit runs a hook: entry, then args, then (with pass_filenames) the files. The entry script is
 * replaced by the CLI it starts (it would build this checkout first; the try-repo test below runs it for real).
 */
function runHook(h: Hook, files: string[], cwd: string): { code: number; stdout: string; stderr: string } {
  const [bin, ...entryArgs] = h.entry.split(' ');
  expect(bin).toBe('scripts/pre-commit-hook.mjs');
  const argv = [...entryArgs, ...(h.args ?? []), ...(h.pass_filenames === false ? [] : files)];
  const result = spawnSync(process.execPath, [CLI, ...argv], { cwd, encoding: 'utf8' });
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

describe('.pre-commit-hooks.yaml', () => {
  it('declares script hooks whose entry builds and starts the CLI', () => {
    expect(hooks.map((h) => h.id)).toEqual(['mfa-warden-terraform', 'mfa-warden-cloudformation']);
    for (const h of hooks) {
      // Not `node`: pre-commit 4 would `npm install -g git+file://`, which cannot build us (npm/cli#8440).
      expect(h.language).toBe('script');
      expect(h.require_serial).toBe(true);
      expect(h.minimum_pre_commit_version).toBeUndefined();
      expect(h.entry).toMatch(/^scripts\/pre-commit-hook\.mjs scan (terraform|cloudformation)\b/);
    }
    const script = join(ROOT, 'scripts/pre-commit-hook.mjs');
    expect(statSync(script).mode & 0o111).not.toBe(0);
    expect(read('scripts/pre-commit-hook.mjs').startsWith('#!/usr/bin/env node\n')).toBe(true);
  });

  it('terraform: any Terraform or variables file triggers it, nothing else', () => {
    const h = hook('mfa-warden-terraform');
    for (const path of ['main.tf', 'infra/iam.tf.json', 'envs/prod/terraform.tfvars', 'x.auto.tfvars.json'])
      expect(selects(h, path), path).toBe(true);
    for (const path of ['main.tf.bak', 'README.md', '.terraform.lock.hcl', 'plan.json', 'tf/notes.txt'])
      expect(selects(h, path), path).toBe(false);
  });

  it('terraform: scans whole root modules, because the changed files alone give wrong verdicts', () => {
    const h = hook('mfa-warden-terraform');
    expect(h.pass_filenames).toBe(false);
    const repo = tempDir('mfa-warden-precommit-');
    cpSync(join(ROOT, 'examples/terraform/realistic'), join(repo, 'infra'), { recursive: true });
    const changed = ['infra/modules/team/main.tf'];
    expect(changed.every((file) => selects(h, file))).toBe(true);
    const hookRun = runHook(h, changed, repo);
    // dave is a console user in a group without MFA enforcement: a real failure of the module.
    expect(hookRun.code).toBe(1);
    expect(hookRun.stdout).toMatch(/FAIL +dave /);
    // What pass_filenames: true would have done: the child module alone cannot see its inputs.
    const filesOnly = spawnSync(process.execPath, [CLI, 'scan', 'terraform', ...changed], {
      cwd: repo,
      encoding: 'utf8',
    });
    expect(filesOnly.stdout).not.toMatch(/FAIL +dave /);
    expect(filesOnly.stdout).toMatch(/UNKNOWN/);
  });

  it('cloudformation: picks templates by their usual places and names, not other YAML or JSON', () => {
    const h = hook('mfa-warden-cloudformation');
    expect(h.pass_filenames).not.toBe(false);
    for (const path of [
      'deploy/cloudformation/mfa-warden.yaml',
      'infra/cfn/iam.json',
      'cloudformation/stacks/iam.yml',
      'stack.template',
      'iam.template.yaml',
      'iam.template.json',
      'iam.cfn.yml',
      'template.yaml',
      'sam-app/template.yml',
    ])
      expect(selects(h, path), path).toBe(true);
    for (const path of [
      '.github/workflows/ci.yml',
      '.github/cloudformation/x.yml',
      'docker-compose.yml',
      'charts/app/templates/deployment.yaml',
      '.pre-commit-config.yaml',
      'package.json',
      'mfa-warden.yaml',
      'k8s/deploy.yaml',
      'node_modules/pkg/cloudformation/a.yaml',
      'cdk.out/Stack.template.json',
      'cloudformation/README.md',
    ])
      expect(selects(h, path), path).toBe(false);
  });

  it("cloudformation: on this repository's files it picks only templates, and scans them", () => {
    const h = hook('mfa-warden-cloudformation');
    const tracked = execFileSync('git', ['ls-files'], { cwd: ROOT, encoding: 'utf8' }).split('\n');
    const picked = tracked.filter((file) => selects(h, file));
    expect(picked).toContain('deploy/cloudformation/mfa-warden.yaml');
    expect(picked).toContain('examples/cloudformation/mfa-groups.yaml');
    for (const other of ['examples/mfa-warden.yaml', 'package.json', '.prettierrc.json'])
      expect(picked).not.toContain(other);
    expect(picked.filter((file) => /^test\/fixtures\/(cloudtrail|export)\//.test(file))).toEqual([]);
    const run = runHook(h, picked, ROOT);
    expect(run.stderr).toBe('');
    // Findings (exit 1) are expected in the fixtures; a file that is no template would make it exit 2.
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(new RegExp(`cloudformation .*: \\d+ results`));
  });

  it('cloudformation: run as pre-commit runs it on changed files, a clean template passes', () => {
    const h = hook('mfa-warden-cloudformation');
    const repo = tempDir('mfa-warden-precommit-');
    cpSync(
      join(ROOT, 'test/fixtures/cloudformation/group-inline-boolifexists.pass.yaml'),
      join(repo, 'iam.template.yaml'),
    );
    cpSync(
      join(ROOT, 'test/fixtures/cloudformation/group-inline-bool.fail.yaml'),
      join(repo, 'weak.cfn.yaml'),
    );
    expect(runHook(h, ['iam.template.yaml'], repo).code).toBe(0);
    const failing = runHook(h, ['iam.template.yaml', 'weak.cfn.yaml'], repo);
    expect(failing.code).toBe(1);
    expect(failing.stdout).toContain('weak.cfn.yaml');
  });
});

const hasPreCommit = spawnSync('pre-commit', ['--version'], { stdio: 'ignore' }).status === 0;

describe('installing from a Git checkout: prepare, and pre-commit', () => {
  it('has a prepare script that builds dist/ and prints nothing on stdout', () => {
    const scripts = (JSON.parse(read('package.json')) as { scripts: Record<string, string> }).scripts;
    expect(scripts.prepare).toBe('node scripts/prepare.mjs');
    // `npm pack` prints the tarball's name on stdout: prepare must not add to it.
    const run = spawnSync(process.execPath, ['scripts/prepare.mjs'], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, MFA_WARDEN_SKIP_PREPARE: '1' },
    });
    expect(run.status).toBe(0);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('skipped');
  });

  it.skipIf(!hasPreCommit)(
    `pre-commit try-repo installs both hooks and runs them${hasPreCommit ? '' : ' (skipped: pre-commit is not installed)'}`,
    () => {
      const repo = tempDir('mfa-warden-precommit-repo-');
      const home = tempDir('mfa-warden-precommit-home-');
      cpSync(join(ROOT, 'examples/terraform/seed-insecure'), join(repo, 'infra'), { recursive: true });
      cpSync(
        join(ROOT, 'test/fixtures/cloudformation/group-inline-bool.fail.yaml'),
        join(repo, 'cfn/iam.yaml'),
        { recursive: true },
      );
      writeFileSync(join(repo, 'notes.yaml'), 'not: [a, template\n');
      const git = (...args: string[]) =>
        execFileSync('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=t', ...args], { cwd: repo });
      git('init', '-q');
      git('add', '-A');
      git('commit', '-qm', 'init');
      const run = spawnSync('pre-commit', ['try-repo', ROOT, '--all-files', '--color', 'never'], {
        cwd: repo,
        encoding: 'utf8',
        env: { ...process.env, PRE_COMMIT_HOME: home },
        timeout: 300_000,
      });
      const output = `${run.stdout}${run.stderr}`;
      // Both hooks ran (the first one built mfa-warden in pre-commit's clone); both find failures.
      expect(output).toMatch(/mfa-warden scan terraform\.+Failed/);
      expect(output).toMatch(/mfa-warden scan cloudformation\.+Failed/);
      expect(output).toMatch(/FAIL +(support|developers) /);
      expect(output).toContain('cfn/iam.yaml');
      // A broken YAML file that is not a template was not fed to the CloudFormation hook (it would exit 2).
      expect(output).not.toContain('notes.yaml');
      expect(output).not.toMatch(/exit code: 2/);
      expect(run.status).toBe(1);
    },
    330_000,
  );
});

// ------------------------------------------------------------------------------------ Dockerfile, .dockerignore

const dockerfile = read('Dockerfile');
/** Instructions with continuation lines joined and comments dropped. */
const instructions = dockerfile
  .replace(/\\\n/g, ' ')
  .split('\n')
  .map((line) => line.trim())
  .filter((line) => line && !line.startsWith('#'));
const withKeyword = (keyword: string) =>
  instructions
    .filter((line) => line.toUpperCase().startsWith(`${keyword} `))
    .map((line) => line.slice(keyword.length + 1));

/** .dockerignore as Docker applies it: the last pattern matching the path or one of its parents decides. */
function dockerIgnores(path: string): boolean {
  const patterns = read('.dockerignore')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'));
  const parts = path.split('/');
  const candidates = parts.map((_, i) => parts.slice(0, i + 1).join('/'));
  let ignored = false;
  for (const raw of patterns) {
    const exception = raw.startsWith('!');
    const pattern = (exception ? raw.slice(1) : raw).replace(/\/+$/, '');
    const source = pattern
      .split('/')
      .map((segment) =>
        segment === '**'
          ? '.*'
          : segment
              .replace(/[.+^${}()|[\]\\]/g, '\\$&')
              .replace(/\*/g, '[^/]*')
              .replace(/\?/g, '[^/]'),
      )
      .join('/')
      .replace(/\.\*\//g, '(?:.*/)?');
    const regex = new RegExp(`^${source}$`);
    if (candidates.some((candidate) => regex.test(candidate))) ignored = !exception;
  }
  return ignored;
}

const hasDocker = spawnSync('docker', ['info'], { stdio: 'ignore', timeout: 15_000 }).status === 0;

describe('Dockerfile', () => {
  it('builds in stages from a pinned node:20 base, runs as a non-root user, and fetches nothing itself', () => {
    const bases = withKeyword('FROM').map((from) => from.split(/\s+/)[0] ?? '');
    expect(bases.length).toBeGreaterThanOrEqual(2);
    for (const base of bases) {
      expect(base).toMatch(/^node:20[\w.-]*-slim$/);
      expect(base).not.toMatch(/:latest$/);
      // No registry host before the image name: the default registry, as for npm.
      if (base.includes('/')) expect(base.split('/')[0]).not.toMatch(/[.:]|^localhost$/);
    }
    const users = withKeyword('USER');
    expect(users.at(-1)).toBe('node');
    expect(dockerfile.indexOf('USER node')).toBeLessThan(dockerfile.indexOf('ENTRYPOINT'));
    expect(withKeyword('ENTRYPOINT')).toEqual(['["node", "/app/dist/cli/main.js"]']);
    expect(withKeyword('WORKDIR').at(-1)).toBe('/work');
    expect(dockerfile).not.toMatch(/\b(curl|wget)\b[^\n]*\|\s*(ba|z|da)?sh\b/);
    expect(withKeyword('ADD')).toEqual([]);
    expect(dockerfile).not.toContain('://');
    expect(dockerfile).not.toMatch(/--registry|registry\s*=/);
    expect(withKeyword('RUN').some((run) => run.startsWith('npm ci --omit=dev'))).toBe(true);
    expect(withKeyword('RUN')).toContain('npm run build');
    // The runtime stage gets production node_modules and the build's dist and data, nothing from the context
    // but package.json (read for the version) and the licence.
    const finalStage = dockerfile.slice(dockerfile.lastIndexOf('\nFROM '));
    expect(finalStage).toMatch(/COPY --from=production-dependencies \/app\/node_modules /);
    expect(finalStage).toMatch(/COPY --from=build \/app\/dist /);
    expect(finalStage).toMatch(/COPY --from=build \/app\/data /);
  });

  it('.dockerignore sends what the build copies and nothing else', () => {
    const copied = withKeyword('COPY')
      .filter((copy) => !copy.startsWith('--from='))
      .flatMap((copy) => copy.split(/\s+/).slice(0, -1));
    expect(copied).toContain('src');
    for (const path of [...copied, 'src/cli/main.ts', 'src/checks/index.ts'])
      expect(dockerIgnores(path), path).toBe(false);
    for (const path of [
      'node_modules/commander/index.js',
      '.git/HEAD',
      'dist/cli/main.js',
      'data/aws-managed-policies.json',
      'test/cli/explain.test.ts',
      'test-output/report.sarif',
      'src/checks/index.test.ts',
      '.env',
      'coverage/index.html',
      'examples/terraform/realistic/main.tf',
    ])
      expect(dockerIgnores(path), path).toBe(true);
  });

  it.skipIf(!hasDocker)(
    `builds and runs the image${hasDocker ? '' : ' (skipped: no Docker daemon reachable: `docker info` failed)'}`,
    (ctx) => {
      const base = withKeyword('FROM')[0]?.split(/\s+/)[0] ?? '';
      const pulled = spawnSync('docker', ['pull', base], { stdio: 'ignore', timeout: 300_000 }).status === 0;
      if (!pulled) ctx.skip(`the base image ${base} could not be pulled`);
      const image = `mfa-warden-test:${process.pid}`;
      try {
        execFileSync('docker', ['build', '-t', image, '.'], { cwd: ROOT, stdio: 'pipe', timeout: 900_000 });
        const version = (JSON.parse(read('package.json')) as { version: string }).version;
        const docker = (...args: string[]) =>
          spawnSync('docker', ['run', '--rm', ...args], { encoding: 'utf8' });
        const versionRun = docker(image, '--version');
        expect(versionRun.status).toBe(0);
        expect(versionRun.stdout).toMatch(
          new RegExp(`^${version.replace(/\./g, '\\.')} \\(AWS managed policies snapshot `),
        );
        const uid = docker('--entrypoint', 'id', image, '-u');
        expect(uid.stdout.trim()).not.toBe('0');
        const scan = docker(
          '-v',
          `${join(ROOT, 'examples/terraform')}:/work:ro`,
          image,
          'scan',
          'terraform',
          '/work',
        );
        expect(scan.status).toBe(1);
        expect(scan.stdout).toMatch(/FAIL +dave /);
      } finally {
        spawnSync('docker', ['rmi', '-f', image], { stdio: 'ignore' });
      }
    },
    1_200_000,
  );
});
