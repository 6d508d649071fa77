// The attribute and event names are owned by @clearstone/core; re-exported here for existing imports.
export { ClearstoneAttributes, ClearstoneEvents, GenAiAttributes, GenAiOperations } from '@clearstone/core';
