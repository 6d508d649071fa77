import { ActionType, createContext, type Decision } from '@clearstone/core';
import { contextWith } from '../internal/test-context';
import { adminOnlyActionPolicy } from './admin-only-action-policy';
import { blockExternalApisPolicy } from './block-external-apis-policy';
import { blockPiiToolsPolicy } from './block-pii-tools-policy';
import { rbacToolAccessPolicy } from './rbac-tool-access-policy';

const decide = (decision: Decision | Promise<Decision>): Decision => decision as Decision;

describe('rbacToolAccessPolicy', () => {
  const restrictedTools = { guest: ['delete_database', 'send_email'], analyst: ['send_email'] };

  it('blocks a restricted tool for the role with the original text', () => {
    const policy = rbacToolAccessPolicy();
    expect(policy.policyInfo).toMatchObject({ name: 'rbac_tool_access', priority: 90 });
    const decision = decide(policy(contextWith({ userRole: 'guest', toolName: 'delete_database', restrictedTools })));
    expect(decision.action).toBe(ActionType.BLOCK);
    expect(decision.reason).toBe("Role 'guest' cannot access tool 'delete_database'");
  });

  it('allows permitted tools and treats a missing role as guest', () => {
    const policy = rbacToolAccessPolicy({ restrictedTools });
    expect(decide(policy(contextWith({ userRole: 'analyst', toolName: 'delete_database' }))).action).toBe(
      ActionType.ALLOW,
    );
    expect(decide(policy(contextWith({ toolName: 'send_email' }))).reason).toBe(
      "Role 'guest' cannot access tool 'send_email'",
    );
    expect(
      decide(
        rbacToolAccessPolicy({ restrictedTools, defaultRole: 'analyst' })(contextWith({ toolName: 'delete_database' })),
      ).action,
    ).toBe(ActionType.ALLOW);
  });

  it('does not treat inherited object keys as roles', () => {
    expect(
      decide(rbacToolAccessPolicy({ restrictedTools })(contextWith({ userRole: 'constructor', toolName: 'x' }))).action,
    ).toBe(ActionType.ALLOW);
  });

  it('validates restrictedTools at construction and fails closed on a malformed metadata map', () => {
    expect(() => rbacToolAccessPolicy({ restrictedTools: { guest: 'delete' } as never })).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT', argument: 'restrictedTools.guest' }),
    );
    expect(decide(rbacToolAccessPolicy()(contextWith({ toolName: 'x', restrictedTools: { guest: 'x' } }))).action).toBe(
      ActionType.BLOCK,
    );
  });
});

describe('adminOnlyActionPolicy', () => {
  const policy = adminOnlyActionPolicy({ requireAdminFor: ['drop_index'] });

  it('blocks non-admins with the original text, allows admins and ignores other tools', () => {
    expect(policy.policyInfo).toMatchObject({ name: 'admin_only_action', priority: 95 });
    expect(decide(policy(contextWith({ userRole: 'user', toolName: 'drop_index' }))).reason).toBe(
      "Admin role required for 'drop_index'. Current role: 'user'",
    );
    expect(decide(policy(contextWith({ userRole: 'admin', toolName: 'drop_index' }))).action).toBe(ActionType.ALLOW);
    expect(decide(policy(contextWith({ userRole: 'user', toolName: 'read_index' }))).action).toBe(ActionType.ALLOW);
  });

  it('reads requireAdminFor from metadata over the option', () => {
    expect(decide(policy(contextWith({ toolName: 'grant', requireAdminFor: ['grant'] }))).reason).toBe(
      "Admin role required for 'grant'. Current role: 'guest'",
    );
  });
});

describe('blockPiiToolsPolicy', () => {
  const policy = blockPiiToolsPolicy({ piiTools: ['fetch_customer'] });

  it('blocks guests and allows admin and data_engineer', () => {
    expect(policy.policyInfo).toMatchObject({ name: 'block_pii_tools', priority: 90 });
    expect(decide(policy(contextWith({ toolName: 'fetch_customer' }))).reason).toBe(
      "PII access denied for role 'guest'",
    );
    expect(decide(policy(contextWith({ toolName: 'fetch_customer', userRole: 'admin' }))).action).toBe(
      ActionType.ALLOW,
    );
    expect(decide(policy(contextWith({ toolName: 'fetch_customer', userRole: 'data_engineer' }))).action).toBe(
      ActionType.ALLOW,
    );
    expect(decide(policy(contextWith({ toolName: 'list_products' }))).action).toBe(ActionType.ALLOW);
  });

  it('accepts a custom list of allowed roles', () => {
    const custom = blockPiiToolsPolicy({ piiTools: ['fetch_customer'], allowedRoles: ['dpo'] });
    expect(decide(custom(contextWith({ toolName: 'fetch_customer', userRole: 'admin' }))).action).toBe(
      ActionType.BLOCK,
    );
    expect(decide(custom(contextWith({ toolName: 'fetch_customer', userRole: 'dpo' }))).action).toBe(ActionType.ALLOW);
  });
});

describe('blockExternalApisPolicy', () => {
  it('blocks external tools that are not whitelisted and allows whitelisted ones', () => {
    const policy = blockExternalApisPolicy({
      externalApiTools: ['web_search', 'send_sms'],
      whitelistedApis: ['web_search'],
    });
    expect(policy.policyInfo).toMatchObject({ name: 'block_external_apis', priority: 85 });
    expect(decide(policy(contextWith({ toolName: 'send_sms' }))).reason).toBe(
      "External API call blocked: 'send_sms' is not whitelisted",
    );
    expect(decide(policy(contextWith({ toolName: 'web_search' }))).action).toBe(ActionType.ALLOW);
    expect(decide(policy(contextWith({ toolName: 'calculator' }))).action).toBe(ActionType.ALLOW);
    expect(
      decide(
        policy(createContext({ userId: 'u', agentId: 'a', metadata: { toolName: 'web_search', whitelistedApis: [] } })),
      ).action,
    ).toBe(ActionType.BLOCK);
  });
});
