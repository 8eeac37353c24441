import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { documentKindLabel } from '@cmm/domain';
import type { SignatureVerification } from '@cmm/documents';
import { type DocumentVersionView, type DocumentView, type StoredSignatureCheck, versionKey } from '@cmm/persistence';
import { Transform } from 'class-transformer';
import { IsString, Length, Matches, MaxLength } from 'class-validator';
import { BilingualLabelDto } from '../vocabulary/bilingual-label.dto';

export const KIND_PATTERN = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;

/** The text fields of the multipart upload; they must precede the `file` part. */
export class UploadDocumentFieldsDto {
  @ApiProperty({ description: 'Tipo di documento, kebab-case', example: 'adopted-act', maxLength: 64 })
  @IsString()
  @MaxLength(64)
  @Matches(KIND_PATTERN, { message: 'kind must be kebab-case, e.g. adopted-act' })
  kind!: string;

  // NFC and trimmed, so the same title typed on two systems names the same document.
  @ApiProperty({
    description: 'Titolo del documento (stesso tipo e titolo = nuova versione)',
    example: 'Delibera di adozione della variante',
    minLength: 1,
    maxLength: 300,
  })
  @Transform(({ value }) => (typeof value === 'string' ? value.normalize('NFC').trim() : value))
  @IsString()
  @Length(1, 300)
  title!: string;
}

export class QcStatementDto {
  @ApiProperty({ example: '0.4.0.1862.1.1' }) oid!: string;
  @ApiProperty({ nullable: true, type: String, example: 'QcCompliance', description: 'Nome ETSI EN 319 412-5' }) name!: string | null;
  @ApiPropertyOptional({ type: [String], example: ['esign'], description: 'Tipi di QcType' }) types?: string[];
}

export class SignerDto {
  @ApiProperty({ nullable: true, type: String, example: 'Mario Rossi' }) commonName!: string | null;
  @ApiProperty({ nullable: true, type: String, example: 'Mario' }) givenName!: string | null;
  @ApiProperty({ nullable: true, type: String, example: 'Rossi' }) surname!: string | null;
  @ApiProperty({ nullable: true, type: String, example: 'TINIT-RSSMRA80A01F205X', description: 'serialNumber del soggetto, come scritto' })
  serialNumber!: string | null;
  @ApiProperty({ nullable: true, type: String, example: 'RSSMRA80A01F205X', description: 'Codice fiscale ricavato dal serialNumber' })
  fiscalCode!: string | null;
  @ApiProperty({ nullable: true, type: String, example: 'Comune di Rozzano' }) organization!: string | null;
  @ApiProperty({
    description: "Nome distinto dell'emittente",
    example: 'C=IT, O=ArubaPEC S.p.A., CN=ArubaPEC EU Qualified Certificates CA G1',
  })
  issuer!: string;
  @ApiProperty({ description: 'Numero di serie del certificato, esadecimale' }) certificateSerial!: string;
  @ApiProperty({ format: 'date-time' }) notBefore!: string;
  @ApiProperty({ format: 'date-time' }) notAfter!: string;
  @ApiProperty({ type: [QcStatementDto] }) qcStatements!: QcStatementDto[];
  @ApiProperty({ description: 'keyUsage nonRepudiation' }) nonRepudiation!: boolean;
  @ApiProperty({ description: 'QcCompliance: certificato qualificato (eIDAS art. 28)' }) qualified!: boolean;
}

export class SignatureDto {
  @ApiProperty({ example: 0 }) index!: number;
  @ApiProperty({ enum: ['cades', 'pades'] }) format!: 'cades' | 'pades';
  @ApiProperty({
    enum: ['valid-trusted', 'valid-untrusted', 'invalid', 'expired', 'revoked'],
    description:
      "valid-trusted: firma valida, catena fino all'elenco di fiducia; valid-untrusted: firma integra, catena non fidata; invalid: contenuto modificato o firma non corrispondente; expired: certificato non valido alla data di firma; revoked: certificato revocato prima della firma",
  })
  status!: SignatureVerification['status'];
  @ApiProperty({ type: BilingualLabelDto, description: 'Il perché dello stato' }) reason!: BilingualLabelDto;
  @ApiProperty({ type: SignerDto, nullable: true }) signer!: SignerDto | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) signingTime!: string | null;
  @ApiProperty({
    enum: ['signer', 'verification'],
    description: "signer: data dichiarata dal firmatario (attributo signingTime); verification: assente, usata l'ora della verifica",
  })
  signingTimeSource!: 'signer' | 'verification';
  @ApiProperty({ description: 'Marca temporale allegata (non verificata)' }) timestampTokenPresent!: boolean;
  @ApiProperty({ nullable: true, type: String, example: 'sha256' }) digestAlgorithm!: string | null;
  @ApiProperty({ type: [String], description: 'Catena di certificati, dal firmatario' }) chain!: string[];
  @ApiProperty({ format: 'date-time', description: 'Quando è stata verificata' }) verifiedAt!: string;
  @ApiProperty({ nullable: true, type: String, description: "Impronta SHA-256 dell'elenco di fiducia usato" }) trustListId!: string | null;

  static from(signature: SignatureVerification, check: Pick<StoredSignatureCheck, 'verifiedAt' | 'trustList'>): SignatureDto {
    return { ...signature, verifiedAt: check.verifiedAt.toISOString(), trustListId: check.trustList?.id ?? null };
  }
}

