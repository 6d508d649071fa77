import { packageConfig } from '../../tsup.base';

export default packageConfig({
  index: 'src/index.ts',
  'builtins/index': 'src/builtins/index.ts',
  'ledger/index': 'src/ledger/index.ts',
});
