import type { SearchEngine } from './engine';

/** Placeholder until the offline edition lands: under file:// search is not available yet. */
export async function createOfflineEngine(_base: string): Promise<SearchEngine> {
  throw new Error('Offline search is not available in this build.');
}
