import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { AgreementConclusion } from '@cmm/contracts';
import { ACTOR_ROLES, AGREEMENT_STATES, AGREEMENT_TERMINAL_STATES, type ActorRole, type AgreementState } from '@cmm/domain';
import { Type } from 'class-transformer';
import { BilingualLabelDto } from '../vocabulary/bilingual-label.dto';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { DeadlineViewDto } from '../common/dto/deadline-view.dto';
import { PartyCommitmentDto } from '../fund/commitment.dto';
import { trimmed } from '../validation/dto-rules';

export class StartAgreementDto {
  @ApiProperty({ minLength: 1, maxLength: 500, example: 'Polo logistico di Rozzano: esternalità sulla viabilità sovracomunale' })
  @trimmed()
  @IsString()
  @Length(1, 500)
  subject!: string;

  @ApiProperty({
    type: [String],
    example: ['015189', '015011'],
    description: 'Codici ISTAT dei Comuni parti dell’accordo (almeno due, distinti)',
  })
  @IsArray()
  @ArrayMinSize(2, { message: 'municipalities: an agreement binds at least two municipalities' })
  @ArrayMaxSize(133)
  @ArrayUnique({ message: 'municipalities: each municipality appears once' })
  @Matches(/^\d{6}$/, { each: true, message: 'municipalities: each item is a 6-digit ISTAT code' })
  municipalities!: string[];

  @ApiProperty({ description: 'Esternalità metropolitane: la Città metropolitana è parte dell’accordo (art. 10 NdA)' })
  @IsBoolean()
  metropolitanExternalities!: boolean;

  @ApiPropertyOptional({ format: 'uuid', description: 'Pratica da cui l’accordo discende (es. conferenza di concertazione)' })
  @IsOptional()
  @IsUUID('4')
  parentCaseId?: string;
}

