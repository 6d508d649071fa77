import { ActionType, getRedactionSpec, type Decision } from '@clearstone/core';
import { contextWith } from '../internal/test-context';
import { redactPiiPolicy } from './redact-pii-policy';

const decide = (decision: Decision | Promise<Decision>): Decision => decision as Decision;

describe('redactPiiPolicy', () => {
  it('redacts the fields configured for the tool, as the original', () => {
    const policy = redactPiiPolicy();
    expect(policy.policyInfo).toMatchObject({ name: 'redact_pii', priority: 85 });
    const decision = decide(
      policy(contextWith({ toolName: 'lookup_customer', piiFields: { lookup_customer: ['ssn', 'email'] } })),
    );
    expect(decision.action).toBe(ActionType.REDACT);
    expect(decision.reason).toBe("PII redaction for tool 'lookup_customer'");
    expect(decision.metadata.fields).toEqual(['ssn', 'email']);
  });

  it('allows tools without fields, and an empty field list is not a fail-closed BLOCK', () => {
    const policy = redactPiiPolicy({ piiFields: { lookup_customer: [] } });
    expect(decide(policy(contextWith({ toolName: 'lookup_customer' }))).action).toBe(ActionType.ALLOW);
    expect(decide(policy(contextWith({ toolName: 'list_products' }))).action).toBe(ActionType.ALLOW);
  });

  it('detects PII in the tool input and asks to redact those entities', () => {
    const decision = decide(
      redactPiiPolicy()(
        contextWith({
          toolName: 'send_email',
          toolInput: { to: 'jane@example.com', body: 'card 4111 1111 1111 1111' },
        }),
      ),
    );
    expect(decision.action).toBe(ActionType.REDACT);
    expect(decision.reason).toBe("PII detected for tool 'send_email': email, credit_card");
    expect(decision.metadata.entities).toEqual(['email', 'credit_card']);
  });

  it('combines fields, configured entities and detection; detection can be switched off', () => {
    const policy = redactPiiPolicy({ piiFields: { crm: ['ssn'] }, piiEntities: { '*': ['secret'] } });
    const decision = decide(policy(contextWith({ toolName: 'crm', messages: [{ content: 'call +1 415 555 2671' }] })));
    expect(decision.metadata).toMatchObject({ fields: ['ssn'], entities: ['secret', 'phone'] });
    const quiet = redactPiiPolicy({ detect: false });
    expect(decide(quiet(contextWith({ toolInput: 'jane@example.com' }))).action).toBe(ActionType.ALLOW);
  });

  it('validates options at construction and fails closed on malformed metadata', () => {
    expect(() => redactPiiPolicy({ piiFields: { crm: 'ssn' } as never })).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT' }),
    );
    expect(() => redactPiiPolicy({ piiEntities: { crm: ['passport'] } })).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT' }),
    );
    expect(() => redactPiiPolicy({ detect: 'yes' as never })).toThrow(expect.objectContaining({ argument: 'detect' }));
    expect(decide(redactPiiPolicy()(contextWith({ toolName: 'crm', piiFields: { crm: 'ssn' } }))).action).toBe(
      ActionType.BLOCK,
    );
  });
});

describe('redact_pii on recorded, already-masked data', () => {
  it('treats a type placeholder left by redaction as the PII it replaced', () => {
    const policy = redactPiiPolicy({ detectTypes: ['credit_card', 'ssn'] });
    const decision = decide(
      policy(contextWith({ toolName: 'send_email', toolInput: { body: 'Receipt for card [CREDIT_CARD]' } })),
    );
    expect(decision.action).toBe(ActionType.REDACT);
    expect(getRedactionSpec(decision).entities).toEqual(['credit_card']);
    const other = decide(
      policy(contextWith({ toolName: 'send_email', toolInput: { body: 'hello [EMAIL] and [NOT_A_TYPE]' } })),
    );
    expect(other.action).toBe(ActionType.ALLOW);
  });
});
