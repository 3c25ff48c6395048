import { removeLeftovers } from './fixtures/machine-file';

/**
 * Once per e2e run, before any browser starts: a machine policy a killed run left in /etc would be
 * read by every Chromium or Firefox of this run, whichever fixture launches it.
 */
export default function setup(): void {
  removeLeftovers();
}
