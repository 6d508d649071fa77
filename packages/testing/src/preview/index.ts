export { DEFAULT_MAX_FLIPS, previewPolicyChange } from './preview-policy-change';
export type { PreviewPolicyChangeOptions } from './preview-policy-change';
export { PolicyChangePreview } from './policy-change-preview';
export type {
  ActionChange,
  PolicyChangePreviewInit,
  PolicyChangeSummary,
  PolicyFlip,
  PolicyFlipCounts,
} from './policy-change-preview';
