import { packageConfig } from '../../tsup.base';
import packageJson from './package.json';

export default packageConfig(
  { index: 'src/index.ts' },
  // SDK_VERSION (src/version.ts) is this package's version, written into the bundle at build time.
  { define: { __CLEARSTONE_SDK_VERSION__: JSON.stringify(packageJson.version) } },
);
