// The attribute names are owned by @clearstone/core; re-exported here for existing imports.
export {
  ClearstoneAttributes,
  GenAiAttributes,
  GenAiOperations,
  LLM_OPERATIONS,
  LegacyAttributes,
} from '@clearstone/core';
