/** Trimmed text or null: what an optional text input stores (blank means none). */
export const text = (v: string | null | undefined): string | null => v?.trim() || null;
