import { packageConfig } from '../../tsup.base';
import { buildPage } from './tsup.page';

export default packageConfig(
  { index: 'src/index.ts' },
  // The page is bundled after the library, so the library's clean step cannot remove it.
  { onSuccess: () => buildPage('dist/ui') },
);
