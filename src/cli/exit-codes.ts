/** The only place exit codes are chosen (as grep and Suricata's tools use them). */
export const EXIT_OK = 0;
/** Something at or above `--fail-on` was found. */
export const EXIT_FOUND = 1;
/** A usage or input error. */
export const EXIT_ERROR = 2;
/** Stopped by SIGINT or SIGTERM (after writing what was decided, as a shell reports 128 + SIGINT). */
export const EXIT_INTERRUPTED = 130;
