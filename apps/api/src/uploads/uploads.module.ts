import { Module } from '@nestjs/common';
import { DocumentsModule } from '../documents/documents.module';
import { UploadsController } from './uploads.controller';

@Module({ imports: [DocumentsModule], controllers: [UploadsController] })
export class UploadsModule {}
