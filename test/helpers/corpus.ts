/** Where the shared conformance corpus is: CERTHOUND_CORPUS, else ../shared/corpus beside the clone (as CI lays it). */
import { join } from 'node:path';

export const CORPUS_DIR = process.env.CERTHOUND_CORPUS ?? join(__dirname, '..', '..', '..', 'shared', 'corpus');
