import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What the digital signatures of a document version were found to be: one check per version
 * (when, against which trusted list, how many signatures), one row per signature (status,
 * signer, signing time). A check is replaced when the version is verified again; versions
 * uploaded before this migration are verified on first read (DocumentsService).
 */
export class SignatureVerifications1795359600000 implements MigrationInterface {
  name = 'SignatureVerifications1795359600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE signature_checks (
        document_id uuid NOT NULL,
        version integer NOT NULL,
        content_sha256 char(64) NOT NULL,
        verified_at timestamptz NOT NULL,
        trust_list_id char(64),
        trust_list_source text,
        trust_list_loaded_at timestamptz,
        signature_count integer NOT NULL CHECK (signature_count >= 0),
        PRIMARY KEY (document_id, version),
        FOREIGN KEY (document_id, version) REFERENCES document_versions (document_id, version)
      )`);
    await q.query(`
      CREATE TABLE signature_verifications (
        document_id uuid NOT NULL,
        version integer NOT NULL,
        signature_index integer NOT NULL CHECK (signature_index >= 0),
        format text NOT NULL CHECK (format IN ('cades', 'pades')),
        status text NOT NULL CHECK (status IN ('valid-trusted', 'valid-untrusted', 'invalid', 'expired', 'revoked')),
        reason_it text NOT NULL,
        reason_en text NOT NULL,
        signer jsonb,
        signer_fiscal_code text,
        signing_time timestamptz,
        signing_time_source text NOT NULL CHECK (signing_time_source IN ('signer', 'verification')),
        timestamp_token_present boolean NOT NULL,
        digest_algorithm text,
        chain jsonb NOT NULL,
        PRIMARY KEY (document_id, version, signature_index),
        FOREIGN KEY (document_id, version) REFERENCES signature_checks (document_id, version) ON DELETE CASCADE
      )`);
    // Who signed what: the officer looks for a mayor's or delegate's acts by fiscal code.
    await q.query('CREATE INDEX signature_verifications_fiscal_code ON signature_verifications (signer_fiscal_code)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE signature_verifications');
    await q.query('DROP TABLE signature_checks');
  }
}
