/** certhound's version, as package.json gives it. */
// eslint-disable-next-line @typescript-eslint/no-require-imports
export const VERSION = (require('../../package.json') as { version: string }).version;
