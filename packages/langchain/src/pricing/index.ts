export { costOf, findPrice, validatePriceTable } from './price-table';
export type { ModelPrice, PriceTable } from './price-table';
