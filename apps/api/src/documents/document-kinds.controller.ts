import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { DOCUMENT_KIND_LABELS, UPLOADABLE_DOCUMENT_KINDS } from '@cmm/domain';
import { Allow } from '../auth/access.decorators';
import { BilingualLabelDto } from '../vocabulary/bilingual-label.dto';

export class DocumentKindDto {
  @ApiProperty({ example: 'signed-opinion', description: 'Il tipo da inviare come kind al caricamento' }) kind!: string;
  @ApiProperty({ type: BilingualLabelDto }) label!: BilingualLabelDto;
}

export class DocumentKindListDto {
  @ApiProperty({ type: [DocumentKindDto] }) items!: DocumentKindDto[];
  @ApiProperty({ nullable: true, type: String, description: 'Sempre null: tutti i tipi in una pagina' }) next!: string | null;
}

/** The kinds a person may give a document at upload, with their words: the upload form's choices. */
@ApiTags('documents')
@ApiBearerAuth()
@Controller('document-kinds')
export class DocumentKindsController {
  @Get()
  @Allow('officer', 'manager', 'admin', 'comune', 'mayor_office')
  @ApiOperation({ summary: 'Tipi di documento che si possono indicare al caricamento, con la loro descrizione' })
  @ApiOkResponse({ type: DocumentKindListDto })
  list(): DocumentKindListDto {
    return { items: UPLOADABLE_DOCUMENT_KINDS.map((kind) => ({ kind, label: { ...DOCUMENT_KIND_LABELS[kind] } })), next: null };
  }
}
