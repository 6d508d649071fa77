export { composeAnd, composeOr } from './compose';
