import { Field, InputType, ObjectType } from '@nestjs/graphql';
import { IsString, Matches, MaxLength } from 'class-validator';
import { NOT_BLANK } from '../graphql/input-fields';
import { RECOVERY_CODE_COUNT } from './totp';

@ObjectType('TotpEnrollment', { description: 'TOTP 绑定信息：用验证器应用扫描 otpauthUri（或手工输入 secret），再用 confirmTotp 确认' })
export class TotpEnrollmentModel {
  @Field({ description: 'Base32 密钥（只显示这一次）' }) secret: string;
  @Field({ description: 'otpauth:// 链接（RFC 6238：SHA1，6 位，30 秒）' }) otpauthUri: string;
}

/**
 * Named `RecoveryCodeSet`, not `RecoveryCodes`: its field `recoveryCodes` (a name clients code against) would
 * start with the type's name (no-typename-prefix). An output type only, so queries that select the field are
 * unchanged; only a fragment on the old type name or a generated type name changes.
 */
@ObjectType('RecoveryCodeSet', { description: '一组恢复码：每个只能用一次，只显示这一次，请妥善保存' })
export class RecoveryCodesModel {
  @Field(() => [String], { description: `恢复码（如 k7xq-2m9p-hc4d），共 ${RECOVERY_CODE_COUNT} 个，最多 ${RECOVERY_CODE_COUNT} 个；重新生成后旧的全部作废` })
  recoveryCodes: string[];
}

@InputType({ description: '输入动态码确认' })
export class TotpCodeInput {
  @Field({ description: '验证器应用显示的 6 位动态码（停用、重新生成恢复码时也可填恢复码）' })
  @IsString() @MaxLength(32) @Matches(NOT_BLANK, { message: '请填写动态码' })
  code: string;
}
