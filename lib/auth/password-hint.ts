/** Under every new-password field (safe for client components: no hashing or dictionaries here). */
export const PASSWORD_HINT = 'At least 12 characters that are hard to guess: a few unrelated words work well.';
