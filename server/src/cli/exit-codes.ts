// Process exit codes. Scripts and CI jobs branch on these, so they are a public contract.

/** Nothing to report. */
export const EXIT_CLEAN = 0;
/** The check ran completely and found problems. */
export const EXIT_FINDINGS = 1;
/** Bad usage or configuration, or the check could not do everything it was asked to (read every path, write every fix). */
export const EXIT_FAILURE = 2;
