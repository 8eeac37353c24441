import { Module } from '@nestjs/common';
import { SavedFiltersController } from './saved-filters.controller';

@Module({ controllers: [SavedFiltersController] })
export class SavedFiltersModule {}
