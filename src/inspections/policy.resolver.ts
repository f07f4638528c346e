import { Args, Query, Resolver } from '@nestjs/graphql';
import { SignedIn } from '../kernel/access.decorators';
import { Clock } from '../common/clock';
import { AsOfArgs } from './inspections.args';
import { InspectionPolicyService } from './policy.service';
import { InspectionPolicyModel } from './policy.types';

/** The inspections policy in force on a day. */
@Resolver()
export class InspectionPolicyResolver {
  constructor(private readonly policies: InspectionPolicyService, private readonly clock: Clock) {}

  @SignedIn()
  @Query(() => InspectionPolicyModel, { description: '某日生效的检查政策参数' })
  async inspectionPolicy(@Args() args: AsOfArgs): Promise<InspectionPolicyModel> {
    return InspectionPolicyModel.from(await this.policies.on(args.asOf ?? this.clock.today()));
  }
}
