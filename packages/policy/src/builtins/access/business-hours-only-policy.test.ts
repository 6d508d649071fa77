import { ActionType, createContext, type Decision } from '@clearstone/core';
import { contextWith } from '../internal/test-context';
import { businessHoursOnlyPolicy } from './business-hours-only-policy';

const decide = (decision: Decision | Promise<Decision>): Decision => decision as Decision;

describe('businessHoursOnlyPolicy', () => {
  it('has the original name and priority', () => {
    expect(businessHoursOnlyPolicy().policyInfo).toMatchObject({ name: 'business_hours_only', priority: 70 });
  });

  it('allows 9–16 and blocks 7, 17 and 22 with the default window, as the original', () => {
    const policy = businessHoursOnlyPolicy();
    for (const hour of [9, 10, 14, 16])
      expect(decide(policy(contextWith({ currentHour: hour }))).action).toBe(ActionType.ALLOW);
    for (const hour of [7, 17, 22]) {
      expect(decide(policy(contextWith({ currentHour: hour }))).reason).toBe(
        'Operation only allowed during business hours (9:00-17:00)',
      );
    }
  });

  it('supports overnight windows', () => {
    const policy = businessHoursOnlyPolicy({ businessHours: [22, 6] });
    for (const hour of [22, 23, 0, 5])
      expect(decide(policy(contextWith({ currentHour: hour }))).action).toBe(ActionType.ALLOW);
    for (const hour of [6, 12, 21])
      expect(decide(policy(contextWith({ currentHour: hour }))).reason).toBe(
        'Operation only allowed during business hours (22:00-6:00)',
      );
  });

  it('reads the hour of the context timestamp in the configured IANA time zone', () => {
    const context = createContext({ userId: 'u', agentId: 'a' });
    const at = (iso: string) => ({ ...context, timestamp: new Date(iso) });
    // 14:30 UTC is 09:30 in New York (EST, UTC-5) and 23:30 in Tokyo (UTC+9).
    const newYork = businessHoursOnlyPolicy({ timeZone: 'America/New_York' });
    const tokyo = businessHoursOnlyPolicy({ timeZone: 'Asia/Tokyo' });
    expect(decide(newYork(at('2024-01-15T14:30:00Z'))).action).toBe(ActionType.ALLOW);
    expect(decide(tokyo(at('2024-01-15T14:30:00Z'))).action).toBe(ActionType.BLOCK);
    expect(decide(newYork(at('2024-01-15T13:30:00Z'))).action).toBe(ActionType.BLOCK);
    // Metadata can choose the zone per call.
    expect(decide(newYork({ ...at('2024-01-15T14:30:00Z'), metadata: { timeZone: 'Asia/Tokyo' } })).action).toBe(
      ActionType.BLOCK,
    );
  });

  it('rejects invalid windows and unknown zones at construction', () => {
    for (const businessHours of [[9, 9], [25, 3], [9], [9.5, 17], 'nine to five']) {
      expect(() => businessHoursOnlyPolicy({ businessHours: businessHours as never })).toThrow(
        expect.objectContaining({ code: 'INVALID_ARGUMENT', argument: 'businessHours' }),
      );
    }
    expect(() => businessHoursOnlyPolicy({ timeZone: 'Mars/Olympus_Mons' })).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT', argument: 'timeZone' }),
    );
  });

  it('fails closed on an invalid metadata window or zone', () => {
    const policy = businessHoursOnlyPolicy();
    expect(decide(policy(contextWith({ businessHours: [17, 17] }))).action).toBe(ActionType.BLOCK);
    expect(decide(policy(contextWith({ timeZone: 'Nowhere/Land' }))).reason).toMatch(
      /^Policy 'business_hours_only' cannot decide: Unknown time zone 'Nowhere\/Land'/,
    );
  });
});
