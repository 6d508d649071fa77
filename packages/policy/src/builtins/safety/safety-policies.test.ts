import { ActionType, type Decision } from '@clearstone/core';
import { contextWith } from '../internal/test-context';
import { alertOnFailedAuthPolicy } from './alert-on-failed-auth-policy';
import { alertOnPrivilegedAccessPolicy } from './alert-on-privileged-access-policy';
import { blockDangerousToolsPolicy } from './block-dangerous-tools-policy';
import { pauseBeforeWritePolicy } from './pause-before-write-policy';
import { containsWordSequence, toolNameWords } from './tool-name-words';

const decide = (decision: Decision | Promise<Decision>): Decision => decision as Decision;

describe('toolNameWords', () => {
  it('splits on separators and camelCase boundaries', () => {
    expect(toolNameWords('DeleteDatabase')).toEqual(['delete', 'database']);
    expect(toolNameWords('db.drop-table/now x')).toEqual(['db', 'drop', 'table', 'now', 'x']);
    expect(toolNameWords('HTTPRequest_v2')).toEqual(['http', 'request', 'v', '2']);
    expect(containsWordSequence(['a', 'drop', 'table'], ['drop', 'table'])).toBe(true);
    expect(containsWordSequence(['drop', 'x', 'table'], ['drop', 'table'])).toBe(false);
  });
});

describe('blockDangerousToolsPolicy', () => {
  const policy = blockDangerousToolsPolicy();

  it('blocks the original examples with the original message fragment', () => {
    expect(policy.policyInfo).toMatchObject({ name: 'block_dangerous_tools', priority: 100 });
    for (const tool of [
      'delete_database',
      'drop_table',
      'DROP_TABLE',
      'DeleteDatabase',
      'dropTable',
      'db.drop-table',
      'format_drive',
      'shutdown',
      'hard_delete_user',
      'destroy_vm',
    ]) {
      const decision = decide(policy(contextWith({ toolName: tool })));
      expect(decision.action).toBe(ActionType.BLOCK);
      expect(decision.reason).toBe(`Dangerous tool blocked: '${tool}'`);
    }
  });

  it('matches on word boundaries, not substrings', () => {
    for (const tool of [
      'read_data',
      'purge_cache',
      'restart_service',
      'dropdown_table_view',
      'shutdowner',
      'truncate_text',
      'formatted_driver',
      '',
    ]) {
      expect(decide(policy(contextWith({ toolName: tool }))).action).toBe(ActionType.ALLOW);
    }
  });

  it('makes restart and purge configurable, and the whole list replaceable', () => {
    const strict = blockDangerousToolsPolicy({ additionalDangerousTools: ['restart', 'purge'] });
    expect(decide(strict(contextWith({ toolName: 'restart_service' }))).metadata.matchedTerm).toBe('restart');
    expect(decide(strict(contextWith({ toolName: 'PurgeCache' }))).action).toBe(ActionType.BLOCK);
    const custom = blockDangerousToolsPolicy({ dangerousTools: ['wire_money'] });
    expect(decide(custom(contextWith({ toolName: 'WireMoney' }))).action).toBe(ActionType.BLOCK);
    expect(decide(custom(contextWith({ toolName: 'drop_table' }))).action).toBe(ActionType.ALLOW);
    expect(() => blockDangerousToolsPolicy({ dangerousTools: 'drop' as never })).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT' }),
    );
  });

  it('fails closed when toolName is not a string', () => {
    expect(decide(policy(contextWith({ toolName: 42 }))).action).toBe(ActionType.BLOCK);
  });
});

describe('pauseBeforeWritePolicy', () => {
  const policy = pauseBeforeWritePolicy({ requirePauseFor: ['delete', 'Update'] });

  it('pauses matching tools case-insensitively on both sides', () => {
    expect(policy.policyInfo).toMatchObject({ name: 'pause_before_write', priority: 80 });
    for (const tool of ['delete_user', 'update_record', 'UpdateRecord', 'BULK_DELETE']) {
      const decision = decide(policy(contextWith({ toolName: tool })));
      expect(decision.action).toBe(ActionType.PAUSE);
      expect(decision.reason).toBe(`Manual review required for write operation: '${tool}'`);
      expect(decision.metadata.interventionId).toMatch(/^intervention_/);
    }
    expect(decide(policy(contextWith({ toolName: 'read_data' }))).action).toBe(ActionType.ALLOW);
  });

  it('reads patterns from metadata over the option', () => {
    expect(decide(policy(contextWith({ toolName: 'send_email', requirePauseFor: ['SEND'] }))).action).toBe(
      ActionType.PAUSE,
    );
  });
});

describe('alertOnPrivilegedAccessPolicy', () => {
  it('alerts on privileged tools naming the user and allows others', () => {
    const policy = alertOnPrivilegedAccessPolicy({ privilegedTools: ['read_salaries'] });
    expect(policy.policyInfo).toMatchObject({ name: 'alert_on_privileged_access', priority: 75 });
    const decision = decide(policy(contextWith({ toolName: 'read_salaries' }, 'alice')));
    expect(decision.action).toBe(ActionType.ALERT);
    expect(decision.reason).toBe("Privileged access: User 'alice' accessed 'read_salaries'.");
    expect(decide(policy(contextWith({ toolName: 'read_menu' }))).action).toBe(ActionType.ALLOW);
  });
});

describe('alertOnFailedAuthPolicy', () => {
  const policy = alertOnFailedAuthPolicy();

  it('alerts after more than 3 failed attempts, as the original', () => {
    expect(policy.policyInfo).toMatchObject({ name: 'alert_on_failed_auth', priority: 100 });
    const decision = decide(policy(contextWith({ authFailed: true, attemptCount: 5 }, 'mallory')));
    expect(decision.action).toBe(ActionType.ALERT);
    expect(decision.reason).toBe("Security: 5 failed auth attempts for user 'mallory'.");
    expect(decide(policy(contextWith({ authFailed: true, attemptCount: 2 }))).action).toBe(ActionType.ALLOW);
    expect(decide(policy(contextWith({ authFailed: false, attemptCount: 9 }))).action).toBe(ActionType.ALLOW);
  });

  it('takes the tolerated attempts from options and rejects a non-boolean authFailed', () => {
    expect(
      decide(alertOnFailedAuthPolicy({ maxFailedAttempts: 1 })(contextWith({ authFailed: true, attemptCount: 2 })))
        .action,
    ).toBe(ActionType.ALERT);
    expect(decide(policy(contextWith({ authFailed: 'yes', attemptCount: 9 }))).action).toBe(ActionType.BLOCK);
  });
});
