import { ApiProperty } from '@nestjs/swagger';
import type { UploadRecord } from '@cmm/persistence';

export class UploadDto {
  @ApiProperty({ format: 'uuid', description: 'Da indicare nella domanda che usa il file' }) uploadId!: string;
  @ApiProperty() kind!: string;
  @ApiProperty() title!: string;
  @ApiProperty() filename!: string;
  @ApiProperty() contentType!: string;
  @ApiProperty() sizeBytes!: number;
  @ApiProperty({ description: 'SHA-256 del contenuto, esadecimale' }) sha256!: string;
  @ApiProperty({ format: 'date-time' }) uploadedAt!: string;

  static from(record: UploadRecord): UploadDto {
    return {
      uploadId: record.id,
      kind: record.kind,
      title: record.title,
      filename: record.filename,
      contentType: record.contentType,
      sizeBytes: record.sizeBytes,
      sha256: record.sha256,
      uploadedAt: record.uploadedAt.toISOString(),
    };
  }
}
