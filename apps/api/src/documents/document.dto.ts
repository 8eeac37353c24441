import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { documentKindLabel } from '@cmm/domain';
import type { DocumentVersionView, DocumentView } from '@cmm/persistence';
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

  static from(caseId: string, version: DocumentVersionView): DocumentVersionDto {
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

  static from(document: DocumentView): DocumentDto {
    return {
      id: document.id,
      kind: document.kind,
      kindLabel: documentKindLabel(document.kind),
      title: document.title,
      createdAt: document.createdAt.toISOString(),
      createdBy: document.createdBy,
      versions: document.versions.map((v) => DocumentVersionDto.from(document.caseId, v)),
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
