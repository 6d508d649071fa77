export { simulatePolicy, simulateSpanPolicy } from './simulate-policy';
