export { DEFAULT_VIEWER_PORT } from './check-options';
export { startViewer } from './start-viewer';
export type { RunningViewer, ViewerOptions } from './viewer-options';