export class AgreementDraftDto {
  @ApiProperty({ type: [String], description: 'Documenti della pratica con il testo dell’accordo (POST /cases/{caseId}/documents)' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @ArrayUnique()
  @IsUUID('4', { each: true })
  documentIds!: string[];

  @ApiPropertyOptional({ maxLength: 4000 })
  @IsOptional()
  @IsString()
  @MaxLength(4000)
  note?: string;
}

export class AgreementCommitmentsDto {
  @ApiProperty({ type: [PartyCommitmentDto] })
  @IsArray()
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  @Type(() => PartyCommitmentDto)
  commitments!: PartyCommitmentDto[];
}

export class AgreementSignatureDto {
  @ApiProperty({ format: 'uuid', description: 'Documento firmato digitalmente (.p7m o PDF firmato), caricato sulla pratica' })
  @IsUUID('4')
  documentId!: string;

  @ApiProperty({ minimum: 1, description: 'Versione della bozza che si sottoscrive' })
  @IsInt()
  @Min(1)
  draftVersion!: number;
}

export class AgreementRefusalDto {
  @ApiProperty({ minLength: 1, maxLength: 4000 }) @trimmed() @IsString() @Length(1, 4000) reasons!: string;
  @ApiProperty({ minimum: 1 }) @IsInt() @Min(1) draftVersion!: number;
}

export class AgreementFailureDto {
  @ApiProperty({ minLength: 1, maxLength: 4000 }) @trimmed() @IsString() @Length(1, 4000) reasons!: string;
}

export class AgreementWithdrawalDto {
  @ApiProperty({ minLength: 1, maxLength: 4000 }) @trimmed() @IsString() @Length(1, 4000) reason!: string;
}

export class AgreementRegistrationDto {
  @ApiProperty({ format: 'uuid' }) caseId!: string;
  @ApiProperty({ example: 'AT-2026-000001' }) reference!: string;
  @ApiProperty({ description: 'false se la stessa richiesta (Idempotency-Key) aveva già avviato l’accordo' }) created!: boolean;
}

/** Who signed or refused, as the API authenticated them. */
export class AgreementActorDto {
  @ApiProperty({ description: 'Subject dell’utente autenticato' }) subject!: string;
  @ApiProperty({ example: 'Mario Rossi' }) name!: string;
  @ApiProperty({ enum: ACTOR_ROLES }) role!: ActorRole;
}

export class AgreementSignerDto {
  @ApiProperty({ enum: ['valid-trusted', 'valid-untrusted', 'invalid', 'expired', 'revoked'] })
  status!: 'valid-trusted' | 'valid-untrusted' | 'invalid' | 'expired' | 'revoked';
  @ApiProperty({ nullable: true, type: String, example: 'Mario Rossi', description: 'Titolare del certificato di firma' }) signer!:
    string | null;
  @ApiProperty({ nullable: true, type: String, example: 'RSSMRA80A01F205X' }) fiscalCode!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time', description: 'Data di firma dichiarata dal firmatario' })
  signingTime!: string | null;
  @ApiProperty({ description: 'Certificato qualificato (QcCompliance)' }) qualified!: boolean;
  @ApiProperty({ type: BilingualLabelDto }) reason!: BilingualLabelDto;
}

export class AgreementSignatureViewDto {
  @ApiProperty({ example: '015182', description: 'Codice ISTAT del Comune, o "cmm"' }) party!: string;
  @ApiProperty({ type: AgreementActorDto }) by!: AgreementActorDto;
  @ApiProperty({ format: 'date-time' }) at!: string;
  @ApiProperty({ format: 'uuid', description: 'Documento firmato, tra i documenti della pratica' }) documentId!: string;
  @ApiProperty({ type: 'integer', minimum: 1, description: 'Versione della bozza sottoscritta' }) draftVersion!: number;
  @ApiPropertyOptional({ type: [AgreementSignerDto], description: 'Chi ha firmato il documento, dai certificati verificati' })
  signers?: AgreementSignerDto[];
}

export class AgreementRefusalViewDto {
  @ApiProperty({ example: '015182', description: 'Codice ISTAT del Comune, o "cmm"' }) party!: string;
  @ApiProperty({ type: AgreementActorDto }) by!: AgreementActorDto;
  @ApiProperty({ format: 'date-time' }) at!: string;
  @ApiProperty() reasons!: string;
  @ApiProperty({ type: 'integer', minimum: 1, description: 'Versione della bozza rifiutata' }) draftVersion!: number;
}

export class AgreementPartyViewDto {
  @ApiProperty({ example: '015182', description: 'Codice ISTAT del Comune, o "cmm" per la Città metropolitana' }) party!: string;
  @ApiProperty({ type: String, nullable: true, example: 'Comune di Rho', description: 'Nullo finché la pratica non è registrata' }) name!:
    string | null;
  @ApiProperty({ type: AgreementSignatureViewDto, nullable: true, description: 'Firma della bozza corrente' })
  signature!: AgreementSignatureViewDto | null;
  @ApiProperty({ type: AgreementRefusalViewDto, nullable: true, description: 'Rifiuto della bozza corrente' })
  refusal!: AgreementRefusalViewDto | null;
}

export class AgreementDraftViewDto {
  @ApiProperty({ type: 'integer', minimum: 1 }) version!: number;
  @ApiProperty({
    type: 'array',
    items: { type: 'string', format: 'uuid' },
    description: 'Documenti della pratica con il testo della bozza',
  })
  documentIds!: string[];
  @ApiProperty({ description: 'Nota della bozza; vuota se non data' }) note!: string;
  @ApiProperty({ description: 'Subject di chi ha caricato la bozza' }) by!: string;
  @ApiProperty({ format: 'date-time' }) at!: string;
}

/** A commitment's due date, tracked once the agreement is in force. */
export class CommitmentTermViewDto {
  @ApiProperty({ type: 'integer', minimum: 0, description: 'Posizione dell’impegno in commitments' }) index!: number;
  @ApiProperty({ example: '015182' }) party!: string;
  @ApiProperty({ type: DeadlineViewDto }) term!: DeadlineViewDto;
  @ApiProperty({ description: 'false quando l’impegno è stato adempiuto o il termine chiuso' }) open!: boolean;
}

export class AgreementConclusionDto {
  @ApiProperty({ format: 'uuid' }) agreementCaseId!: string;
  @ApiProperty({ enum: AGREEMENT_TERMINAL_STATES }) outcome!: AgreementConclusion['outcome'];
  @ApiProperty({ type: String, format: 'date', nullable: true, description: 'Giorno (Roma) di entrata in vigore' }) inForceOn!:
    string | null;
  @ApiProperty({ type: String, nullable: true, description: 'Motivi del mancato accordo o del ritiro' }) reason!: string | null;
}

export class AgreementViewDto {
  @ApiProperty({ format: 'uuid' }) caseId!: string;
  @ApiProperty({ type: String, nullable: true }) reference!: string | null;
  @ApiProperty() subject!: string;
  @ApiProperty({ enum: AGREEMENT_STATES }) state!: AgreementState;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) parentCaseId!: string | null;
  @ApiProperty({ type: [AgreementPartyViewDto], description: 'Parti, con firma (chi, quando, documento) o rifiuto della bozza corrente' })
  parties!: AgreementPartyViewDto[];
  @ApiProperty({ type: AgreementDraftViewDto, nullable: true, description: 'Bozza corrente: versione e documenti' })
  draft!: AgreementDraftViewDto | null;
  @ApiProperty({ type: [PartyCommitmentDto] }) commitments!: PartyCommitmentDto[];
  @ApiProperty({ type: DeadlineViewDto, nullable: true }) signatureTerm!: DeadlineViewDto | null;
  @ApiProperty() signatureOverdue!: boolean;
  @ApiProperty({ type: [AgreementRefusalViewDto], description: 'Rifiuti della bozza corrente (la cronologia conserva i precedenti)' })
  refusals!: AgreementRefusalViewDto[];
  @ApiProperty({ type: 'integer', minimum: 0, description: 'Quante volte la bozza è stata inviata per la firma' }) rounds!: number;
  @ApiProperty({ type: [CommitmentTermViewDto], description: 'Scadenze degli impegni, dopo l’entrata in vigore' })
  commitmentTerms!: CommitmentTermViewDto[];
  @ApiProperty({ type: AgreementConclusionDto, nullable: true }) conclusion!: AgreementConclusionDto | null;
}
