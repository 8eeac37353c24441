import { Module } from '@nestjs/common';
import { CasesModule } from '../cases/cases.module';
import { DocumentsModule } from '../documents/documents.module';
import { ConcertationConferencesController } from './concertation-conferences.controller';
import { ConcertationConferencesService } from './concertation-conferences.service';
import { ConferenceAnswerLinksController } from './conference-answer-links.controller';

@Module({
  imports: [CasesModule, DocumentsModule],
  controllers: [ConcertationConferencesController, ConferenceAnswerLinksController],
  providers: [ConcertationConferencesService],
})
export class ConcertationConferencesModule {}
