import { Module } from '@nestjs/common';
import { FundLedger, FundReports, SoilQuotaExchanges } from '@cmm/persistence';
import { DataSource } from 'typeorm';
import { FundController } from './fund.controller';
import { FundService } from './fund.service';
import { SoilExchangesController } from './soil-exchanges.controller';

// The ledger's classes wrap the one DataSource, like the repositories of the database module.
const LEDGER = [FundLedger, FundReports, SoilQuotaExchanges];

@Module({
  controllers: [FundController, SoilExchangesController],
  providers: [
    FundService,
    ...LEDGER.map((Class) => ({ provide: Class, inject: [DataSource], useFactory: (dataSource: DataSource) => new Class(dataSource) })),
  ],
})
export class FundModule {}
