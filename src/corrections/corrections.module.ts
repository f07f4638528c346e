import { Module } from '@nestjs/common';
import { CorrectionService } from './correction.service';

/**
 * Corrections with history, shared by the domains whose records can be corrected (people, fires, hazards, villages'
 * records, work plans): it depends on the database and the clock only, so any domain may import it.
 */
@Module({
  providers: [CorrectionService],
  exports: [CorrectionService],
})
export class CorrectionsModule {}
