import { baseEnvironment, cliIn, requireBuiltCli, runCliProcess, temporaryDirectory } from './helpers/run-cli-process';
import { createTraceDatabase } from './helpers/trace-database';

// Each test runs the built CLI as child processes; a loaded machine needs more than Jest's default 5 s.
jest.setTimeout(60_000);

// eslint-disable-next-line no-control-regex -- ANSI colour sequences start with the ESC control character
const ANSI = /\u001b\[\d+m/;

beforeAll(requireBuiltCli);

describe('clearstone', () => {
  it('prints its version', async () => {
    const project = temporaryDirectory();
    const result = await cliIn(project)('--version');
    expect(result).toEqual({ code: 0, stdout: '0.1.0\n', stderr: '' });
  });

  it('lists every command in --help', async () => {
    const project = temporaryDirectory();
    const result = await cliIn(project)('--help');
    expect(result.code).toBe(0);
    for (const command of [
      'new-policy',
      'traces',
      'backtest',
      'audit',
      'checkpoints',
      'interventions',
      'doctor',
      'telemetry',
    ]) {
      expect(result.stdout).toContain(`clearstone ${command}`);
    }
  });

  it('has --help on every command', async () => {
    const project = temporaryDirectory();
    const commands = [
      ['new-policy'],
      ['traces', 'list'],
      ['traces', 'show'],
      ['traces', 'export'],
      ['traces', 'prune'],
      ['backtest'],
      ['audit', 'verify'],
      ['audit', 'export'],
      ['checkpoints', 'list'],
      ['checkpoints', 'show'],
      ['checkpoints', 'delete'],
      ['interventions', 'list'],
      ['interventions', 'approve'],
      ['interventions', 'reject'],
      ['doctor'],
      ['telemetry', 'status'],
      ['telemetry', 'enable'],
      ['telemetry', 'disable'],
    ];
    const results = await Promise.all(commands.map((command) => cliIn(project)(...command, '--help')));
    results.forEach((result, index) => {
      expect(result.code).toBe(0);
      expect(result.stdout).toContain(`clearstone ${commands[index].join(' ')}`);
    });
  });

  it('treats no command, an unknown command and an unknown option as usage errors (exit 2)', async () => {
    const project = temporaryDirectory();
    const cli = cliIn(project);
    const bare = await cli();
    expect(bare.code).toBe(2);
    expect(bare.stderr).toContain('clearstone <command>');
    const unknown = await cli('deploy');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('Unknown argument: deploy');
    expect((await cli('doctor', '--frobnicate')).code).toBe(2);
  });

  it('colours only when asked: never through a pipe, FORCE_COLOR turns it on, NO_COLOR wins', async () => {
    const project = temporaryDirectory();
    await createTraceDatabase(project);
    const list = (extra: Record<string, string>) =>
      runCliProcess(['traces', 'list', '--db', 'traces.db'], { cwd: project, env: baseEnvironment(project, extra) });
    expect((await list({})).stdout).not.toMatch(ANSI);
    expect((await list({ FORCE_COLOR: '1' })).stdout).toMatch(ANSI);
    expect((await list({ FORCE_COLOR: '1', NO_COLOR: '1' })).stdout).not.toMatch(ANSI);
  });
});
