export { processGone } from '../process-gone';
