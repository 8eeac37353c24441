/** The three Strategie Tematico-Territoriali Metropolitane approved so far : adhesions and annual-call proposals name them. */
export const STTM_NUMBERS = [1, 2, 3] as const;