export const contentUrl = (caseId: string, documentId: string, version: number): string =>
  `/cases/${caseId}/documents/${documentId}/versions/${version}/content`;

export class DocumentVersionDto {
  @ApiProperty({ example: 1 }) version!: number;
  @ApiProperty({
    description: 'SHA-256 del contenuto, esadecimale',
    example: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
  })
  sha256!: string;
  @ApiProperty({ description: 'Dimensione in byte' }) size!: number;
  @ApiProperty({ description: 'Tipo riconosciuto dal contenuto', example: 'application/pdf' }) contentType!: string;
  @ApiProperty({ example: 'Delibera di adozione – Città.pdf' }) filename!: string;
  @ApiProperty({ format: 'date-time' }) uploadedAt!: string;
  @ApiProperty() uploadedBy!: string;
  @ApiProperty({
    nullable: true,
    type: String,
    description: 'Numero di protocollo in entrata (documenti dei comuni)',
    example: '2026/0000123',
  })
  protocolNumber!: string | null;
  @ApiProperty({ example: '/cases/…/documents/…/versions/1/content' }) contentUrl!: string;
  @ApiProperty({
    type: [SignatureDto],
    description: 'Le firme digitali verificate sul contenuto (vuoto se non firmato o non ancora verificato)',
  })
  signatures!: SignatureDto[];

  static from(caseId: string, version: DocumentVersionView, check?: StoredSignatureCheck): DocumentVersionDto {
    return {
      version: version.version,
      sha256: version.sha256,
      size: version.sizeBytes,
      contentType: version.contentType,
      filename: version.filename,
      uploadedAt: version.uploadedAt.toISOString(),
      uploadedBy: version.uploadedBy,
      protocolNumber: version.protocolNumber,
      contentUrl: contentUrl(caseId, version.documentId, version.version),
      signatures: check ? check.signatures.map((signature) => SignatureDto.from(signature, check)) : [],
    };
  }
}

export class DocumentDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'adopted-act' }) kind!: string;
  @ApiProperty({
    type: BilingualLabelDto,
    description: 'Il tipo in parole; un tipo dichiarato al caricamento e non ancora nominato è mostrato come testo leggibile',
  })
  kindLabel!: BilingualLabelDto;
  @ApiProperty() title!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty() createdBy!: string;
  @ApiProperty({ type: [DocumentVersionDto], description: 'Dalla più vecchia; ogni versione resta scaricabile' })
  versions!: DocumentVersionDto[];

  static from(document: DocumentView, checks: ReadonlyMap<string, StoredSignatureCheck> = new Map()): DocumentDto {
    return {
      id: document.id,
      kind: document.kind,
      kindLabel: documentKindLabel(document.kind),
      title: document.title,
      createdAt: document.createdAt.toISOString(),
      createdBy: document.createdBy,
      versions: document.versions.map((v) => DocumentVersionDto.from(document.caseId, v, checks.get(versionKey(v.documentId, v.version)))),
    };
  }
}

export class UploadedDocumentDto extends DocumentVersionDto {
  @ApiProperty({ format: 'uuid' }) documentId!: string;
  @ApiProperty({ example: 'adopted-act' }) kind!: string;
  @ApiProperty() title!: string;
  @ApiPropertyOptional({ description: 'Identificazione PDF/A trovata nei metadati XMP', example: 'PDF/A-2B' })
  pdfa?: string;
  @ApiPropertyOptional({ enum: ['base64'], description: 'P7M ricevuto in base64 (eventualmente con intestazione PEM)' })
  encoding?: 'base64';
}

/** A list is an object so it can grow (pagination, totals) without breaking clients. */
export class DocumentListDto {
  @ApiProperty({ type: [DocumentDto] }) items!: DocumentDto[];
}
