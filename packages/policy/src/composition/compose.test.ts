import {
  ALERT,
  ALLOW,
  ActionType,
  BLOCK,
  PAUSE,
  createContext,
  type Decision,
  type PolicyContext,
} from '@clearstone/core';
import { PolicyEngine } from '../engine/policy-engine';
import { definePolicy } from '../policy/define-policy';
import { composeAnd, composeOr } from './compose';

const ctx = createContext({ userId: 'u', agentId: 'a' });
const allowing = definePolicy({ name: 'allowing' }, () => ALLOW);
const alerting = definePolicy({ name: 'alerting' }, () => ALERT('watch'));
const block = (name: string, reason = `${name} blocked`) => definePolicy({ name }, () => BLOCK(reason));

describe('composeAnd', () => {
  it('allows when all allow and names itself after its inputs', () => {
    const composed = composeAnd(allowing, alerting);
    expect(composed.policyInfo.name).toBe('composed_and(allowing_and_alerting)');
    expect(composed.name).toBe('composed_and(allowing_and_alerting)');
    expect(composed(ctx)).toBe(ALLOW);
  });

  it('returns the first BLOCK with its reason and runs nothing after it', () => {
    const after = jest.fn(() => ALLOW);
    const decision = composeAnd(allowing, block('first', 'Denied here'), block('second'), after)(ctx) as Decision;
    expect(decision.reason).toBe('Denied here');
    expect(after).not.toHaveBeenCalled();
  });

  it('allows with no policies', () => {
    expect(composeAnd()(ctx)).toBe(ALLOW);
  });

  it('awaits async inputs', async () => {
    const asyncBlock = definePolicy({ name: 'async_block' }, async () => BLOCK('async'));
    await expect(composeAnd(allowing, asyncBlock, allowing)(ctx)).resolves.toMatchObject({ reason: 'async' });
    await expect(
      composeAnd(
        definePolicy({ name: 'async_allow' }, async () => ALLOW),
        alerting,
      )(ctx),
    ).resolves.toBe(ALLOW);
  });
});

describe('composeOr', () => {
  it('returns the first non-BLOCK decision as it is and stops there', () => {
    const after = jest.fn(() => ALLOW);
    const composed = composeOr(block('a'), alerting, after);
    expect(composed.policyInfo.name).toBe('composed_or(a_or_alerting_or_mockConstructor)');
    expect((composed(ctx) as Decision).action).toBe(ActionType.ALERT);
    expect(after).not.toHaveBeenCalled();
    expect(composeOr(allowing, block('b'))(ctx)).toBe(ALLOW);
  });

  it('returns the first BLOCK when all block', () => {
    expect((composeOr(block('a', 'First block'), block('b', 'Second block'))(ctx) as Decision).reason).toBe(
      'First block',
    );
  });

  it('blocks with no policies', () => {
    expect((composeOr()(ctx) as Decision).action).toBe(ActionType.BLOCK);
  });

  it('awaits async inputs and keeps the first block across awaits', async () => {
    const asyncBlock = definePolicy({ name: 'async_block' }, async () => BLOCK('async first'));
    await expect(composeOr(asyncBlock, block('sync'))(ctx)).resolves.toMatchObject({ reason: 'async first' });
    await expect(
      composeOr(
        asyncBlock,
        definePolicy({ name: 'p' }, async () => PAUSE('approve')),
      )(ctx),
    ).resolves.toMatchObject({ action: ActionType.PAUSE });
  });
});

describe('nested composition', () => {
  const isAdmin = definePolicy({ name: 'is_admin' }, (c: PolicyContext) =>
    c.metadata.role === 'admin' ? ALLOW : BLOCK('Admin role required'),
  );
  const inHours = definePolicy({ name: 'in_hours' }, (c: PolicyContext) => {
    const hour = Number(c.metadata.hour);
    return hour >= 9 && hour < 17 ? ALLOW : BLOCK('Outside business hours');
  });
  const emergency = definePolicy({ name: 'emergency' }, (c: PolicyContext) =>
    c.metadata.emergency === true ? ALLOW : BLOCK('No emergency'),
  );
  const policy = composeOr(composeAnd(isAdmin, inHours), emergency);
  const decide = (metadata: Record<string, unknown>) =>
    new PolicyEngine({ policies: [policy] }).evaluateSync(createContext({ userId: 'u', agentId: 'a', metadata }))
      .action;

  it('allows admins in hours and anyone in an emergency, blocks the rest', () => {
    expect(policy.policyInfo.name).toBe('composed_or(composed_and(is_admin_and_in_hours)_or_emergency)');
    expect(decide({ role: 'admin', hour: 10 })).toBe(ActionType.ALLOW);
    expect(decide({ role: 'guest', hour: 22, emergency: true })).toBe(ActionType.ALLOW);
    expect(decide({ role: 'admin', hour: 22 })).toBe(ActionType.BLOCK);
  });
});
