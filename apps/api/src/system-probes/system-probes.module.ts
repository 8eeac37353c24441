import { Module } from '@nestjs/common';
import { SystemProbesController } from './system-probes.controller';
import { SystemProbesService } from './system-probes.service';

@Module({ controllers: [SystemProbesController], providers: [SystemProbesService] })
export class SystemProbesModule {}
