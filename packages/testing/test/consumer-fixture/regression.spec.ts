// A user's failing expectation: the report must show why, and the trace.
import { traceBuilder } from '@clearstone/testing';

it('calls the search tool twice', () => {
  const run = traceBuilder({ agentId: 'researcher' })
    .tool('web_search')
    .tool('send_email')
    .error('SMTP timeout')
    .build();
  expect(run).toHaveCalledTool('web_search', { times: 2 });
});
