/** Every text a user reads is given in Italian (the legal language) and English. */
export interface BilingualText {
  readonly it: string;
  readonly en: string;
}
